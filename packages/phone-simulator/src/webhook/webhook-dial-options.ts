import type { Clock } from '@x/transport-core';
import type { TelnyxWebhookKeys } from '../signing/telnyx-webhook-signature.js';

/** How to place a call through the bot's webhook first (`CallOptions.webhook`). */
export interface WebhookDialOptions {
  /** The http(s) URL to POST the provider's call webhook to (`http://127.0.0.1:8765/twilio`). */
  url: string;
  /**
   * The public URL the provider signs, when it differs from `url` (e.g.
   * `https://bot.example.com/twilio` behind a tunnel). Default `url`.
   */
  signatureUrl?: string;
  /**
   * Twilio or Plivo auth token that signs the webhook (`X-Twilio-Signature`,
   * `X-Plivo-Signature-V3`). Default `CallOptions.authToken`, which the provider signs both
   * requests with; unsigned when neither is set.
   */
  authToken?: string;
  /** Telnyx: the Ed25519 key that signs the webhook (only `privateKey` is used). Default none. */
  telnyxKeys?: Pick<TelnyxWebhookKeys, 'privateKey'>;
  /** Form parameters added to (or replacing) the provider's own, e.g. `{ CallerName: 'Jo' }`. */
  parameters?: Record<string, string>;
  /** Give up on the answer after this long, in milliseconds. Default 5,000. */
  timeoutMs?: number;
  /** The `fetch` that posts the webhook. Default the global `fetch`. */
  fetch?: typeof fetch;
  /** Timer source for the timeout. Default the system clock. */
  clock?: Clock;
  /** Wall-clock time in epoch milliseconds, for Telnyx's `telnyx-timestamp`. Default `Date.now`. */
  dateNow?: () => number;
}

/** Defaults of `WebhookDialOptions`. */
export const defaultWebhookDialOptions = Object.freeze({
  timeoutMs: 5_000,
});

/** What the webhook step of a call returned (`SimulatedCall.webhookAnswer`). */
export interface WebhookAnswer {
  /** The URL posted to. */
  url: string;
  /** The form parameters posted (the call's ids, status, direction and numbers). */
  postedParameters: Record<string, string>;
  /** HTTP status of the answer. */
  statusCode: number;
  /** `Content-Type` of the answer, if any. */
  contentType: string | undefined;
  /** The WebSocket URL the markup names (the public one; the upgrade is signed over it). */
  streamUrl: string;
  /** Custom parameters the markup gives the stream (`<Parameter>`s, Plivo `extraHeaders`). */
  parameters: Record<string, string>;
  /** Every attribute of the markup's `<Stream>` element. */
  streamAttributes: Record<string, string>;
  /** The answer's body. */
  body: string;
}
