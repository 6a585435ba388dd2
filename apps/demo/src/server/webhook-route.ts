import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@x/transport-core';
import type { DemoMetrics } from '../metrics/demo-metrics.js';
import type { DemoProvider } from '../providers/demo-providers.js';
import { send, sendText } from './http-responses.js';
import type { PublicUrls } from './public-urls.js';
import { BodyAbortedError, BodyTimeoutError, BodyTooLargeError, readBody } from './read-body.js';

/** Largest webhook body accepted, in bytes (provider webhooks are a few kilobytes). */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;
/** Seconds a provider is told to wait before calling a draining server again. */
const DRAINING_RETRY_AFTER_SECS = 5;

/** What the webhook route needs from the server. */
export interface WebhookRouteDependencies {
  urls: PublicUrls;
  metrics: DemoMetrics;
  logger: Logger;
  /** Longest wait for a webhook's body, in milliseconds; then 408. */
  bodyTimeoutMs: number;
  /** True once the server drains: new calls are refused with 503. */
  draining(): boolean;
}

/**
 * `POST /<provider>`: checks the provider's signature when its secret is set (403 and nothing
 * else otherwise), then answers with the markup that connects the call to `/ws`. When the
 * provider's streams are call-bound (its webhooks are verified), the markup carries a token for
 * the call the webhook names, which the stream's `start` must present.
 */
export async function answerWebhook(
  provider: DemoProvider,
  request: IncomingMessage,
  response: ServerResponse,
  dependencies: WebhookRouteDependencies,
): Promise<void> {
  const { urls, metrics, logger } = dependencies;
  const route = `/${provider.name}`;
  if (dependencies.draining()) {
    metrics.refused(route, 'draining');
    response.setHeader('retry-after', String(DRAINING_RETRY_AFTER_SECS));
    sendText(response, 503, 'Service unavailable: the server is stopping');
    return;
  }
  let rawBody: Buffer;
  try {
    rawBody = await readBody(request, {
      limitBytes: MAX_WEBHOOK_BODY_BYTES,
      timeoutMs: dependencies.bodyTimeoutMs,
    });
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      metrics.refused(route, 'body-too-large');
      response.setHeader('connection', 'close');
      sendText(response, 413, `Payload too large: ${error.message}`);
      return;
    }
    if (error instanceof BodyTimeoutError) {
      metrics.refused(route, 'body-timeout');
      logger.info({ route, timeoutMs: error.timeoutMs }, 'webhook body too slow: refused');
      response.setHeader('connection', 'close');
      sendText(response, 408, `Request timeout: ${error.message}`);
      return;
    }
    if (error instanceof BodyAbortedError) {
      metrics.refused(route, 'aborted');
      logger.debug({ route }, 'webhook aborted by the client');
      return;
    }
    throw error;
  }
  const url = urls.signedUrl(request, false);
  if (url === undefined) {
    metrics.refused(route, 'no-host');
    sendText(response, 400, 'Bad request: a Host header is required (or set PUBLIC_URL)');
    return;
  }
  const signedRequest = {
    method: request.method ?? 'POST',
    url,
    headers: request.headers,
    rawBody,
  };
  if (provider.security.webhooksVerified) {
    const result = provider.verifyWebhook(signedRequest);
    if (!result.ok) {
      metrics.refused(route, 'bad-signature');
      logger.warn({ route, reason: result.reason }, `${provider.title} webhook refused`);
      sendText(response, 403, `Forbidden: ${result.reason}`);
      return;
    }
  }
  const streamUrl = urls.streamUrl(request);
  if (streamUrl === undefined) {
    metrics.refused(route, 'no-host');
    sendText(response, 400, 'Bad request: a Host header is required (or set PUBLIC_URL)');
    return;
  }
  // a call-bound answer without a call id would carry no token: its stream could never start
  if (provider.security.callBoundStreams && provider.callIdOfWebhook(signedRequest) === undefined) {
    metrics.refused(route, 'no-call-id');
    sendText(
      response,
      400,
      `Bad request: the webhook does not say which ${provider.title} call it is about`,
    );
    return;
  }
  const markup = provider.answerWebhook(signedRequest, { streamUrl });
  logger.info({ route }, `${provider.title} webhook answered: connecting the call to the echo bot`);
  send(response, 200, markup.contentType, markup.body);
}
