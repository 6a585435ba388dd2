import {
  type CallData,
  type DetectProviderOptions,
  detectProvider,
  type TelephonyProvider,
  type WebSocketLike,
} from '@x/transport-core';

/** A stream whose provider was recognised from its first messages. */
export interface DetectedTelephonyCall {
  /** The provider whose start message it sent. */
  readonly provider: TelephonyProvider;
  /** What the start message says about the call. */
  readonly callData: CallData;
  /** Every message read so far; call once, right before handing the socket to the transport. */
  takeMessages(): (string | Uint8Array)[];
}

/**
 * Core's `detectProvider` over the server's providers: reads the first messages of `socket` and
 * resolves with the provider that recognised the start message. Rejects with core's
 * `ProviderDetectionError` (timeout, closed, unknown protocol, too many messages, refused).
 */
export function detectTelephonyCall(
  socket: WebSocketLike,
  providers: readonly TelephonyProvider[],
  options: DetectProviderOptions,
): Promise<DetectedTelephonyCall> {
  return detectProvider(socket, providers, options);
}
