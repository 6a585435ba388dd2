import {
  type DeserializedFrames,
  type Frame,
  type FrameSerializer,
  type FrameSerializerSetup,
  type HangUpOutcome,
  InterruptionFrame,
  isMessageRejectedError,
  type SerializedMessage,
} from '@x/transport-core';
import type { CallTrafficMetrics } from './call-traffic-metrics.js';

/**
 * Wraps a call's serializer (the server kit's `wrapSerializer`) to count what crosses the wire in
 * `CallTrafficMetrics`: frames in, messages out, interruptions (clear messages), rejected
 * messages and the REST hang-up's outcome. Adds no per-frame allocation. The hang-up and its
 * outcome are the wrapped serializer's.
 */
export class CountingSerializer implements FrameSerializer {
  readonly #inner: FrameSerializer;
  readonly #metrics: CallTrafficMetrics;
  readonly #label: string;

  /**
   * @param inner the provider's serializer
   * @param metrics where to count
   * @param label the `provider` label (`twilio`, `telnyx`, `plivo` or `softphone`)
   */
  constructor(inner: FrameSerializer, metrics: CallTrafficMetrics, label: string) {
    this.#inner = inner;
    this.#metrics = metrics;
    this.#label = label;
  }

  get name(): string {
    return this.#inner.name;
  }

  /** The wrapped serializer. */
  get inner(): FrameSerializer {
    return this.#inner;
  }

  /** True when the wrapped serializer sends DTMF keys itself (Plivo); else they go out as tones. */
  get sendsDtmf(): boolean {
    return this.#inner.sendsDtmf === true;
  }

  /** How the wrapped serializer's hang-up ended, once settled (`undefined` without one). */
  get hangUpOutcome(): HangUpOutcome | undefined {
    return this.#inner.hangUpOutcome;
  }

  setup(setup: FrameSerializerSetup): void {
    this.#inner.setup(setup);
  }

  serialize(frame: Frame): SerializedMessage | undefined {
    return this.#countOut(frame, this.#inner.serialize(frame));
  }

  /** The wrapped serializer's hang-up, its outcome counted; `skipped` when it has none. */
  async hangUp(): Promise<HangUpOutcome> {
    const outcome = (await this.#inner.hangUp?.()) ?? 'skipped';
    if (outcome !== 'skipped') this.#metrics.hangUp(this.#label, outcome);
    return outcome;
  }

  deserialize(data: string | Uint8Array): DeserializedFrames {
    try {
      const frames = this.#inner.deserialize(data);
      if (frames !== undefined) {
        this.#metrics.framesIn(this.#label, Array.isArray(frames) ? frames.length : 1);
      }
      return frames;
    } catch (error) {
      if (isMessageRejectedError(error)) this.#metrics.protocolError(this.#label, error.kind);
      throw error;
    }
  }

  #countOut(frame: Frame, message: SerializedMessage | undefined): SerializedMessage | undefined {
    if (message === undefined) return undefined;
    this.#metrics.frameOut(this.#label);
    if (InterruptionFrame.is(frame)) this.#metrics.interruption(this.#label);
    return message;
  }
}
