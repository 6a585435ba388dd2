import {
  headerValue,
  type IncomingRequestLike,
  isMessageRejectedError,
  type ProviderDescriptor,
  type ProviderRecognition,
  type StreamMarkupOptions,
  type WebhookResponse,
} from '@x/transport-core';
import type { ProviderMessage } from '@x/transport-core/provider-kit';
import { type TwilioCallData, twilioCallDataFromStart } from './twilio-call-data.js';
import {
  TwilioFrameSerializer,
  type TwilioFrameSerializerOptions,
} from './twilio-frame-serializer.js';
import { twimlConnectStream } from './twilio-markup.js';
import { parseTwilioMessageObject } from './twilio-messages.js';

/**
 * Options of `twilioProvider.createSerializer`: everything of `TwilioFrameSerializerOptions`
 * except what the start message gives. `accountSid` defaults to the call's account
 * (`start.accountSid`).
 */
export type TwilioSerializerFactoryOptions = Omit<
  TwilioFrameSerializerOptions,
  'streamId' | 'callId' | 'mediaFormat'
>;

/** Content type of TwiML answers. */
export const TWIML_CONTENT_TYPE = 'text/xml';

/** Webhook field (form, query or JSON) with the call SID, as `start.callSid` names the call. */
const TWILIO_WEBHOOK_CALL_ID_FIELD = 'CallSid';

/** Largest webhook body read for its call SID, in bytes (Twilio's are a few kilobytes). */
const TWILIO_MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

function isObject(value: unknown): value is ProviderMessage {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function bodyText(rawBody: string | Uint8Array | undefined): string | undefined {
  if (rawBody === undefined) return undefined;
  const size = typeof rawBody === 'string' ? Buffer.byteLength(rawBody) : rawBody.byteLength;
  if (size === 0 || size > TWILIO_MAX_WEBHOOK_BODY_BYTES) return undefined;
  return typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
}

/** The one non-empty value of `name`; undefined when absent, empty or repeated. */
function singleValue(parameters: URLSearchParams, name: string): string | undefined {
  const values = parameters.getAll(name);
  return values.length === 1 && values[0]!.length > 0 ? values[0] : undefined;
}

function looksLikeJson(request: IncomingRequestLike, body: string): boolean {
  const contentType = headerValue(request.headers, 'content-type')?.toLowerCase() ?? '';
  return contentType.includes('json') || body.trimStart().startsWith('{');
}

/**
 * The call SID of a Twilio webhook: `CallSid` of the form body (or of a JSON body), or of the
 * query string of a GET webhook (Twilio signs the whole URL). Never throws.
 */
export function callIdOfTwilioWebhook(request: IncomingRequestLike): string | undefined {
  try {
    if (request.method.toUpperCase() === 'GET') {
      return singleValue(new URL(request.url).searchParams, TWILIO_WEBHOOK_CALL_ID_FIELD);
    }
    const body = bodyText(request.rawBody);
    if (body === undefined) return undefined;
    if (!looksLikeJson(request, body)) {
      return singleValue(new URLSearchParams(body), TWILIO_WEBHOOK_CALL_ID_FIELD);
    }
    const parsed: unknown = JSON.parse(body);
    const callSid = isObject(parsed) ? parsed[TWILIO_WEBHOOK_CALL_ID_FIELD] : undefined;
    return typeof callSid === 'string' && callSid.length > 0 ? callSid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Recognises Twilio's opening messages: `connected` (with a `protocol`, which Telnyx's lacks)
 * as preamble, and a `start` carrying `start.streamSid` and `start.callSid` (Telnyx and Plivo
 * use other names). Such a start that is malformed, or whose media format is not μ-law 8 kHz
 * mono, is refused with a reason naming the problem, so detection fails clearly.
 */
export function recognizeTwilio(message: unknown): ProviderRecognition<TwilioCallData> {
  if (!isObject(message)) return undefined;
  if (message.event === 'connected') {
    return typeof message.protocol === 'string' && typeof message.version === 'string'
      ? { kind: 'preamble' }
      : undefined;
  }
  if (message.event !== 'start') return undefined;
  const start = message.start;
  if (
    !isObject(start) ||
    typeof start.streamSid !== 'string' ||
    typeof start.callSid !== 'string'
  ) {
    return undefined;
  }
  try {
    const parsed = parseTwilioMessageObject(message);
    if (parsed.event !== 'start') return undefined;
    return { kind: 'start', callData: twilioCallDataFromStart(parsed) };
  } catch (error) {
    // Recognition runs inside the socket's message listener: it must never throw.
    const reason = isMessageRejectedError(error) ? error.reason : String(error);
    return { kind: 'refused', reason };
  }
}

/**
 * The Twilio provider descriptor, for `detectProvider` and webhooks:
 *
 * ```ts
 * const call = await detectProvider(socket, [twilioProvider]);
 * const serializer = call.provider.createSerializer(call.callData, { authToken });
 * ```
 *
 * @deprecated Use `createTwilio(settings)`: one provider bound to its credentials that also
 * verifies webhooks and upgrades and mints and checks call tokens. This descriptor stays for now.
 *
 * `callIdOfWebhook` reads the call SID of a verified webhook (to mint a call token for it), and
 * `webhookResponse({ streamUrl, parameters })` writes `parameters` as `<Parameter>` elements,
 * which Twilio delivers in `start.customParameters`.
 */
export const twilioProvider: ProviderDescriptor<TwilioCallData, TwilioSerializerFactoryOptions> =
  Object.freeze({
    name: 'twilio',
    recognize: recognizeTwilio,
    createSerializer(
      callData: TwilioCallData,
      options: TwilioSerializerFactoryOptions = {},
    ): TwilioFrameSerializer {
      return new TwilioFrameSerializer({
        ...options,
        streamId: callData.streamId,
        callId: callData.callId,
        accountSid: options.accountSid || callData.accountId,
        mediaFormat: callData.mediaFormat,
      });
    },
    webhookResponse(options: StreamMarkupOptions): WebhookResponse {
      const markup = {
        url: options.streamUrl,
        ...(options.parameters && { parameters: options.parameters }),
      };
      return { contentType: TWIML_CONTENT_TYPE, body: twimlConnectStream(markup) };
    },
    callIdOfWebhook: callIdOfTwilioWebhook,
  });
