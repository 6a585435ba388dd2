import { describe, expect, it } from 'vitest';
import {
  addKeyPresses,
  DIALER_KEY_PRESSES,
  DTMF_FREQUENCIES_HZ,
  HUMAN_KEY_PRESSES,
  keyPressSequence,
} from './dtmf-key-presses.js';
import { SeededRandom } from './seeded-random.js';
import { powerAtFrequency } from './tone-power.js';

const RATE = 8000;

describe('keyPressSequence', () => {
  it('keeps each tone and each pause within the timing given', () => {
    for (const timing of [HUMAN_KEY_PRESSES, DIALER_KEY_PRESSES]) {
      const presses = keyPressSequence(new SeededRandom(3), 1, 10, timing);
      expect(presses).toHaveLength(10);
      presses.forEach((press, index) => {
        expect(press.secs).toBeGreaterThanOrEqual(timing.toneSecs[0]);
        expect(press.secs).toBeLessThanOrEqual(timing.toneSecs[1]);
        const next = presses[index + 1];
        if (next) {
          const pause = next.startSecs - press.startSecs - press.secs;
          expect(pause).toBeGreaterThanOrEqual(timing.pauseSecs[0] - 1e-9);
          expect(pause).toBeLessThanOrEqual(timing.pauseSecs[1] + 1e-9);
        }
      });
    }
  });
});

describe('addKeyPresses', () => {
  it('sounds the row and column frequencies of the key, the high one louder', () => {
    const signal = new Float64Array(RATE / 2);
    addKeyPresses(signal, RATE, [{ key: '5', startSecs: 0, secs: 0.5 }], new SeededRandom(1));
    const [low, high] = DTMF_FREQUENCIES_HZ['5']!;
    const lowPower = powerAtFrequency(signal, low, RATE);
    const highPower = powerAtFrequency(signal, high, RATE);
    expect(10 * Math.log10(highPower / lowPower)).toBeCloseTo(2, 0);
    for (const other of [697, 852, 941, 1209, 1477, 1633]) {
      expect(powerAtFrequency(signal, other, RATE)).toBeLessThan(lowPower / 100);
    }
  });
});
