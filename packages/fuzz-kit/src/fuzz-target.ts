/**
 * What the serializer and transport fuzz checks are given (a provider's stream, plus what its
 * valid messages must turn into) and what they give back (named properties, one test each).
 */
import type { FrameSerializer } from '@x/transport-core';
import type fc from 'fast-check';
import type { JsonObject } from './fuzzed-message.js';
import { type ProviderStream, serializerFromStart } from './provider-stream.js';
import type { RecognitionKind } from './recognition-kind.js';
import { setUpSilently } from './silent-setup.js';

/** A valid key-press message and the digit its frame must carry. */
export interface KeyPressMessage {
  readonly message: JsonObject;
  readonly digit: string;
}

/** A valid answer to a playback mark (or checkpoint) and the name its frame must carry. */
export interface PlayedMarkMessage {
  readonly message: JsonObject;
  readonly name: string;
}

/** A provider's stream, with what its valid messages must become. */
export interface FuzzTarget extends ProviderStream {
  /** The stream's sample rate, in Hz: calls run at it, so decoded audio is exactly the payload's. */
  readonly sampleRateHz: number;
  /** Audio bytes of one media message, in the stream's encoding. */
  readonly mediaPayload: fc.Arbitrary<Uint8Array>;
  /** The samples `payload` decodes to. */
  decodedAudio(payload: Uint8Array): Int16Array;
  /** Valid key presses, each with the digit its frame must carry. */
  readonly keyPress: fc.Arbitrary<KeyPressMessage>;
  /** Valid answers to playback marks, each with the name its frame must carry. */
  readonly playedMark: fc.Arbitrary<PlayedMarkMessage>;
  /** What the descriptor may answer to any message (a provider without preamble never says `preamble`). */
  readonly recognitionKinds: readonly RecognitionKind[];
}

/** One named property with its number of runs: a test each. */
export interface FuzzCheck {
  /** What the property says, as a behaviour sentence: the test's name. */
  readonly name: string;
  /** Runs the property; throws fast-check's report (seed, counterexample, error) when it fails. */
  run(): void | Promise<void>;
}

/** A fresh serializer of `target`'s call, set up at the stream's own rate, logging nothing. */
export function startedSerializer(target: FuzzTarget): FrameSerializer {
  return setUpSilently(serializerFromStart(target), target.sampleRateHz);
}
