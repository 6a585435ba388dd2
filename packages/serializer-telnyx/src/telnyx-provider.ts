import {
  headerValue,
  type IncomingRequestLike,
  isMessageRejectedError,
  type MediaFormat,
  type ProviderDescriptor,
  type ProviderRecognition,
  type StreamMarkupOptions,
  type WebhookResponse,
} from '@x/transport-core';
import type { ProviderMessage } from '@x/transport-core/provider-kit';
import {
  checkTelnyxBotAudioFormat,
  TELNYX_DEFAULT_BOT_AUDIO_FORMAT,
} from './telnyx-audio-format.js';
import { type TelnyxCallData, telnyxCallDataFromStart } from './telnyx-call-data.js';
import {
  TELNYX_PROVIDER_NAME,
  TelnyxFrameSerializer,
  type TelnyxFrameSerializerOptions,
} from './telnyx-frame-serializer.js';
import {
  TEXML_CONTENT_TYPE,
  type TexmlConnectStreamOptions,
  texmlConnectStream,
} from './telnyx-markup.js';
import { readTelnyxMessage, type TelnyxStartMessage } from './telnyx-messages.js';

/**
 * What `createSerializer` takes besides the call data: credentials and behaviour. The formats
 * come from the call data (caller) and the provider's `botAudioFormat` (bot).
 */
export type TelnyxSerializerFactoryOptions = Omit<
  TelnyxFrameSerializerOptions,
  'streamId' | 'callId' | 'callerAudioFormat' | 'botAudioFormat'
>;

/** Options of `createTelnyxProvider`. */
export interface TelnyxProviderOptions {
  /**
   * Bot audio format, used both in the TeXML answer (`bidirectionalCodec`,
   * `bidirectionalSamplingRate`) and by every serializer the provider creates, so they cannot
   * disagree. With Call Control, pass the same value to `telnyxStreamingParameters`. Default
   * PCMU at 8000 Hz, which is also what Telnyx expects when nothing is configured.
   */
  botAudioFormat?: MediaFormat | undefined;
  /** Further `<Stream>` attributes for `webhookResponse` (track, name, status callback, codec). */
  texml?: Omit<TexmlConnectStreamOptions, 'url' | 'botAudioFormat' | 'parameters'> | undefined;
}

/** A Telnyx descriptor with its settings. */
export interface TelnyxProviderDescriptor
  extends ProviderDescriptor<TelnyxCallData, TelnyxSerializerFactoryOptions> {
  /** The bot audio format the TeXML declares and the serializers send. */
  readonly botAudioFormat: Readonly<MediaFormat>;
  /** Builds the serializer of a call, sending the provider's bot audio format. */
  createSerializer(
    callData: TelnyxCallData,
    options?: TelnyxSerializerFactoryOptions,
  ): TelnyxFrameSerializer;
}

/** Largest webhook body read for its call id, in bytes (Telnyx's are a few kilobytes). */
const TELNYX_MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

/**
 * TeXML webhook fields naming the call, first present wins: `CallControlId`, else `CallSid`
 * (in TeXML the `CallSid` is the `v3:…` call control id, which `start.call_control_id` carries;
 * to be confirmed on a live call).
 */
const TEXML_WEBHOOK_CALL_ID_FIELDS = ['CallControlId', 'CallSid'] as const;

function isObject(value: unknown): value is ProviderMessage {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function bodyText(rawBody: string | Uint8Array | undefined): string | undefined {
  if (rawBody === undefined) return undefined;
  const size = typeof rawBody === 'string' ? Buffer.byteLength(rawBody) : rawBody.byteLength;
  if (size === 0 || size > TELNYX_MAX_WEBHOOK_BODY_BYTES) return undefined;
  return typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
}

/** The TeXML call id of form or query fields; undefined when absent, empty or repeated. */
function texmlCallId(fields: URLSearchParams): string | undefined {
  for (const name of TEXML_WEBHOOK_CALL_ID_FIELDS) {
    const values = fields.getAll(name);
    if (values.length === 0) continue;
    return values.length === 1 ? nonEmptyString(values[0]) : undefined;
  }
  return undefined;
}

/** Call Control's `data.payload.call_control_id`, or a JSON TeXML body's fields. */
function jsonCallId(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const data = body.data;
  if (isObject(data)) {
    return isObject(data.payload) ? nonEmptyString(data.payload.call_control_id) : undefined;
  }
  for (const name of TEXML_WEBHOOK_CALL_ID_FIELDS) {
    if (body[name] !== undefined) return nonEmptyString(body[name]);
  }
  return undefined;
}

/**
 * The call control id of a Telnyx webhook: a TeXML form (or the query of a GET) gives
 * `CallControlId`, else `CallSid`; a Call Control JSON event gives `data.payload.call_control_id`.
 * Never throws.
 */
export function callIdOfTelnyxWebhook(request: IncomingRequestLike): string | undefined {
  try {
    if (request.method.toUpperCase() === 'GET') {
      return texmlCallId(new URL(request.url).searchParams);
    }
    const body = bodyText(request.rawBody);
    if (body === undefined) return undefined;
    const contentType = headerValue(request.headers, 'content-type')?.toLowerCase() ?? '';
    if (contentType.includes('json') || body.trimStart().startsWith('{')) {
      return jsonCallId(JSON.parse(body));
    }
    return texmlCallId(new URLSearchParams(body));
  } catch {
    return undefined;
  }
}

/** Twilio's `connected` carries `protocol`; Plivo sends none. Telnyx's has neither ids nor it. */
function isTelnyxConnected(message: ProviderMessage): boolean {
  if (message.event !== 'connected') return false;
  if ('protocol' in message || 'streamSid' in message || 'streamId' in message) return false;
  if (message.version !== undefined && typeof message.version !== 'string') return false;
  return message.connected === undefined || isObject(message.connected);
}

/** A start message in Telnyx's shape: top-level `stream_id` and `start.call_control_id`. */
function looksLikeTelnyxStart(message: ProviderMessage): boolean {
  if (message.event !== 'start' || typeof message.stream_id !== 'string') return false;
  const start = message.start;
  return isObject(start) && typeof start.call_control_id === 'string';
}

function recognizeTelnyx(message: unknown): ProviderRecognition<TelnyxCallData> {
  if (!isObject(message)) return undefined;
  if (isTelnyxConnected(message)) return { kind: 'preamble' };
  if (!looksLikeTelnyxStart(message)) return undefined;
  try {
    const start = readTelnyxMessage(message) as TelnyxStartMessage;
    return { kind: 'start', callData: telnyxCallDataFromStart(start) };
  } catch (error) {
    if (isMessageRejectedError(error)) return { kind: 'refused', reason: error.reason };
    return { kind: 'refused', reason: `unreadable start message: ${(error as Error)?.message}` };
  }
}

/**
 * A Telnyx provider descriptor whose TeXML and serializers share one bot audio format.
 * `webhookResponse({ streamUrl, parameters })` writes `parameters` as `<Parameter>` children of
 * `<Stream>` (delivered in `start.custom_parameters`); `callIdOfWebhook` reads the call control
 * id of a verified webhook, to mint a call token for it.
 * @throws RangeError for an unsupported bot audio format.
 * @deprecated Use `createTelnyx(settings)`: one provider bound to its credentials (with the same
 * `botAudioFormat` and `texml` settings) that also verifies webhooks and upgrades and mints and
 * checks call tokens. This factory stays for now.
 */
export function createTelnyxProvider(
  options: TelnyxProviderOptions = {},
): TelnyxProviderDescriptor {
  const botAudioFormat = Object.freeze({
    ...checkTelnyxBotAudioFormat(options.botAudioFormat ?? TELNYX_DEFAULT_BOT_AUDIO_FORMAT),
  });
  const texml = options.texml ?? {};
  return Object.freeze({
    name: TELNYX_PROVIDER_NAME,
    botAudioFormat,
    recognize: recognizeTelnyx,
    createSerializer(
      callData: TelnyxCallData,
      serializerOptions: TelnyxSerializerFactoryOptions = {},
    ): TelnyxFrameSerializer {
      return new TelnyxFrameSerializer({
        ...serializerOptions,
        streamId: callData.streamId,
        callId: callData.callControlId ?? callData.callId,
        callerAudioFormat: callData.mediaFormat,
        botAudioFormat,
      });
    },
    webhookResponse(markup: StreamMarkupOptions): WebhookResponse {
      return {
        contentType: TEXML_CONTENT_TYPE,
        body: texmlConnectStream({
          ...texml,
          url: markup.streamUrl,
          botAudioFormat,
          parameters: markup.parameters,
        }),
      };
    },
    callIdOfWebhook: callIdOfTelnyxWebhook,
  });
}

/**
 * The Telnyx descriptor with default settings: bot audio PCMU at 8000 Hz in both the TeXML
 * answer and the serializers. Recognises `connected` (preamble) and `start` (call data); a start
 * whose codec cannot be decoded (G722, OPUS, AMR-WB) is refused with a reason naming the codec.
 * @deprecated Use `createTelnyx(settings)`, which also verifies webhooks and upgrades and mints
 * and checks call tokens. This descriptor stays for now.
 */
export const telnyxProvider: TelnyxProviderDescriptor = createTelnyxProvider();
