import type { IncomingMessage } from 'node:http';
import { headerValue, publicRequestUrl } from '@x/transport-core';
import { PROVIDER_WEBSOCKET_PATH } from './routes.js';

/**
 * How the server is reached from outside: `PUBLIC_URL` when set; otherwise each request's
 * `Host` and the tunnel's `X-Forwarded-Proto` / `X-Forwarded-Host`.
 */
export class PublicUrls {
  readonly #publicUrl: string | undefined;

  /** @param publicUrl `PUBLIC_URL`, without a trailing slash */
  constructor(publicUrl: string | undefined) {
    this.#publicUrl = publicUrl;
  }

  /** The URL a provider requested and signed (`wss://` for a WebSocket upgrade). */
  signedUrl(request: IncomingMessage, webSocket: boolean): string {
    return publicRequestUrl(
      { url: request.url ?? '/', headers: request.headers },
      {
        webSocket,
        ...(this.#publicUrl !== undefined
          ? { publicUrl: this.#publicUrl }
          : { trustForwardedHeaders: true }),
      },
    );
  }

  /** The `wss://` URL of the providers' media-stream endpoint, for the webhook markup. */
  streamUrl(request: IncomingMessage): string {
    return publicRequestUrl(
      { url: PROVIDER_WEBSOCKET_PATH, headers: request.headers },
      {
        webSocket: true,
        ...(this.#publicUrl !== undefined
          ? { publicUrl: this.#publicUrl }
          : { trustForwardedHeaders: true }),
      },
    );
  }

  /**
   * The origins the softphone page is served from: the request's own host, the host a tunnel
   * forwarded (`X-Forwarded-Host`; a cross-site page cannot set it) and `PUBLIC_URL`.
   */
  ownOrigins(request: IncomingMessage): string[] {
    const origins: string[] = [];
    const forwardedHost = headerValue(request.headers, 'x-forwarded-host')?.split(',')[0]?.trim();
    for (const host of [request.headers.host, forwardedHost]) {
      if (host) origins.push(`http://${host}`, `https://${host}`);
    }
    if (this.#publicUrl !== undefined) origins.push(new URL(this.#publicUrl).origin);
    return origins;
  }
}
