/**
 * Why a serializer refused an inbound message. Common kinds: `invalid-json`, `binary-message`,
 * `unknown-event`, `invalid-message` (a required field is missing or has the wrong type),
 * `invalid-audio`, `invalid-dtmf`, `unsupported-codec`, `stream-mismatch`.
 */
export type MessageRejectionKind =
  | 'invalid-json'
  | 'binary-message'
  | 'unknown-event'
  | 'invalid-message'
  | 'invalid-audio'
  | 'invalid-dtmf'
  | 'unsupported-codec'
  | 'stream-mismatch'
  | (string & {});

const ERROR_NAME = 'MessageRejectedError';

/**
 * Thrown by `FrameSerializer.deserialize` for a message it refuses. The transport catches it,
 * skips the message, counts it by `kind` and logs the first one of each kind.
 */
export class MessageRejectedError extends Error {
  override readonly name = ERROR_NAME;
  constructor(
    /** Short machine-readable category, used to count and log once per kind. */
    readonly kind: MessageRejectionKind,
    /** Human-readable reason naming the offending field or value. */
    readonly reason: string,
  ) {
    super(`${kind}: ${reason}`);
  }
}

/** True for a `MessageRejectedError`, even from another copy of this package. */
export function isMessageRejectedError(error: unknown): error is MessageRejectedError {
  return (
    error instanceof Error &&
    error.name === ERROR_NAME &&
    typeof (error as { kind?: unknown }).kind === 'string'
  );
}
