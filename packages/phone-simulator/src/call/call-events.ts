import type { ProtocolViolation } from '../providers/provider-dialect.js';

/** A rule the bot broke, with when and in which message. */
export interface ProtocolError extends ProtocolViolation {
  /** Call time the message arrived, in milliseconds. */
  atMs: number;
  /** The offending message (cut to a readable length; binary frames are described). */
  message: string;
}

/**
 * Who ended the call: the caller, the bot (it closed the socket), the provider's REST API (a
 * hang-up request to the fake provider API for this call), or a socket error.
 */
export type HangUpSide = 'caller' | 'bot' | 'api' | 'error';

/** Something that happened on the call, at call time `atMs` (milliseconds since the stream began). */
export type CallEvent =
  /** The bot's first audio arrived. */
  | { type: 'first-bot-audio'; atMs: number }
  /** A bot utterance started playing to the caller. */
  | { type: 'bot-audio-start'; atMs: number }
  /** A bot utterance ended: it played out (`drained`) or the bot cleared it (`cleared`). */
  | { type: 'bot-audio-end'; atMs: number; reason: 'drained' | 'cleared' }
  /** The bot cleared playback; `discardedMs` of buffered audio was dropped. */
  | { type: 'clear'; atMs: number; discardedMs: number; pendingMarks: string[] }
  /** The provider answered a mark / checkpoint; `onClear` when a clear released it unplayed. */
  | { type: 'mark'; atMs: number; name: string; onClear: boolean }
  /** The bot asked the provider to play DTMF digits (Plivo `sendDTMF`). */
  | { type: 'bot-dtmf'; atMs: number; digits: string }
  /** A bot message broke the provider's protocol. */
  | { type: 'protocol-error'; atMs: number; error: ProtocolError }
  /** The caller pressed a DTMF digit. */
  | { type: 'dtmf'; atMs: number; digit: string }
  /** Everything the caller was given to say has been sent. */
  | { type: 'caller-audio-end'; atMs: number }
  /** The socket closed. */
  | { type: 'closed'; atMs: number; code: number; reason: string; by: HangUpSide };

/** Names of call events. */
export type CallEventType = CallEvent['type'];

/** The event of type `T`. */
export type CallEventOf<T extends CallEventType> = Extract<CallEvent, { type: T }>;

/** Event name → handler arguments, for `SimulatedCall.on`. */
export type CallEventMap = { [T in CallEventType]: [CallEventOf<T>] };

/** Every call event name. */
export const CALL_EVENT_TYPES: readonly CallEventType[] = Object.freeze([
  'first-bot-audio',
  'bot-audio-start',
  'bot-audio-end',
  'clear',
  'mark',
  'bot-dtmf',
  'protocol-error',
  'dtmf',
  'caller-audio-end',
  'closed',
]);
