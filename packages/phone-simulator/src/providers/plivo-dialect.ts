import { FRAME_DURATION_MS } from '../audio/caller-audio.js';
import type { MediaCodec } from '../audio/media-codec.js';
import { completeCallIds } from './complete-call-ids.js';
import {
  checkPayload,
  describeUnreadable,
  type JsonObject,
  objectAt,
  readJsonObject,
  typeName,
} from './message-reading.js';
import {
  type BotMessageReading,
  type CallIds,
  type DialectOptions,
  DTMF_DIGITS,
  type ProviderDialect,
} from './provider-dialect.js';

/** `playAudio` content types and the sample rates Plivo accepts with each. */
export const PLIVO_PLAY_AUDIO_FORMATS: Readonly<Record<string, readonly number[]>> = Object.freeze({
  'audio/x-mulaw': Object.freeze([8000]),
  'audio/x-l16': Object.freeze([8000, 16000]),
});

/** Options of the Plivo dialect. */
export interface PlivoDialectOptions extends DialectOptions {
  /** The stream's codec (`contentType` of the `<Stream>`). */
  codec: MediaCodec;
}

/**
 * Plivo audio streaming (bidirectional `<Stream>`): `start` first (no `connected`), 20 ms `media`
 * messages with numeric `sequenceNumber` and `chunk` and a string epoch-millisecond
 * `timestamp`, `extra_headers` on every message when set, `dtmf`, `playedStream` when a
 * checkpoint's audio has played, `clearedAudio` after `clearAudio`. Pending checkpoints get no
 * answer after `clearAudio` (unverified upstream; see the README). Bot messages may be
 * `playAudio` (format allowed and equal to the stream's), `checkpoint`, `clearAudio` and
 * `sendDTMF`.
 */
export class PlivoDialect implements ProviderDialect {
  readonly provider = 'plivo';
  readonly ids: CallIds;
  readonly answersPendingMarksOnClear = false;
  readonly #codec: MediaCodec;
  readonly #contentType: string;
  readonly #extraHeaders: string | undefined;
  readonly #extraHeadersField: string;
  readonly #startedAtEpochMs: number;
  #sequenceNumber = 0;

  constructor(options: PlivoDialectOptions) {
    this.ids = completeCallIds('plivo', options.ids);
    this.#codec = options.codec;
    this.#contentType = options.codec.name === 'PCMU' ? 'audio/x-mulaw' : 'audio/x-l16';
    const parameters = Object.entries(options.customParameters ?? {});
    this.#extraHeaders =
      parameters.length > 0
        ? parameters.map(([key, value]) => `${key}=${value}`).join(';')
        : undefined;
    this.#extraHeadersField =
      this.#extraHeaders === undefined
        ? ''
        : `,"extra_headers":${JSON.stringify(this.#extraHeaders)}`;
    this.#startedAtEpochMs = options.startedAtEpochMs ?? Date.now();
  }

  openingMessages(): string[] {
    const start: JsonObject = {
      event: 'start',
      sequenceNumber: this.#nextSequenceNumber(),
      start: {
        callId: this.ids.callId,
        streamId: this.ids.streamId,
        accountId: this.ids.accountId,
        tracks: ['inbound'],
        mediaFormat: { encoding: this.#contentType, sampleRate: this.#codec.sampleRate },
      },
    };
    if (this.#extraHeaders !== undefined) start.extra_headers = this.#extraHeaders;
    return [JSON.stringify(start)];
  }

  mediaMessage(payload: string, frameIndex: number): string {
    const timestamp = this.#startedAtEpochMs + frameIndex * FRAME_DURATION_MS;
    return `{"event":"media","sequenceNumber":${this.#nextSequenceNumber()},"streamId":"${this.ids.streamId}","media":{"track":"inbound","timestamp":"${timestamp}","chunk":${frameIndex + 1},"payload":"${payload}"}${this.#extraHeadersField}}`;
  }

  dtmfMessage(digit: string, atMs: number): string {
    const message: JsonObject = {
      event: 'dtmf',
      sequenceNumber: this.#nextSequenceNumber(),
      streamId: this.ids.streamId,
      dtmf: {
        track: 'inbound',
        digit,
        timestamp: String(Math.round(this.#startedAtEpochMs + atMs)),
      },
    };
    if (this.#extraHeaders !== undefined) message.extra_headers = this.#extraHeaders;
    return JSON.stringify(message);
  }

  stopMessage(): string {
    return JSON.stringify({
      event: 'stop',
      sequenceNumber: this.#nextSequenceNumber(),
      streamId: this.ids.streamId,
      reason: 'hangup',
    });
  }

  markAnswer(name: string): string {
    return JSON.stringify({
      event: 'playedStream',
      sequenceNumber: this.#nextSequenceNumber(),
      streamId: this.ids.streamId,
      name,
    });
  }

  clearAnswer(): string {
    return JSON.stringify({
      sequenceNumber: this.#nextSequenceNumber(),
      event: 'clearedAudio',
      streamId: this.ids.streamId,
    });
  }

  errorMessage(): undefined {
    return undefined;
  }

  readBotMessage(data: string | Uint8Array): BotMessageReading {
    const message = readJsonObject(data);
    if (typeof message === 'string') return rejected(message, describeUnreadable(message, data));
    const event = message.event;
    if (typeof event !== 'string') {
      return rejected('missing-field', `"event" must be a string, got ${typeName(event)}`);
    }
    switch (event) {
      case 'playAudio':
        return this.#readPlayAudio(message);
      case 'checkpoint': {
        const problem = this.#checkStreamId(message, true);
        if (problem) return problem;
        if (typeof message.name !== 'string' || message.name.length === 0) {
          return rejected(
            'missing-field',
            `"checkpoint" needs a non-empty string "name", got ${typeName(message.name)}`,
          );
        }
        return { command: { kind: 'mark', name: message.name }, violations: [] };
      }
      case 'clearAudio':
        return this.#checkStreamId(message, true) ?? { command: { kind: 'clear' }, violations: [] };
      case 'sendDTMF': {
        const digits = message.dtmf;
        if (
          typeof digits !== 'string' ||
          digits.length === 0 ||
          [...digits].some((digit) => !DTMF_DIGITS.includes(digit.toUpperCase()))
        ) {
          return rejected(
            'invalid-dtmf',
            `"sendDTMF" needs "dtmf" as a string of 0-9, *, #, A-D, got ${JSON.stringify(digits)}`,
          );
        }
        return { command: { kind: 'dtmf', digits }, violations: [] };
      }
      default:
        return rejected(
          'unknown-event',
          `unknown event "${event}"; the server may send playAudio, checkpoint, clearAudio and sendDTMF`,
        );
    }
  }

  #readPlayAudio(message: JsonObject): BotMessageReading {
    const problem = this.#checkStreamId(message, false);
    if (problem) return problem;
    const media = objectAt(message, 'media');
    if (!media) {
      return rejected(
        'missing-field',
        '"media" must be an object with "contentType", "sampleRate" and "payload"',
      );
    }
    const contentType = media.contentType;
    const allowedRates =
      typeof contentType === 'string' ? PLIVO_PLAY_AUDIO_FORMATS[contentType] : undefined;
    if (!allowedRates) {
      return rejected(
        'invalid-content-type',
        `"media.contentType" must be "audio/x-mulaw" or "audio/x-l16", got ${JSON.stringify(contentType)}`,
      );
    }
    // Plivo's own doc example writes the rate as a string; its SDKs send a number: accept both
    const sampleRate =
      typeof media.sampleRate === 'string' && /^\d+$/.test(media.sampleRate)
        ? Number(media.sampleRate)
        : media.sampleRate;
    if (typeof sampleRate !== 'number' || !allowedRates.includes(sampleRate)) {
      return rejected(
        'invalid-sample-rate',
        `"media.sampleRate" ${JSON.stringify(media.sampleRate)} is not allowed with ${contentType} (allowed: ${allowedRates.join(', ')})`,
      );
    }
    if (contentType !== this.#contentType || sampleRate !== this.#codec.sampleRate) {
      return rejected(
        'codec-mismatch',
        `playAudio is ${contentType} at ${sampleRate} Hz but the stream is ${this.#contentType} at ${this.#codec.sampleRate} Hz; Plivo does not switch formats within a stream`,
      );
    }
    const payload = checkPayload(media.payload, 'media.payload');
    if (!payload.ok) return rejected('invalid-payload', payload.detail);
    if (payload.byteLength % this.#codec.bytesPerSample !== 0) {
      return rejected(
        'invalid-payload',
        `"media.payload" holds ${payload.byteLength} bytes, not whole 16-bit samples`,
      );
    }
    return {
      command: { kind: 'audio', payload: media.payload as string, byteLength: payload.byteLength },
      violations: payload.warnings,
    };
  }

  /** Checks `streamId` (required or optional); returns the rejection, if any. */
  #checkStreamId(message: JsonObject, required: boolean): BotMessageReading | undefined {
    const streamId = message.streamId;
    if (streamId === undefined && !required) return undefined;
    if (streamId !== this.ids.streamId) {
      return rejected(
        streamId === undefined ? 'missing-field' : 'wrong-stream-id',
        `"${message.event}" needs "streamId" "${this.ids.streamId}", got ${JSON.stringify(streamId)}`,
      );
    }
    return undefined;
  }

  #nextSequenceNumber(): number {
    this.#sequenceNumber++;
    return this.#sequenceNumber;
  }
}

function rejected(rule: string, detail: string): BotMessageReading {
  return { violations: [{ rule, detail, rejected: true }] };
}
