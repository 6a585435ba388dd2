import { telnyxCallControlId } from '../providers/call-ids.js';
import { completeCallIds } from '../providers/complete-call-ids.js';
import { DEFAULT_CALLED_NUMBER, DEFAULT_CALLER_NUMBER } from '../providers/phone-numbers.js';
import type { CallIds } from '../providers/provider-dialect.js';
import { dialWebhook } from '../webhook/dial-webhook.js';
import type { WebhookAnswer } from '../webhook/webhook-dial-options.js';
import { connectionUrl } from './call-connection.js';
import type { CallOptions } from './call-options.js';

/** Where and how a call's stream connects, once any webhook has answered. */
export interface StreamTarget {
  /** The bot's WebSocket URL as given (or as the webhook's markup named it). */
  url: string;
  /** The URL actually connected to (Twilio: without the query string). */
  connectUrl: string;
  /** The URL the provider signs on the upgrade (the markup's public stream URL with a webhook). */
  signedUrl: string;
  /** The call's ids (the same call id as the webhook posted). */
  ids: CallIds;
  /** Custom parameters for `start`: `customParameters`, then the markup's over them. */
  customParameters: Record<string, string> | undefined;
  /** What the webhook answered; undefined without `webhook`. */
  webhookAnswer: WebhookAnswer | undefined;
}

/**
 * Settles where the call's stream goes. Without `webhook`: `url`, with the given or fresh ids.
 * With it: posts the provider's call webhook for fresh ids (Telnyx: a TeXML `v3:` call id) and
 * takes the stream URL and parameters from the answer; the call still connects to `url` when
 * given (a local address of the public stream URL the markup names).
 * @throws RangeError for a missing or bad URL, before anything is posted.
 * @throws WebhookRefusedError when the webhook does not answer with a stream.
 */
export async function resolveStreamTarget(options: CallOptions): Promise<StreamTarget> {
  if (options.url === undefined && options.webhook === undefined) {
    throw new RangeError('a call needs a url, or a webhook whose answer names the stream URL');
  }
  if (options.url !== undefined) connectionUrl(options.url, options);
  const webhook = options.webhook;
  if (webhook === undefined) {
    const url = options.url!;
    return {
      url,
      connectUrl: connectionUrl(url, options),
      signedUrl: url,
      ids: completeCallIds(options.provider, options.ids),
      customParameters: options.customParameters,
      webhookAnswer: undefined,
    };
  }
  const ids = completeCallIds(options.provider, {
    ...options.ids,
    callId:
      options.ids?.callId ??
      (options.provider === 'telnyx' ? telnyxCallControlId('v3') : undefined),
  });
  const webhookAnswer = await dialWebhook(
    options.provider,
    {
      ids,
      from: options.from ?? DEFAULT_CALLER_NUMBER,
      to: options.to ?? DEFAULT_CALLED_NUMBER,
    },
    {
      ...webhook,
      // Twilio and Plivo sign webhooks and upgrades with the same account token
      authToken:
        webhook.authToken ?? (options.provider === 'telnyx' ? undefined : options.authToken),
    },
  );
  const url = options.url ?? webhookAnswer.streamUrl;
  return {
    url,
    connectUrl: connectionUrl(url, options),
    signedUrl: webhookAnswer.streamUrl,
    ids,
    customParameters: { ...options.customParameters, ...webhookAnswer.parameters },
    webhookAnswer,
  };
}
