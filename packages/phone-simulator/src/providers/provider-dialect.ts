import type { ProviderName } from './provider-name.js';

/** The ids a call carries, in the provider's own formats. */
export interface CallIds {
  /** Twilio `AC…` account SID, Telnyx `user_id`, Plivo `MA…` auth id. */
  accountId: string;
  /** Twilio `CA…` call SID, Telnyx `call_control_id` (`v2:…`), Plivo `callId` (UUID). */
  callId: string;
  /** Twilio `MZ…` stream SID, Telnyx `stream_id`, Plivo `streamId` (UUIDs for both). */
  streamId: string;
}

/** Something the bot asked the provider to do, read from a valid (or tolerated) message. */
export type BotCommand =
  | { kind: 'audio'; payload: string; byteLength: number }
  | { kind: 'mark'; name: string }
  | { kind: 'clear' }
  | { kind: 'dtmf'; digits: string };

/** A rule of the provider's protocol that a bot message broke. */
export interface ProtocolViolation {
  /** The provider's error or warning code when it documents one (Twilio 31951, Telnyx 100003…). */
  code?: number;
  /** Short kebab-case rule name, e.g. `extra-field`, `wrong-stream-id`, `invalid-payload`. */
  rule: string;
  /** A sentence saying what is wrong, naming the bad value. */
  detail: string;
  /** True when the provider drops the message; false when it still acts on it (a warning). */
  rejected: boolean;
}

/** What one bot message means: a command (unless rejected) and any rules it broke. */
export interface BotMessageReading {
  /** The command to carry out; absent when the message was rejected or needs no action. */
  command?: BotCommand;
  /** Rules broken by the message (empty for a valid one). */
  violations: ProtocolViolation[];
}

/**
 * One provider's side of the media-stream protocol for one call: it writes the messages the
 * provider sends (with the provider's ids, sequence numbers, chunks and timestamps) and reads
 * the bot's messages the way the provider would, flagging what the provider rejects.
 * Each call gets its own dialect (it keeps the sequence counter).
 */
export interface ProviderDialect {
  /** Which provider this is. */
  readonly provider: ProviderName;
  /** The call's ids. */
  readonly ids: CallIds;
  /** Whether pending marks are answered when the bot clears (Twilio, Telnyx) or dropped (Plivo). */
  readonly answersPendingMarksOnClear: boolean;
  /** Messages sent as soon as the socket opens, in order (`connected` and/or `start`). */
  openingMessages(): string[];
  /** The media message carrying caller frame `frameIndex` (0-based, 20 ms each). */
  mediaMessage(payload: string, frameIndex: number): string;
  /** The message for one DTMF digit pressed at call time `atMs`. */
  dtmfMessage(digit: string, atMs: number): string;
  /** The message sent before closing when the caller hangs up, if the provider sends one. */
  stopMessage(): string | undefined;
  /** The answer to a mark (or checkpoint) whose audio has played. */
  markAnswer(name: string): string;
  /** The answer to a clear, if the provider sends one (Plivo `clearedAudio`). */
  clearAnswer(): string | undefined;
  /** The error frame sent back for a rejected message, if the provider sends one (Telnyx). */
  errorMessage(violation: ProtocolViolation): string | undefined;
  /** Reads one message from the bot. */
  readBotMessage(data: string | Uint8Array): BotMessageReading;
}

/** Options every dialect takes. */
export interface DialectOptions {
  /** Ids to use instead of generated ones. */
  ids?: Partial<CallIds>;
  /** Custom parameters (Twilio `customParameters`, Telnyx `custom_parameters`, Plivo `extra_headers`). */
  customParameters?: Record<string, string>;
  /** Caller number (Telnyx `start.from`). */
  from?: string;
  /** Called number (Telnyx `start.to`). */
  to?: string;
  /** Wall-clock time the stream started, for absolute timestamps (Telnyx `occurred_at`, Plivo media). */
  startedAtEpochMs?: number;
}

/** DTMF digits a caller can press. */
export const DTMF_DIGITS = '0123456789*#ABCD';

/** Throws naming the first character of `digits` that is not a DTMF digit. */
export function checkDtmfDigits(digits: string): void {
  if (digits.length === 0) throw new RangeError('DTMF digits must not be empty');
  for (const digit of digits) {
    if (!DTMF_DIGITS.includes(digit)) {
      throw new RangeError(
        `"${digit}" in "${digits}" is not a DTMF digit (expected 0-9, *, #, A-D)`,
      );
    }
  }
}
