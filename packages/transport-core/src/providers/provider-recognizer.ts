import type { CallData } from './call-data.js';
import type { ProviderRecognition } from './provider-descriptor.js';

/**
 * What `detectProvider` needs of a provider: its name and how it recognises its first messages.
 * Provider descriptors and the providers made by `createTwilio` / `createTelnyx` /
 * `createPlivo` (`TelephonyProvider`) are both recognisers.
 */
export interface ProviderRecognizer<C extends CallData = CallData> {
  /** Provider name, e.g. `twilio`. */
  readonly name: string;
  /** Looks at one parsed JSON message read from a new socket. Never throws. */
  recognize(message: unknown): ProviderRecognition<C>;
}

/**
 * The call data a recogniser gives (distributed over a union: the union of their call data,
 * which `callData.provider` tells apart).
 */
export type RecognizedCallData<P> = P extends ProviderRecognizer<infer C> ? C : never;
