import { FRAME_DURATION_MS } from '../audio/caller-audio.js';
import type { MediaCodec } from '../audio/media-codec.js';
import { lowercaseUuid } from './call-ids.js';
import { completeCallIds } from './complete-call-ids.js';
import {
  checkPayload,
  describeUnreadable,
  type JsonObject,
  objectAt,
  readJsonObject,
  typeName,
} from './message-reading.js';
import { DEFAULT_CALLED_NUMBER, DEFAULT_CALLER_NUMBER } from './phone-numbers.js';
import type {
  BotMessageReading,
  CallIds,
  DialectOptions,
  ProtocolViolation,
  ProviderDialect,
} from './provider-dialect.js';

/** Telnyx error frame code for an incorrectly formatted frame. */
export const TELNYX_MALFORMED_FRAME = 100003;
/** Telnyx error frame code for media that is not valid base64 of the codec. */
export const TELNYX_INVALID_MEDIA = 100004;

const ERROR_TITLES: Record<number, string> = {
  [TELNYX_MALFORMED_FRAME]: 'malformed_frame',
  [TELNYX_INVALID_MEDIA]: 'invalid_media',
};

/** Shortest media chunk Telnyx documents for RTP mode. */
export const TELNYX_MIN_CHUNK_MS = 20;
/** Longest media chunk Telnyx documents for RTP mode. */
export const TELNYX_MAX_CHUNK_MS = 30_000;

/** Options of the Telnyx dialect. */
export interface TelnyxDialectOptions extends DialectOptions {
  /** The stream's codec (drives `media_format` and the payload checks). */
  codec: MediaCodec;
  /** `stream_auth_token`: sent in `connected` (and as an upgrade header by the call). */
  streamAuthToken?: string | undefined;
}

/**
 * Telnyx media streaming in bidirectional RTP mode: `connected` (with the stream auth token when
 * set) then `start` with `media_format`, 20 ms `media` messages with string `sequence_number`,
 * `chunk` and `timestamp`, `dtmf`, marks echoed when played (all pending ones on `clear`), `stop`
 * on hang-up, and `error` frames for messages Telnyx rejects. Bot messages may be `media`
 * (raw codec payload, 20 ms–30 s), `mark` and `clear` only.
 */
export class TelnyxDialect implements ProviderDialect {
  readonly provider = 'telnyx';
  readonly ids: CallIds;
  readonly answersPendingMarksOnClear = true;
  readonly #codec: MediaCodec;
  readonly #options: TelnyxDialectOptions;
  readonly #callSessionId = lowercaseUuid();
  readonly #startedAtEpochMs: number;
  #sequenceNumber = 0;

  constructor(options: TelnyxDialectOptions) {
    this.ids = completeCallIds('telnyx', options.ids);
    this.#codec = options.codec;
    this.#options = options;
    this.#startedAtEpochMs = options.startedAtEpochMs ?? Date.now();
  }

  openingMessages(): string[] {
    const connected: JsonObject = { event: 'connected', version: '1.0.0' };
    if (this.#options.streamAuthToken !== undefined) {
      connected.connected = { 'x-telnyx-streaming-auth-token': this.#options.streamAuthToken };
    }
    const start: JsonObject = {
      user_id: this.ids.accountId,
      call_control_id: this.ids.callId,
      call_session_id: this.#callSessionId,
      from: this.#options.from ?? DEFAULT_CALLER_NUMBER,
      to: this.#options.to ?? DEFAULT_CALLED_NUMBER,
    };
    if (this.#options.customParameters && Object.keys(this.#options.customParameters).length > 0) {
      start.custom_parameters = { ...this.#options.customParameters };
    }
    start.media_format = {
      encoding: this.#codec.name,
      sample_rate: this.#codec.sampleRate,
      channels: 1,
    };
    return [
      JSON.stringify(connected),
      JSON.stringify({
        event: 'start',
        sequence_number: this.#nextSequenceNumber(),
        stream_id: this.ids.streamId,
        start,
      }),
    ];
  }

  mediaMessage(payload: string, frameIndex: number): string {
    return `{"event":"media","sequence_number":"${this.#nextSequenceNumber()}","media":{"track":"inbound","chunk":"${frameIndex + 1}","timestamp":"${frameIndex * FRAME_DURATION_MS}","payload":"${payload}"},"stream_id":"${this.ids.streamId}"}`;
  }

  dtmfMessage(digit: string, atMs: number): string {
    return JSON.stringify({
      event: 'dtmf',
      stream_id: this.ids.streamId,
      occurred_at: new Date(this.#startedAtEpochMs + atMs).toISOString(),
      sequence_number: this.#nextSequenceNumber(),
      dtmf: { digit },
    });
  }

  stopMessage(): string {
    return JSON.stringify({
      event: 'stop',
      sequence_number: this.#nextSequenceNumber(),
      stop: { user_id: this.ids.accountId, call_control_id: this.ids.callId },
      stream_id: this.ids.streamId,
    });
  }

  markAnswer(name: string): string {
    return JSON.stringify({
      event: 'mark',
      sequence_number: this.#nextSequenceNumber(),
      stream_id: this.ids.streamId,
      mark: { name },
    });
  }

  clearAnswer(): undefined {
    return undefined;
  }

  errorMessage(violation: ProtocolViolation): string | undefined {
    if (!violation.rejected || violation.code === undefined) return undefined;
    return JSON.stringify({
      event: 'error',
      sequence_number: this.#nextSequenceNumber(),
      stream_id: this.ids.streamId,
      payload: {
        code: violation.code,
        title: ERROR_TITLES[violation.code],
        detail: violation.detail,
      },
    });
  }

  readBotMessage(data: string | Uint8Array): BotMessageReading {
    const message = readJsonObject(data);
    if (typeof message === 'string') {
      return malformed(message, describeUnreadable(message, data));
    }
    const event = message.event;
    if (typeof event !== 'string') {
      return malformed('missing-field', `"event" must be a string, got ${typeName(event)}`);
    }
    if (message.stream_id !== undefined && message.stream_id !== this.ids.streamId) {
      return malformed(
        'wrong-stream-id',
        `"stream_id" ${JSON.stringify(message.stream_id)} is not this stream's "${this.ids.streamId}"`,
      );
    }
    switch (event) {
      case 'media':
        return this.#readMedia(message);
      case 'mark': {
        const mark = objectAt(message, 'mark');
        if (!mark || typeof mark.name !== 'string') {
          return malformed('missing-field', '"mark" must be an object with a string "name"');
        }
        return { command: { kind: 'mark', name: mark.name }, violations: [] };
      }
      case 'clear':
        return { command: { kind: 'clear' }, violations: [] };
      default:
        return malformed(
          'unsupported-event',
          `"${event}" is not accepted: in RTP mode Telnyx takes only media, mark and clear`,
        );
    }
  }

  #readMedia(message: JsonObject): BotMessageReading {
    const media = objectAt(message, 'media');
    if (!media) return malformed('missing-field', '"media" must be an object with a "payload"');
    const payload = checkPayload(media.payload, 'media.payload');
    if (!payload.ok) return invalidMedia('invalid-payload', payload.detail);
    const codec = this.#codec;
    if (payload.byteLength % codec.bytesPerSample !== 0) {
      return invalidMedia(
        'invalid-payload',
        `"media.payload" holds ${payload.byteLength} bytes, not whole ${codec.name} samples of ${codec.bytesPerSample} bytes`,
      );
    }
    const durationMs = (payload.byteLength / codec.bytesPerSample / codec.sampleRate) * 1000;
    const violations = [...payload.warnings];
    if (durationMs < TELNYX_MIN_CHUNK_MS || durationMs > TELNYX_MAX_CHUNK_MS) {
      violations.push({
        rule: 'chunk-size',
        detail: `media chunk of ${formatMs(durationMs)} ms is outside Telnyx's documented ${TELNYX_MIN_CHUNK_MS} ms–${TELNYX_MAX_CHUNK_MS / 1000} s`,
        rejected: false,
      });
    }
    return {
      command: { kind: 'audio', payload: media.payload as string, byteLength: payload.byteLength },
      violations,
    };
  }

  #nextSequenceNumber(): string {
    this.#sequenceNumber++;
    return String(this.#sequenceNumber);
  }
}

function malformed(rule: string, detail: string): BotMessageReading {
  return { violations: [{ code: TELNYX_MALFORMED_FRAME, rule, detail, rejected: true }] };
}

function invalidMedia(rule: string, detail: string): BotMessageReading {
  return { violations: [{ code: TELNYX_INVALID_MEDIA, rule, detail, rejected: true }] };
}

function formatMs(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(2);
}
