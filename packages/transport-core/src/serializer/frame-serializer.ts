import type { Frame } from '../frames/frame.js';
import type { Logger } from '../logging/logger.js';
import type { HangUpOutcome } from '../telephony/call-hang-up.js';

/** A message on the wire: text (JSON) or bytes. */
export type SerializedMessage = string | Uint8Array;

/** What a serializer learns from the transport before the call starts. */
export interface FrameSerializerSetup {
  /** Rate of caller audio inside the pipeline, in Hz: inbound audio is resampled to it. */
  audioInSampleRate: number;
  /** Rate of bot audio as the output transport hands it over, in Hz. */
  audioOutSampleRate: number;
  /** Logger of the call. */
  logger: Logger;
}

/** What `deserialize` returns: one frame, several, or nothing to pass on. */
export type DeserializedFrames = Frame | readonly Frame[] | undefined;

/**
 * Converts between frames and one provider's wire protocol.
 *
 * - `deserialize` turns an inbound message into frames (caller audio already decoded and
 *   resampled to `audioInSampleRate`). A message the provider protocol does not allow, or that
 *   cannot be parsed, is refused by throwing a `MessageRejectedError` with a kind and reason;
 *   the transport skips it, counts it and logs it once per kind: the call goes on.
 * - `serialize` turns an outbound frame into a message, or `undefined` when there is nothing to
 *   send. It is synchronous: nothing on the wire waits for the network.
 * - `hangUp` (optional) ends the call on the provider's side, e.g. over its REST API. The output
 *   transport calls it once at the end of the call (`EndFrame` or `CancelFrame`), bounded by its
 *   `hangUpTimeoutMs`, and never after the caller hung up or the provider stopped the stream.
 * - `sendsDtmf` (optional) says whether `serialize` sends DTMF keys as a message the provider
 *   plays (Plivo `sendDTMF`); otherwise the output transport plays them as in-band tones.
 */
export interface FrameSerializer {
  /** Provider or protocol name, for logs (e.g. `twilio`). */
  readonly name: string;
  /**
   * How `hangUp()` ended once it has settled, `undefined` before (or for a serializer without
   * one). `skipped` means nothing was sent.
   */
  readonly hangUpOutcome?: HangUpOutcome | undefined;
  /**
   * True when `serialize` turns `OutputDTMFFrame` and `OutputDTMFUrgentFrame` into a message that
   * plays the keys on the line. When false or absent, the output transport never gives it DTMF
   * frames: it plays the keys as in-band tones (ITU-T Q.23) in the bot's audio instead.
   */
  readonly sendsDtmf?: boolean;
  /** Called once by the transport before any other method. */
  setup(setup: FrameSerializerSetup): void;
  /** Frame → wire message, or `undefined` to send nothing. */
  serialize(frame: Frame): SerializedMessage | undefined;
  /** Wire message → frames. Throws `MessageRejectedError` for messages it refuses. */
  deserialize(data: string | Uint8Array): DeserializedFrames;
  /** Ends the call on the provider's side, at most once; resolves with how it went, never rejects. */
  hangUp?(): Promise<HangUpOutcome>;
}
