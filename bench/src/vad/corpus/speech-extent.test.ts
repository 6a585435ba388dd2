import { describe, expect, it } from 'vitest';
import { speechExtent } from './speech-extent.js';

const RATE = 8000;

function clip(parts: Array<[number, number]>): Float64Array {
  // [seconds, amplitude] stretches of a 200 Hz sine
  const total = parts.reduce((sum, [secs]) => sum + secs, 0);
  const signal = new Float64Array(Math.round(total * RATE));
  let offset = 0;
  for (const [secs, amplitude] of parts) {
    const length = Math.round(secs * RATE);
    for (let index = 0; index < length; index++) {
      signal[offset + index] = amplitude * Math.sin((2 * Math.PI * 200 * index) / RATE);
    }
    offset += length;
  }
  return signal;
}

describe('speechExtent', () => {
  it('spans from the first to the last frame within 45 dB of the loudest, to the 10 ms frame', () => {
    const extent = speechExtent(
      clip([
        [0.25, 0],
        [0.5, 10_000],
        [0.3, 0],
        [0.4, 5_000],
        [0.2, 0],
      ]),
      RATE,
    );
    expect(extent).toEqual({ startSample: 0.25 * RATE, endSample: 1.45 * RATE });
  });

  it('leaves out sound more than 45 dB below the loudest frame', () => {
    const extent = speechExtent(
      clip([
        [0.2, 30],
        [0.5, 10_000],
        [0.2, 30],
      ]),
      RATE,
    );
    expect(extent).toEqual({ startSample: 0.2 * RATE, endSample: 0.7 * RATE });
  });

  it('keeps quiet speech that is within 45 dB of the loudest frame', () => {
    const extent = speechExtent(
      clip([
        [0.2, 100],
        [0.5, 10_000],
        [0.2, 0],
      ]),
      RATE,
    );
    expect(extent?.startSample).toBe(0);
  });

  it('finds nothing in silence', () => {
    expect(speechExtent(new Float64Array(800), RATE)).toBeUndefined();
  });
});
