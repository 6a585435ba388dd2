/**
 * Arbitraries of the fields that every provider's stream messages carry in some form (key
 * presses, sequence numbers, mark names, custom parameters, audio payloads), for building a
 * provider's valid messages.
 */
import fc from 'fast-check';
import type { JsonObject } from './fuzzed-message.js';

/** The keys of a phone keypad. */
export const DTMF_DIGITS: readonly string[] = [...'0123456789*#'];
/** Largest generated sequence number. */
export const MAX_SEQUENCE_NUMBER = 1_000_000;
/** Largest generated media chunk number. */
export const MAX_CHUNK_NUMBER = 100_000;
/** Length of the longest generated mark name, in characters. */
export const MAX_MARK_NAME_CHARACTERS = 24;

/** One key of a phone keypad. */
export const dtmfDigit: fc.Arbitrary<string> = fc.constantFrom(...DTMF_DIGITS);

/** A message's sequence number (providers send it as a number or as its decimal text). */
export const sequenceNumber: fc.Arbitrary<number> = fc.nat({ max: MAX_SEQUENCE_NUMBER });

/** The name of a playback mark (or checkpoint), as the bot may choose it. */
export const markName: fc.Arbitrary<string> = fc.string({ maxLength: MAX_MARK_NAME_CHARACTERS });

/** Custom parameters of a start message: a few short names and values. */
export const customParameters: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.string({ maxLength: 24 }),
  { maxKeys: 3 },
);

/** Audio bytes of one media message: at least one sample of `bytesPerSample`, whole samples only. */
export function mediaPayloadBytes(maxBytes: number, bytesPerSample = 1): fc.Arbitrary<Uint8Array> {
  return fc
    .uint8Array({ minLength: bytesPerSample, maxLength: maxBytes })
    .map((bytes) => bytes.subarray(0, bytes.length - (bytes.length % bytesPerSample)));
}

/** Media messages that `mediaMessage` builds from `payloads`, numbered 1 to `MAX_CHUNK_NUMBER`. */
export function mediaMessages(
  mediaMessage: (payload: Uint8Array, chunk: number) => JsonObject,
  payloads: fc.Arbitrary<Uint8Array>,
): fc.Arbitrary<JsonObject> {
  return fc
    .tuple(payloads, fc.integer({ min: 1, max: MAX_CHUNK_NUMBER }))
    .map(([payload, chunk]) => mediaMessage(payload, chunk));
}
