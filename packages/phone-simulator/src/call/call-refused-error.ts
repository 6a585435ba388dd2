/** The bot's server answered the WebSocket upgrade with an HTTP status instead of switching. */
export class CallRefusedError extends Error {
  /** The URL called. */
  readonly url: string;
  /** HTTP status of the refusal (e.g. 403 for a bad signature). */
  readonly statusCode: number;
  /** Start of the response body, if any. */
  readonly body: string;

  constructor(url: string, statusCode: number, body: string) {
    super(
      `the server refused the call to ${url} with HTTP ${statusCode}${body ? `: ${body.slice(0, 200)}` : ''}`,
    );
    this.name = 'CallRefusedError';
    this.url = url;
    this.statusCode = statusCode;
    this.body = body.slice(0, 2_000);
  }
}
