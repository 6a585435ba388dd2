import type { ServerResponse } from 'node:http';

/** Headers on every answer: nothing is cached, and no content type is guessed. */
const COMMON_HEADERS = Object.freeze({
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

/** Content type of JSON answers. */
export const JSON_CONTENT_TYPE = 'application/json';

/** Answers with `status`, `contentType` and `body` (and any extra headers). */
export function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

/** Answers with a line of plain text. */
export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  send(response, status, 'text/plain; charset=utf-8', `${text}\n`, headers);
}
