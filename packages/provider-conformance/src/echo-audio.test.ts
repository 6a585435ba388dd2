import { describe, expect, it } from 'vitest';
import { concatPcm, fadedTone, findEcho } from './echo-audio.js';

const RATE = 8000;

describe('fadedTone', () => {
  it('lasts the asked time and starts and ends in silence', () => {
    const tone = fadedTone(440, RATE, 100);
    expect(tone).toHaveLength(800);
    expect(tone[0]).toBe(0);
    expect(Math.abs(tone.at(-1)!)).toBeLessThan(10);
    expect(Math.max(...tone)).toBeGreaterThan(5900);
  });
});

describe('findEcho', () => {
  it('finds an exact copy where it was delayed, with an infinite signal-to-noise ratio', () => {
    const said = fadedTone(440, RATE, 50);
    const heard = concatPcm([new Int16Array(123), said, new Int16Array(40)]);
    expect(findEcho(said, heard)).toEqual({
      offset: 123,
      snrDb: Number.POSITIVE_INFINITY,
      insertedSilence: 0,
    });
  });

  it('measures the noise of a copy: one part in a hundred is 40 dB', () => {
    const said = fadedTone(440, RATE, 200);
    const noisy = said.map((sample) => Math.round(sample * 1.01));
    const match = findEcho(said, concatPcm([new Int16Array(7), noisy]));
    expect(match?.offset).toBe(7);
    expect(match?.snrDb).toBeCloseTo(40, 0);
  });

  it('prefers the true offset over one a period away', () => {
    const said = fadedTone(400, RATE, 100);
    const heard = concatPcm([new Int16Array(20), said, new Int16Array(20)]);
    expect(findEcho(said, heard)?.offset).toBe(20);
  });

  it('finds nothing in audio shorter than what was said', () => {
    expect(findEcho(fadedTone(440, RATE, 20), new Int16Array(10))).toBeUndefined();
  });

  // A tone at 440 Hz and 8 kHz crosses zero exactly every 100 samples: natural zeros that a
  // late message's silence can land next to.
  const said = fadedTone(440, RATE, 500);
  /** `said` played with `gaps` (samples of silence) inserted before the samples indexed. */
  function withGaps(audio: Int16Array, gaps: ReadonlyMap<number, number>): Int16Array {
    const parts: Int16Array[] = [new Int16Array(37)];
    let from = 0;
    for (const [at, length] of [...gaps].sort(([a], [b]) => a - b)) {
      parts.push(audio.subarray(from, at), new Int16Array(length));
      from = at;
    }
    parts.push(audio.subarray(from), new Int16Array(25));
    return concatPcm(parts);
  }
  const gaps = new Map([
    [101, 160], // just after a natural zero
    [200, 45], // just before one
    [1000, 1], // one sample late
    [1604, 2],
    [2250, 800], // a tenth of a second
  ]);
  const gapTotal = [...gaps.values()].reduce((sum, length) => sum + length, 0);

  it('leaves out the silence of late messages, even next to natural zeros', () => {
    expect(said[100]).toBe(0);
    expect(said[200]).toBe(0);
    expect(findEcho(said, withGaps(said, gaps))).toEqual({
      offset: 37,
      snrDb: Number.POSITIVE_INFINITY,
      insertedSilence: gapTotal,
    });
  });

  it('measures the noise of a copy that played with gaps as of one that did not', () => {
    const noisy = said.map((sample) => Math.round(sample * 1.01));
    const match = findEcho(said, withGaps(noisy, gaps));
    expect(match?.snrDb).toBeCloseTo(40, 0);
    expect(match?.insertedSilence).toBe(gapTotal);
  });

  const middle = 2000;
  it.each([
    ['a message lost', concatPcm([said.subarray(0, middle), said.subarray(middle + 160)])],
    [
      'a message played as silence',
      concatPcm([said.subarray(0, middle), new Int16Array(160), said.subarray(middle + 160)]),
    ],
    [
      'a message with its bytes swapped',
      said.map((sample, index) =>
        index >= middle && index < middle + 160
          ? ((sample & 0xff) << 8) | ((sample >> 8) & 0xff)
          : sample,
      ),
    ],
    ['the last 20 ms cut', said.subarray(0, said.length - 160)],
  ])('still hears %s among the gaps', (_, played) => {
    const match = findEcho(said, withGaps(played, gaps));
    // The conformance suite wants 33 dB over μ-law; one message in 25 wrong is about 14 dB.
    expect(match?.snrDb ?? 0).toBeLessThan(20);
  });
});
