import { publicRequestUrl, type ServerRequestLike } from '@x/transport-core';

/**
 * The public address the suite's server pretends a tunnel gives it: providers sign webhooks and
 * upgrades over it, while the phone simulator connects to the server on 127.0.0.1.
 */
export const CONFORMANCE_PUBLIC_URL = 'https://bot.example.test';

/** Path of the server's media-stream endpoint. */
export const CONFORMANCE_STREAM_PATH = '/stream';

/** The public `wss://` URL of the stream endpoint, as the webhook answers name it. */
export const CONFORMANCE_PUBLIC_STREAM_URL = publicStreamUrlOf(CONFORMANCE_STREAM_PATH);

/** The public URL of a provider's webhook (`https://bot.example.test/twilio`). */
export function publicWebhookUrl(providerName: string): string {
  return `${CONFORMANCE_PUBLIC_URL}/${providerName}`;
}

/** The public URL a request reached the server at, as the provider signed it. */
export function publicUrlOf(request: ServerRequestLike, webSocket: boolean): string {
  return publicRequestUrl(request, { publicUrl: CONFORMANCE_PUBLIC_URL, webSocket });
}

function publicStreamUrlOf(path: string): string {
  return publicUrlOf({ url: path, headers: {} }, true);
}
