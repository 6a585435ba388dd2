import type { FrameSerializer } from '../serializer/frame-serializer.js';
import type { CallData } from './call-data.js';
import type { IncomingRequestLike } from './request-verifier.js';

/** What a descriptor says about one inbound message during detection. */
export type ProviderRecognition<C extends CallData = CallData> =
  /** The message is this provider's start message: detection is complete. */
  | { readonly kind: 'start'; readonly callData: C }
  /** The message is this provider's and comes before start (e.g. `connected`). */
  | { readonly kind: 'preamble' }
  /**
   * The message is this provider's start message, but the call cannot be served (e.g. a codec
   * the package cannot decode): detection fails with `reason`, which names the problem.
   */
  | { readonly kind: 'refused'; readonly reason: string }
  /** The message is not this provider's. */
  | undefined;

/** Webhook answer: the markup that connects a call to a WebSocket URL. */
export interface WebhookResponse {
  /** HTTP `Content-Type`, e.g. `application/xml`. */
  contentType: string;
  /** The markup (TwiML, TeXML or Plivo XML). */
  body: string;
}

/** Options for `ProviderDescriptor.webhookResponse`. */
export interface StreamMarkupOptions {
  /** Public `wss://` URL of the WebSocket endpoint. */
  streamUrl: string;
  /** Custom parameters to pass to the stream (delivered in the start message). */
  parameters?: Record<string, string>;
}

/**
 * Everything core needs to know about a provider, without importing it: how to recognise its
 * first messages, what call data they carry, how to build its serializer, and the webhook
 * markup that starts a stream.
 */
export interface ProviderDescriptor<C extends CallData = CallData, SerializerOptions = unknown> {
  /** Provider name, e.g. `twilio`. */
  readonly name: string;
  /** Looks at one parsed JSON message read from a new socket. */
  recognize(message: unknown): ProviderRecognition<C>;
  /** Builds the serializer for a call from its call data. */
  createSerializer(callData: C, options?: SerializerOptions): FrameSerializer;
  /** Markup answering the provider's call webhook, connecting the call to `streamUrl`. */
  webhookResponse(options: StreamMarkupOptions): WebhookResponse;
  /**
   * The call id a (verified) webhook request is about, as the stream's start message will name
   * it; undefined when the body does not say. Never throws. Read it only from a request whose
   * signature was checked: it is what a call token gets bound to.
   */
  callIdOfWebhook?(request: IncomingRequestLike): string | undefined;
}
