/**
 * One provider's media stream as fuzzing sees it: the messages the provider sends, and the
 * serializer a server builds for it. Provider packages, the demo and the benchmarks describe
 * their streams with it; the fuzz checks take it.
 */
import type { CallData, FrameSerializer, ProviderDescriptor } from '@x/transport-core';
import type fc from 'fast-check';
import type { JsonObject } from './fuzzed-message.js';

/** One provider's media stream: what it sends, and the descriptor that reads it. */
export interface ProviderStream {
  /** The provider's name, as its descriptor gives it. */
  readonly name: string;
  /** The provider's descriptor, as `detectProvider` is given it. */
  readonly descriptor: ProviderDescriptor<CallData>;
  /** What the provider sends first, in order, its start message last. */
  readonly openingMessages: readonly JsonObject[];
  /** Any valid message of the stream (openings, media, keys, marks, stop, …). */
  readonly validMessage: fc.Arbitrary<JsonObject>;
  /** One caller media message, numbered `chunk` (from 1), carrying `payload` in the stream's encoding. */
  mediaMessage(payload: Uint8Array, chunk: number): JsonObject;
}

/**
 * The serializer a server builds for `stream` from its start message, with the REST hang-up
 * off (a fuzzed call must never reach a provider API).
 * @throws Error when the descriptor does not recognise the start message.
 */
export function serializerFromStart(stream: ProviderStream): FrameSerializer {
  const recognition = stream.descriptor.recognize(stream.openingMessages.at(-1));
  if (recognition?.kind !== 'start') {
    throw new Error(`${stream.descriptor.name} does not recognise the stream's start message`);
  }
  return stream.descriptor.createSerializer(recognition.callData, { autoHangUp: false });
}
