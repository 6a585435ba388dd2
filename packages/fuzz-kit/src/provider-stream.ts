/**
 * One provider's media stream as fuzzing sees it: the messages the provider sends, and the
 * serializer a server builds for it. Provider packages, the demo and the benchmarks describe
 * their streams with it; the fuzz checks take it.
 */
import type {
  CallData,
  FrameSerializer,
  ProviderDescriptor,
  TelephonyProvider,
} from '@x/transport-core';
import type fc from 'fast-check';
import type { JsonObject } from './fuzzed-message.js';

/**
 * A provider as fuzzing takes it: one made by a provider factory without credentials (e.g.
 * `createTwilio({ env: {} })`), or a provider descriptor.
 */
export type FuzzedProvider = TelephonyProvider | ProviderDescriptor<CallData>;

/** One provider's media stream: what it sends, and the provider that reads it. */
export interface ProviderStream {
  /** The provider's name, as its provider gives it. */
  readonly name: string;
  /** The provider that reads the stream, as `detectProvider` is given it. */
  readonly descriptor: FuzzedProvider;
  /** What the provider sends first, in order, its start message last. */
  readonly openingMessages: readonly JsonObject[];
  /** Any valid message of the stream (openings, media, keys, marks, stop, …). */
  readonly validMessage: fc.Arbitrary<JsonObject>;
  /** One caller media message, numbered `chunk` (from 1), carrying `payload` in the stream's encoding. */
  mediaMessage(payload: Uint8Array, chunk: number): JsonObject;
}

/**
 * The serializer a server builds for `stream` from its start message, with the REST hang-up
 * off (a fuzzed call must never reach a provider API): not call-bound for a factory-made
 * provider, `autoHangUp: false` for a descriptor.
 * @throws Error when the provider does not recognise the start message.
 */
export function serializerFromStart(stream: ProviderStream): FrameSerializer {
  const provider = stream.descriptor;
  const recognition = provider.recognize(stream.openingMessages.at(-1));
  if (recognition?.kind !== 'start') {
    throw new Error(`${provider.name} does not recognise the stream's start message`);
  }
  return 'security' in provider
    ? provider.createSerializer(recognition.callData, { callBound: false })
    : provider.createSerializer(recognition.callData, { autoHangUp: false });
}
