import WebSocket from 'ws';
import { type CallOptions, defaultCallOptions } from './call-options.js';
import { CallRefusedError } from './call-refused-error.js';

/** Pieces of a refused upgrade's response body kept for the error. */
const MAX_REFUSAL_BODY_CHUNKS = 16;

/**
 * The URL to connect to: checked to be `ws:` or `wss:`, and without its query string for Twilio,
 * which drops it when it connects (unless `keepQueryString`).
 */
export function connectionUrl(
  url: string,
  options: Pick<CallOptions, 'provider' | 'keepQueryString'>,
): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`not a URL: "${url}"`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new RangeError(`the bot URL must be ws:// or wss://, got "${url}"`);
  }
  if (
    options.provider === 'twilio' &&
    !(options.keepQueryString ?? defaultCallOptions.keepQueryString)
  ) {
    parsed.search = '';
  }
  return parsed.toString();
}

/**
 * Opens a WebSocket to `url` with `headers`; rejects with `CallRefusedError` when the server
 * answers the upgrade with an HTTP status, and with an error naming the URL when it cannot connect.
 */
export function connect(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers,
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
    });
    socket.once('open', () => {
      socket.removeAllListeners('error');
      socket.removeAllListeners('unexpected-response');
      resolve(socket);
    });
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        if (chunks.length < MAX_REFUSAL_BODY_CHUNKS) chunks.push(chunk);
      });
      response.on('end', () => {
        reject(
          new CallRefusedError(
            url,
            response.statusCode ?? 0,
            Buffer.concat(chunks).toString('utf8'),
          ),
        );
        socket.terminate();
      });
      response.on('error', () => {
        reject(new CallRefusedError(url, response.statusCode ?? 0, ''));
      });
    });
    // `on`, not `once`: a refused handshake may report more than one error
    socket.on('error', (error) => {
      reject(new Error(`cannot connect to ${url}: ${error.message}`));
    });
  });
}
