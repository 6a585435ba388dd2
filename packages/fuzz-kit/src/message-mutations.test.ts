import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from './fuzzed-message.js';
import { fuzzedMessage, garbageMessage, mutatedMessage } from './message-mutations.js';

const VALID: JsonObject = {
  event: 'media',
  sequenceNumber: '3',
  media: { track: 'inbound', chunk: '2', payload: 'AAAA' },
  streamSid: 'MZ1',
};
const SAMPLES = 2_000;

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

describe('mutatedMessage', () => {
  const samples = fc
    .sample(mutatedMessage(fc.constant(VALID)), { numRuns: SAMPLES, seed: 42 })
    .map((message) => message.data);
  const texts = samples.filter((data): data is string => typeof data === 'string');

  it('sends most variants as text and some as binary frames', () => {
    expect(texts.length).toBeGreaterThan(SAMPLES / 2);
    expect(samples.some((data) => data instanceof Uint8Array)).toBe(true);
  });

  it('changes the valid message: its fields, its JSON text, its prototype keys', () => {
    const valid = JSON.stringify(VALID);
    expect(texts.filter((text) => text === valid).length).toBeLessThan(SAMPLES / 20);
    expect(texts.some((text) => parsed(text) === undefined)).toBe(true);
    expect(
      texts.some((text) => (parsed(text) as JsonObject | undefined)?.media === undefined),
    ).toBe(true);
    expect(texts.some((text) => text.includes('"__proto__"'))).toBe(true);
  });

  it('never leaks the placeholders of raw JSON values into a message', () => {
    expect(texts.filter((text) => text.includes('\\u0000raw-'))).toEqual([]);
    expect(texts.some((text) => /:(NaN|Infinity|1e999)\b/.test(text))).toBe(true);
  });

  it('leaves the valid message it was given untouched', () => {
    expect(VALID.media).toEqual({ track: 'inbound', chunk: '2', payload: 'AAAA' });
  });
});

describe('garbageMessage and fuzzedMessage', () => {
  it('garbage comes as text and as bytes', () => {
    const garbage = fc.sample(garbageMessage, { numRuns: 300, seed: 7 }).map((m) => m.data);
    expect(garbage.some((data) => typeof data === 'string')).toBe(true);
    expect(garbage.some((data) => data instanceof Uint8Array)).toBe(true);
  });

  it('fuzzed messages mostly derive from the valid ones', () => {
    const fuzzed = fc
      .sample(fuzzedMessage(fc.constant(VALID)), { numRuns: 500, seed: 3 })
      .map((m) => m.data);
    const mentioningTheStream = fuzzed.filter(
      (data) => typeof data === 'string' && data.includes('MZ1'),
    );
    expect(mentioningTheStream.length).toBeGreaterThan(250);
  });
});
