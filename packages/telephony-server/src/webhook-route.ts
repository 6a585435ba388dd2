import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, IncomingRequestLike, Logger, TelephonyProvider } from '@x/transport-core';
import { send, sendText } from './http-responses.js';
import type { PublicUrls } from './public-urls.js';
import {
  BodyAbortedError,
  BodyAlreadyReadError,
  BodyTimeoutError,
  BodyTooLargeError,
  readBody,
} from './read-body.js';
import type { TelephonyServerMetrics } from './telephony-server-metrics.js';

/** Seconds a provider is told to wait before calling a draining server again. */
export const DRAINING_RETRY_AFTER_SECS = 5;

/** What the webhook route needs from the server. */
export interface WebhookRouteContext {
  urls: PublicUrls;
  metrics: TelephonyServerMetrics;
  logger: Logger;
  clock: Clock;
  /** Largest body, in bytes; then 413. */
  maxBodyBytes: number;
  /** Longest wait for the body, in milliseconds; then 408. */
  bodyTimeoutMs: number;
  /** Answer webhooks the provider cannot verify (development). */
  allowUnverified: boolean;
  /** True once the server drains: new calls are refused with 503. */
  draining(): boolean;
}

/**
 * A provider's webhook (`POST` or `GET /<name>`): 503 while draining; reads the body (bounded in
 * size and time); checks the provider's signature (403 on failure, and 403 when the provider
 * cannot verify webhooks unless `allowUnverified`); refuses (400) a webhook that names no call
 * when streams are call-bound (its stream could never start); then answers with the markup,
 * which connects the call to the stream endpoint and, when streams are call-bound, carries the
 * call's token.
 */
export async function answerWebhook(
  provider: TelephonyProvider,
  request: IncomingMessage,
  response: ServerResponse,
  context: WebhookRouteContext,
): Promise<void> {
  const { urls, metrics, logger } = context;
  const outcome = (name: string): void => metrics.webhook(provider.name, name);
  const method = request.method ?? 'GET';
  if (method !== 'POST' && method !== 'GET') {
    outcome('method-not-allowed');
    sendText(response, 405, `Method ${method} not allowed: providers call this webhook with POST`, {
      allow: 'GET, POST',
    });
    return;
  }
  if (context.draining()) {
    outcome('draining');
    sendText(response, 503, 'Service unavailable: the server is stopping', {
      'retry-after': String(DRAINING_RETRY_AFTER_SECS),
    });
    return;
  }
  let rawBody: Buffer;
  try {
    rawBody = await readBody(request, {
      limitBytes: context.maxBodyBytes,
      timeoutMs: context.bodyTimeoutMs,
      clock: context.clock,
    });
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      outcome('body-too-large');
      sendText(response, 413, `Payload too large: ${error.message}`, { connection: 'close' });
      return;
    }
    if (error instanceof BodyTimeoutError) {
      outcome('body-timeout');
      logger.info({ provider: provider.name, timeoutMs: error.timeoutMs }, 'webhook body too slow');
      sendText(response, 408, `Request timeout: ${error.message}`, { connection: 'close' });
      return;
    }
    if (error instanceof BodyAbortedError) {
      outcome('aborted');
      logger.debug({ provider: provider.name }, 'webhook aborted by the client');
      return;
    }
    if (error instanceof BodyAlreadyReadError) {
      outcome('body-already-read');
      logger.error({ provider: provider.name }, error.message);
      sendText(response, 500, 'Internal server error: the webhook body was already read');
      return;
    }
    throw error;
  }
  const url = urls.signedUrl(request, false);
  const streamUrl = urls.streamUrl(request);
  if (url === undefined || streamUrl === undefined) {
    outcome('no-host');
    sendText(response, 400, 'Bad request: a Host header is required (or set publicUrl)');
    return;
  }
  const signedRequest: IncomingRequestLike = {
    method,
    url,
    headers: request.headers,
    rawBody,
  };
  if (provider.security.webhooksVerified || !context.allowUnverified) {
    const result = provider.verifyWebhook(signedRequest);
    if (!result.ok) {
      outcome('bad-signature');
      logger.warn(
        { provider: provider.name, reason: result.reason },
        `${provider.title} webhook refused`,
      );
      sendText(response, 403, `Forbidden: ${result.reason}`);
      return;
    }
  }
  if (provider.security.callBoundStreams && provider.callIdOfWebhook(signedRequest) === undefined) {
    outcome('no-call-id');
    sendText(
      response,
      400,
      `Bad request: the webhook does not say which ${provider.title} call it is about`,
    );
    return;
  }
  const answer = provider.answerWebhook(signedRequest, { streamUrl });
  outcome('answered');
  logger.info({ provider: provider.name }, `${provider.title} webhook answered`);
  send(response, 200, answer.contentType, answer.body);
}
