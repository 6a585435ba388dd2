/** Longest part of the answer's body kept in a `WebhookRefusedError`, in characters. */
export const WEBHOOK_ERROR_BODY_CHARS = 2_000;
/** Longest part of the answer's body quoted in the error message, in characters. */
const MESSAGE_BODY_CHARS = 200;

/** Why dialing through the webhook failed. */
export type WebhookFailureReason =
  /** The server answered with a status other than 2xx (e.g. 403 for a bad signature). */
  | 'status'
  /** A 2xx answer without a usable `<Stream>` (none, a one-way one, or no WebSocket URL). */
  | 'no-stream'
  /** The answer was larger than the simulator reads. */
  | 'too-large'
  /** No whole answer within the timeout. */
  | 'timeout'
  /** The request could not be sent (connection refused, unknown host, …). */
  | 'unreachable';

/**
 * The bot's server did not answer the provider's call webhook with markup that starts a
 * stream, so the provider would not connect the call: `startCall` rejects with this before
 * opening any WebSocket.
 */
export class WebhookRefusedError extends Error {
  /** The webhook URL posted to. */
  readonly url: string;
  /** What went wrong. */
  readonly reason: WebhookFailureReason;
  /** HTTP status of the answer; undefined when none came (timeout, unreachable). */
  readonly statusCode: number | undefined;
  /** Start of the answer's body, if any. */
  readonly body: string;

  constructor(
    url: string,
    reason: WebhookFailureReason,
    detail: string,
    statusCode: number | undefined = undefined,
    body = '',
  ) {
    const snippet = body.trim().slice(0, MESSAGE_BODY_CHARS);
    super(`the webhook ${url} ${detail}${snippet ? `: ${snippet}` : ''}`);
    this.name = 'WebhookRefusedError';
    this.url = url;
    this.reason = reason;
    this.statusCode = statusCode;
    this.body = body.slice(0, WEBHOOK_ERROR_BODY_CHARS);
  }
}
