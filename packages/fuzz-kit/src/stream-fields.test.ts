import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  customParameters,
  DTMF_DIGITS,
  dtmfDigit,
  MAX_CHUNK_NUMBER,
  mediaMessages,
  mediaPayloadBytes,
} from './stream-fields.js';

const RUNS = 300;

describe('stream fields', () => {
  it('mediaPayloadBytes gives whole samples, at least one, at most the bound', () => {
    fc.assert(
      fc.property(mediaPayloadBytes(9, 2), (bytes) => {
        expect(bytes.length % 2).toBe(0);
        expect(bytes.length).toBeGreaterThanOrEqual(2);
        expect(bytes.length).toBeLessThanOrEqual(9);
      }),
      { numRuns: RUNS },
    );
  });

  it('mediaMessages numbers the chunks from 1 and carries the payloads', () => {
    const payload = Uint8Array.of(1, 2, 3);
    fc.assert(
      fc.property(
        mediaMessages((bytes, chunk) => ({ chunk, size: bytes.length }), fc.constant(payload)),
        (message) => {
          expect(message.size).toBe(3);
          expect(message.chunk).toBeGreaterThanOrEqual(1);
          expect(message.chunk).toBeLessThanOrEqual(MAX_CHUNK_NUMBER);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('dtmfDigit gives every key of the keypad and nothing else', () => {
    const digits = new Set(fc.sample(dtmfDigit, { numRuns: RUNS, seed: 2 }));
    expect([...digits].sort()).toEqual([...DTMF_DIGITS].sort());
  });

  it('customParameters has non-empty names', () => {
    fc.assert(
      fc.property(customParameters, (parameters) => {
        for (const name of Object.keys(parameters)) expect(name.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });
});
