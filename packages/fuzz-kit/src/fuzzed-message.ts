/**
 * What fuzzing sends: JSON values as providers send them, the wire message that carries them,
 * and a fuzzed message that prints as a short excerpt in a failing property's report.
 */
import fc from 'fast-check';

/** A JSON value as providers send it. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };
/** A JSON object: every provider message is one. */
export type JsonObject = { [key: string]: JsonValue };
/** One inbound WebSocket message: a text frame or a binary frame. */
export type WireMessage = string | Uint8Array;

/** Characters of a message shown when a property fails (a message may be 60 kB of brackets). */
export const SHOWN_MESSAGE_CHARACTERS = 600;
/** Characters kept from the end of a message that is too long to show whole. */
const SHOWN_TAIL_CHARACTERS = 100;

/**
 * `message` in one line: its framing, its length, and its text (latin1 for a binary frame),
 * cut in the middle to about `shownCharacters` when longer.
 */
export function describeWireMessage(
  message: WireMessage,
  shownCharacters = SHOWN_MESSAGE_CHARACTERS,
): string {
  const text = typeof message === 'string' ? message : Buffer.from(message).toString('latin1');
  const tail = Math.min(SHOWN_TAIL_CHARACTERS, Math.floor(shownCharacters / 6));
  const shown =
    text.length <= shownCharacters
      ? text
      : `${text.slice(0, shownCharacters - tail)}…${text.slice(-tail)}`;
  const framing = typeof message === 'string' ? 'text' : 'binary';
  return `${framing} message of ${text.length} characters: ${JSON.stringify(shown)}`;
}

/** A fuzzed message; prints as a short excerpt, so a failing property's report stays readable. */
export class FuzzedMessage {
  constructor(
    /** What goes on the wire. */
    readonly data: WireMessage,
  ) {}

  [fc.toStringMethod](): string {
    return describeWireMessage(this.data);
  }
}
