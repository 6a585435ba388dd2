import type { ProviderDescriptor, StreamMarkupOptions, WebhookResponse } from '@x/transport-core';
import { type PlivoCallData, plivoCallDataFromMessage } from './plivo-call-data.js';
import {
  PlivoFrameSerializer,
  type PlivoFrameSerializerOptions,
} from './plivo-frame-serializer.js';
import { PLIVO_XML_CONTENT_TYPE, plivoStreamXml } from './plivo-markup.js';

/** Options for `plivoProvider.createSerializer`: everything but what the start message says. */
export type PlivoSerializerFactoryOptions = Omit<
  PlivoFrameSerializerOptions,
  'streamId' | 'callId' | 'mediaFormat'
>;

/**
 * The Plivo provider for `detectProvider`: recognises Plivo's start message (Plivo sends no
 * `connected` first), builds a `PlivoFrameSerializer` from its call data, and answers the call
 * webhook with a bidirectional `<Stream>` (μ-law 8 kHz, `keepCallAlive`).
 *
 * A start message whose media format Plivo does not stream is not recognised (detection then
 * fails); `new PlivoFrameSerializer(...)` with such a format throws naming it.
 */
export const plivoProvider: ProviderDescriptor<PlivoCallData, PlivoSerializerFactoryOptions> =
  Object.freeze({
    name: 'plivo',
    recognize(message: unknown) {
      const callData = plivoCallDataFromMessage(message);
      return callData ? ({ kind: 'start', callData } as const) : undefined;
    },
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
  });
