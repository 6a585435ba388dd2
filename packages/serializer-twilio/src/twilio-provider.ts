import {
  isMessageRejectedError,
  type ProviderDescriptor,
  type ProviderMessage,
  type ProviderRecognition,
  type StreamMarkupOptions,
  type WebhookResponse,
} from '@x/transport-core';
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

function isObject(value: unknown): value is ProviderMessage {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Recognises Twilio's opening messages: `connected` (with a `protocol`, which Telnyx's lacks)
 * as preamble, and a `start` carrying `start.streamSid` and `start.callSid` (Telnyx and Plivo
 * use other names). Such a start that is malformed, or whose media format is not μ-law 8 kHz
 * mono, is refused with a reason naming the problem, so detection fails clearly.
 */
function recognizeTwilio(message: unknown): ProviderRecognition<TwilioCallData> {
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
  });
