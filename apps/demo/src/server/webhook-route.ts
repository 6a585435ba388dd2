import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@x/transport-core';
import type { DemoMetrics } from '../metrics/demo-metrics.js';
import type { DemoProvider } from '../providers/demo-providers.js';
import { send, sendText } from './http-responses.js';
import type { PublicUrls } from './public-urls.js';
import { BodyTooLargeError, readBody } from './read-body.js';

/** Largest webhook body accepted, in bytes (provider webhooks are a few kilobytes). */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

/** What the webhook route needs from the server. */
export interface WebhookRouteDependencies {
  urls: PublicUrls;
  metrics: DemoMetrics;
  logger: Logger;
}

/**
 * `POST /<provider>`: checks the provider's signature when its secret is set (403 and nothing
 * else otherwise), then answers with the markup that connects the call to `/ws`.
 */
export async function answerWebhook(
  provider: DemoProvider,
  request: IncomingMessage,
  response: ServerResponse,
  { urls, metrics, logger }: WebhookRouteDependencies,
): Promise<void> {
  const route = `/${provider.name}`;
  let rawBody: Buffer;
  try {
    rawBody = await readBody(request, MAX_WEBHOOK_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      metrics.refused(route, 'body-too-large');
      sendText(response, 413, `Payload too large: ${error.message}`);
      return;
    }
    throw error;
  }
  if (provider.webhookVerifier) {
    const result = provider.webhookVerifier.verifyWebhook({
      method: request.method ?? 'POST',
      url: urls.signedUrl(request, false),
      headers: request.headers,
      rawBody,
    });
    if (!result.ok) {
      metrics.refused(route, 'bad-signature');
      logger.warn({ route, reason: result.reason }, `${provider.title} webhook refused`);
      sendText(response, 403, `Forbidden: ${result.reason}`);
      return;
    }
  }
  const markup = provider.descriptor.webhookResponse({ streamUrl: urls.streamUrl(request) });
  logger.info({ route }, `${provider.title} webhook answered: connecting the call to the echo bot`);
  send(response, 200, markup.contentType, markup.body);
}
