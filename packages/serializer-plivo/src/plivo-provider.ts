import {
  type IncomingRequestLike,
  isMessageRejectedError,
  type ProviderDescriptor,
  type ProviderRecognition,
  type StreamMarkupOptions,
  type WebhookResponse,
} from '@x/transport-core';
import type { ProviderMessage } from '@x/transport-core/provider-kit';
import { type PlivoCallData, plivoCallDataFromStart } from './plivo-call-data.js';
import {
  PlivoFrameSerializer,
  type PlivoFrameSerializerOptions,
} from './plivo-frame-serializer.js';
import { PLIVO_XML_CONTENT_TYPE, plivoStreamXml } from './plivo-markup.js';
import { parsePlivoStart } from './plivo-messages.js';

/** Options for `plivoProvider.createSerializer`: everything but what the start message says. */
export type PlivoSerializerFactoryOptions = Omit<
  PlivoFrameSerializerOptions,
  'streamId' | 'callId' | 'mediaFormat'
>;

/** Webhook field (form or query) with the call UUID, which the start message calls `callId`. */
const PLIVO_WEBHOOK_CALL_ID_FIELD = 'CallUUID';

/** Largest webhook body read for its call UUID, in bytes (Plivo's are a few kilobytes). */
const PLIVO_MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function bodyText(rawBody: string | Uint8Array | undefined): string | undefined {
  if (rawBody === undefined) return undefined;
  const size = typeof rawBody === 'string' ? Buffer.byteLength(rawBody) : rawBody.byteLength;
  if (size === 0 || size > PLIVO_MAX_WEBHOOK_BODY_BYTES) return undefined;
  return typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
}

/** The one non-empty `CallUUID`; undefined when absent, empty or repeated. */
function callUuidOf(fields: URLSearchParams): string | undefined {
  const values = fields.getAll(PLIVO_WEBHOOK_CALL_ID_FIELD);
  return values.length === 1 && isNonEmptyString(values[0]) ? values[0] : undefined;
}

/**
 * The call UUID of a Plivo answer webhook: `CallUUID` of the form body, or of the query string
 * of a GET webhook (V3 signs the query). Never throws.
 */
export function callIdOfPlivoWebhook(request: IncomingRequestLike): string | undefined {
  try {
    if (request.method.toUpperCase() === 'GET') {
      return callUuidOf(new URL(request.url).searchParams);
    }
    const body = bodyText(request.rawBody);
    return body === undefined ? undefined : callUuidOf(new URLSearchParams(body));
  } catch {
    return undefined;
  }
}

/**
 * True for a message shaped like Plivo's start: `event` `start`, `start.streamId` and
 * `start.callId`, and no top-level stream id (Twilio's `streamSid`, Telnyx's `stream_id`).
 */
function isPlivoStartShape(message: unknown): message is ProviderMessage {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return false;
  const candidate = message as ProviderMessage;
  if (candidate.event !== 'start' || 'streamSid' in candidate || 'stream_id' in candidate) {
    return false;
  }
  const start = candidate.start as ProviderMessage | null | undefined;
  return (
    start !== null &&
    typeof start === 'object' &&
    isNonEmptyString(start.streamId) &&
    isNonEmptyString(start.callId)
  );
}

/**
 * Recognises Plivo's start message (Plivo sends no `connected` first). A message shaped like
 * it but unusable — a media format Plivo does not stream, a missing `mediaFormat` — is refused
 * with the reason, so detection fails naming the problem. Never throws.
 */
export function recognizePlivoMessage(message: unknown): ProviderRecognition<PlivoCallData> {
  if (!isPlivoStartShape(message)) return undefined;
  try {
    return { kind: 'start', callData: plivoCallDataFromStart(parsePlivoStart(message)) };
  } catch (error) {
    const reason = isMessageRejectedError(error) ? error.reason : String(error);
    return { kind: 'refused', reason: `Plivo start message refused: ${reason}` };
  }
}

/**
 * The Plivo provider for `detectProvider`: recognises Plivo's start message, builds a
 * `PlivoFrameSerializer` from its call data, and answers the call webhook with a bidirectional
 * `<Stream>` (μ-law 8 kHz, `keepCallAlive`). `webhookResponse({ streamUrl, parameters })` writes
 * `parameters` into `extraHeaders` (delivered as the start message's `extra_headers`; keys and
 * values `[A-Za-z0-9]` only, 512 bytes in all, else a RangeError); `callIdOfWebhook` reads the
 * `CallUUID` of a verified webhook, to mint a call token for it.
 * @deprecated Use `createPlivo(settings)`: one provider bound to its credentials that also
 * verifies webhooks and upgrades and mints and checks call tokens. This descriptor stays for now.
 */
export const plivoProvider: ProviderDescriptor<PlivoCallData, PlivoSerializerFactoryOptions> =
  Object.freeze({
    name: 'plivo',
    recognize: recognizePlivoMessage,
    createSerializer(callData: PlivoCallData, options: PlivoSerializerFactoryOptions = {}) {
      return new PlivoFrameSerializer({
        ...options,
        streamId: callData.streamId,
        callId: callData.callId,
        mediaFormat: callData.mediaFormat,
      });
    },
    webhookResponse(options: StreamMarkupOptions): WebhookResponse {
      return {
        contentType: PLIVO_XML_CONTENT_TYPE,
        body: plivoStreamXml({
          url: options.streamUrl,
          ...(options.parameters ? { extraHeaders: options.parameters } : {}),
        }),
      };
    },
    callIdOfWebhook: callIdOfPlivoWebhook,
  });
