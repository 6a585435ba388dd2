import { describe, expect, it } from 'vitest';
import { GOERTZEL_LANES_PER_PASS, type GoertzelLane, GoertzelPass } from './goertzel-pass.js';

/** One untapered Goertzel filter measured alone, the textbook way (sum of block powers). */
function aloneOf(window: Int16Array, { coefficient, blockSamples, blocks }: GoertzelLane): number {
  let power = 0;
  for (let block = 0, start = 0; block < blocks; block++, start += blockSamples) {
    let previous = 0;
    let beforePrevious = 0;
    for (let sample = start; sample < start + blockSamples; sample++) {
      const current = window[sample]! + coefficient * previous - beforePrevious;
      beforePrevious = previous;
      previous = current;
    }
    power +=
      previous * previous +
      beforePrevious * beforePrevious -
      coefficient * previous * beforePrevious;
  }
  return power;
}

function laneAt(frequencyHz: number, sampleRate: number, blockSamples: number, blocks: number) {
  return {
    coefficient: 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRate),
    blockSamples,
    blocks,
  };
}

function noisyTones(samples: number): Int16Array {
  const window = new Int16Array(samples);
  let state = 17;
  for (let index = 0; index < samples; index++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    window[index] = Math.round(
      6000 * Math.sin(index * 0.55) + 4000 * Math.sin(index * 1.1 + 1) + (state % 3001) - 1500,
    );
  }
  return window;
}

describe('GoertzelPass', () => {
  it('measures every lane bit for bit as that filter alone, whatever the mix of blocks', () => {
    const window = noisyTones(256);
    // the detector's middle pass at 8 kHz: 10 ms, 6 ms and 32 ms blocks together
    const lanes = [
      laneAt(913.8, 8000, 85, 3),
      laneAt(985.2, 8000, 85, 3),
      laneAt(1370.6, 8000, 85, 3),
      laneAt(1428.5, 8000, 85, 3),
      laneAt(1776.7, 8000, 85, 3),
      laneAt(2100, 8000, 85, 3),
      laneAt(1100, 8000, 51, 5),
      laneAt(350, 8000, 256, 1),
    ];
    const powers = new Float64Array(GOERTZEL_LANES_PER_PASS);
    new GoertzelPass(lanes, 256).measure(window, powers);
    lanes.forEach((lane, index) => {
      expect(Object.is(powers[index], aloneOf(window, lane))).toBe(true);
    });
  });

  it('measures fewer lanes than a pass holds', () => {
    const window = noisyTones(512);
    const lanes = [laneAt(440, 16_000, 512, 1), laneAt(1209, 16_000, 170, 3)];
    const powers = new Float64Array(GOERTZEL_LANES_PER_PASS);
    const pass = new GoertzelPass(lanes, 512);
    pass.measure(window, powers);
    expect(pass.lanes).toBe(2);
    expect(powers[0]).toBe(aloneOf(window, lanes[0]!));
    expect(powers[1]).toBe(aloneOf(window, lanes[1]!));
  });

  it('refuses no lanes, too many, or blocks longer than the window', () => {
    const lane = laneAt(697, 8000, 85, 3);
    expect(() => new GoertzelPass([], 256)).toThrow(RangeError);
    expect(() => new GoertzelPass(Array(GOERTZEL_LANES_PER_PASS + 1).fill(lane), 256)).toThrow(
      RangeError,
    );
    expect(() => new GoertzelPass([lane], 200)).toThrow(/overrun/);
  });
});
