import { FRAME_DURATION_MS } from '../audio/caller-audio.js';
import { completeCallIds } from './complete-call-ids.js';
import {
  checkPayload,
  describeUnreadable,
  extraKeys,
  type JsonObject,
  objectAt,
  quoteList,
  readJsonObject,
  typeName,
} from './message-reading.js';
import type {
  BotMessageReading,
  CallIds,
  DialectOptions,
  ProtocolViolation,
  ProviderDialect,
} from './provider-dialect.js';

/** Twilio warning 31950: a binary frame ("Malformed Message"). */
export const TWILIO_MALFORMED_MESSAGE = 31950;
/** Twilio warning 31951: not JSON, unknown event, missing or extra field, wrong streamSid. */
export const TWILIO_INVALID_MESSAGE = 31951;
/** Twilio error 31924: a bidirectional message other than media, mark or clear. */
export const TWILIO_PROTOCOL_ERROR = 31924;

/** Events Twilio sends and never accepts from the server. */
const TWILIO_SENT_EVENTS = ['connected', 'start', 'stop', 'dtmf'];

/**
 * Twilio Media Streams (bidirectional `<Connect><Stream>`): `connected` then `start`, 20 ms
 * μ-law `media` messages with string `sequenceNumber`, `chunk` and `timestamp`, `dtmf`, marks
 * echoed when their audio has played (and all pending ones on `clear`), `stop` on hang-up.
 * Bot messages are held to §1.3 of the protocol reference: only `media`, `mark` and `clear`,
 * with exactly the documented fields and this stream's `streamSid`.
 */
export class TwilioDialect implements ProviderDialect {
  readonly provider = 'twilio';
  readonly ids: CallIds;
  readonly answersPendingMarksOnClear = true;
  readonly #customParameters: Record<string, string>;
  #sequenceNumber = 0;

  constructor(options: DialectOptions = {}) {
    this.ids = completeCallIds('twilio', options.ids);
    this.#customParameters = { ...(options.customParameters ?? {}) };
  }

  openingMessages(): string[] {
    const connected = { event: 'connected', protocol: 'Call', version: '1.0.0' };
    const start = {
      event: 'start',
      sequenceNumber: this.#nextSequenceNumber(),
      start: {
        accountSid: this.ids.accountId,
        streamSid: this.ids.streamId,
        callSid: this.ids.callId,
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        customParameters: this.#customParameters,
      },
      streamSid: this.ids.streamId,
    };
    return [JSON.stringify(connected), JSON.stringify(start)];
  }

  mediaMessage(payload: string, frameIndex: number): string {
    // built by hand: this runs for every 20 ms frame of every call, and every part is JSON-safe
    return `{"event":"media","sequenceNumber":"${this.#nextSequenceNumber()}","media":{"track":"inbound","chunk":"${frameIndex + 1}","timestamp":"${frameIndex * FRAME_DURATION_MS}","payload":"${payload}"},"streamSid":"${this.ids.streamId}"}`;
  }

  dtmfMessage(digit: string): string {
    return JSON.stringify({
      event: 'dtmf',
      streamSid: this.ids.streamId,
      sequenceNumber: this.#nextSequenceNumber(),
      dtmf: { track: 'inbound_track', digit },
    });
  }

  stopMessage(): string {
    return JSON.stringify({
      event: 'stop',
      sequenceNumber: this.#nextSequenceNumber(),
      stop: { accountSid: this.ids.accountId, callSid: this.ids.callId },
      streamSid: this.ids.streamId,
    });
  }

  markAnswer(name: string): string {
    return JSON.stringify({
      event: 'mark',
      sequenceNumber: this.#nextSequenceNumber(),
      streamSid: this.ids.streamId,
      mark: { name },
    });
  }

  clearAnswer(): undefined {
    return undefined;
  }

  errorMessage(): undefined {
    // Twilio reports errors to its Debugger, never on the socket
    return undefined;
  }

  readBotMessage(data: string | Uint8Array): BotMessageReading {
    const message = readJsonObject(data);
    if (typeof message === 'string') {
      const code = message === 'binary-frame' ? TWILIO_MALFORMED_MESSAGE : TWILIO_INVALID_MESSAGE;
      return rejected(code, message, describeUnreadable(message, data));
    }
    const event = message.event;
    if (typeof event !== 'string') {
      return rejected(
        TWILIO_INVALID_MESSAGE,
        'missing-field',
        `"event" must be a string, got ${typeName(event)}`,
      );
    }
    switch (event) {
      case 'media':
        return this.#readMedia(message);
      case 'mark':
        return this.#readMark(message);
      case 'clear': {
        const problem = this.#checkEnvelope(message, ['event', 'streamSid']);
        return problem ? { violations: [problem] } : { command: { kind: 'clear' }, violations: [] };
      }
      default:
        if (event === 'dtmf') {
          return rejected(
            TWILIO_PROTOCOL_ERROR,
            'dtmf-not-supported',
            'sending DTMF from the server is not supported by Twilio Media Streams',
          );
        }
        if (TWILIO_SENT_EVENTS.includes(event)) {
          return rejected(
            TWILIO_PROTOCOL_ERROR,
            'unsupported-event',
            `"${event}" is a message Twilio sends; the server may send only media, mark and clear`,
          );
        }
        return rejected(
          TWILIO_INVALID_MESSAGE,
          'unknown-event',
          `unknown event "${event}"; the server may send only media, mark and clear`,
        );
    }
  }

  #readMedia(message: JsonObject): BotMessageReading {
    const problem = this.#checkEnvelope(message, ['event', 'streamSid', 'media']);
    if (problem) return { violations: [problem] };
    const media = objectAt(message, 'media');
    if (!media) {
      return rejected(
        TWILIO_INVALID_MESSAGE,
        'missing-field',
        '"media" must be an object with a "payload"',
      );
    }
    const extra = extraKeys(media, ['payload']);
    if (extra.length > 0) {
      return rejected(
        TWILIO_INVALID_MESSAGE,
        'extra-field',
        `"media" may hold only "payload", got extra ${quoteList(extra)}`,
      );
    }
    const payload = checkPayload(media.payload, 'media.payload');
    if (!payload.ok) return rejected(TWILIO_INVALID_MESSAGE, 'invalid-payload', payload.detail);
    return {
      command: { kind: 'audio', payload: media.payload as string, byteLength: payload.byteLength },
      violations: payload.warnings,
    };
  }

  #readMark(message: JsonObject): BotMessageReading {
    const problem = this.#checkEnvelope(message, ['event', 'streamSid', 'mark']);
    if (problem) return { violations: [problem] };
    const mark = objectAt(message, 'mark');
    if (!mark || typeof mark.name !== 'string') {
      return rejected(
        TWILIO_INVALID_MESSAGE,
        'missing-field',
        '"mark" must be an object with a string "name"',
      );
    }
    const extra = extraKeys(mark, ['name']);
    if (extra.length > 0) {
      return rejected(
        TWILIO_INVALID_MESSAGE,
        'extra-field',
        `"mark" may hold only "name", got extra ${quoteList(extra)}`,
      );
    }
    return { command: { kind: 'mark', name: mark.name }, violations: [] };
  }

  /** Checks the top-level fields and the stream SID; returns the violation, if any. */
  #checkEnvelope(message: JsonObject, allowed: readonly string[]): ProtocolViolation | undefined {
    const event = message.event as string;
    const extra = extraKeys(message, allowed);
    if (extra.length > 0) {
      return violation(
        TWILIO_INVALID_MESSAGE,
        'extra-field',
        `"${event}" may hold only ${quoteList(allowed)}, got extra ${quoteList(extra)}`,
      );
    }
    const missing = allowed.filter((key) => message[key] === undefined);
    if (missing.length > 0) {
      return violation(
        TWILIO_INVALID_MESSAGE,
        'missing-field',
        `"${event}" lacks ${quoteList(missing)}`,
      );
    }
    if (message.streamSid !== this.ids.streamId) {
      return violation(
        TWILIO_INVALID_MESSAGE,
        'wrong-stream-id',
        `"streamSid" ${JSON.stringify(message.streamSid)} is not this stream's "${this.ids.streamId}"`,
      );
    }
    return undefined;
  }

  #nextSequenceNumber(): string {
    this.#sequenceNumber++;
    return String(this.#sequenceNumber);
  }
}

function violation(code: number, rule: string, detail: string): ProtocolViolation {
  return { code, rule, detail, rejected: true };
}

function rejected(code: number, rule: string, detail: string): BotMessageReading {
  return { violations: [violation(code, rule, detail)] };
}
