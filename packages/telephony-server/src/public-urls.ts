import type { IncomingMessage } from 'node:http';
import { publicRequestUrl } from '@x/transport-core';

/** Options of `PublicUrls`. */
export interface PublicUrlsOptions {
  /** The public base URL; when set, it alone says how the server is reached. */
  publicUrl: string | undefined;
  /** Believe `X-Forwarded-Proto` / `X-Forwarded-Host` when `publicUrl` is unset. */
  trustProxy: boolean;
  /** Path of the media-stream endpoint, for the webhook markup. */
  streamPath: string;
}

/**
 * How the server is reached from outside, for the URLs providers sign and the stream URL of the
 * webhook markup: `publicUrl` when set; otherwise `https://` and each request's `Host` (and, only
 * with `trustProxy`, the proxy's `X-Forwarded-Proto` / `X-Forwarded-Host`). A request that gives
 * no host gets `undefined`: the caller answers 400.
 */
export class PublicUrls {
  readonly #options: PublicUrlsOptions;

  constructor(options: PublicUrlsOptions) {
    this.#options = options;
  }

  /** The URL a provider requested and signed (`wss://` for a WebSocket upgrade). */
  signedUrl(request: IncomingMessage, webSocket: boolean): string | undefined {
    return this.#rebuild(request, request.url ?? '/', webSocket);
  }

  /** The `wss://` URL of the media-stream endpoint, for the webhook markup. */
  streamUrl(request: IncomingMessage): string | undefined {
    return this.#rebuild(request, this.#options.streamPath, true);
  }

  #rebuild(request: IncomingMessage, path: string, webSocket: boolean): string | undefined {
    const { publicUrl, trustProxy } = this.#options;
    try {
      return publicRequestUrl(
        { url: path, headers: request.headers },
        {
          webSocket,
          ...(publicUrl !== undefined ? { publicUrl } : { trustForwardedHeaders: trustProxy }),
        },
      );
    } catch {
      return undefined;
    }
  }
}
