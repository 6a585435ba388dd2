import { describe, expect, it } from 'vitest';
import { MAX_FILTER_PHASES, polyphaseFilterFor } from './kaiser-filter.js';

const DESIGN = { passbandFraction: 0.9, stopbandAttenuationDb: 80 };

describe('polyphaseFilterFor', () => {
  it('builds one shared table per reduced rate ratio and design', () => {
    const first = polyphaseFilterFor(8000, 16000, DESIGN);
    expect(polyphaseFilterFor(8000, 16000, { ...DESIGN })).toBe(first);
    expect(polyphaseFilterFor(24000, 48000, DESIGN)).toBe(first);
    expect(polyphaseFilterFor(8000, 16000, { ...DESIGN, stopbandAttenuationDb: 70 })).not.toBe(
      first,
    );
  });

  it('reduces the rate ratio to its polyphase factors', () => {
    expect(polyphaseFilterFor(44100, 48000, DESIGN)).toMatchObject({
      upFactor: 160,
      downFactor: 147,
    });
    expect(polyphaseFilterFor(16000, 8000, DESIGN)).toMatchObject({ upFactor: 1, downFactor: 2 });
  });

  it('gives every phase unity gain at DC and a multiple of 4 taps', () => {
    const filter = polyphaseFilterFor(22050, 8000, DESIGN);
    expect(filter.tapsPerPhase % 4).toBe(0);
    expect(filter.coefficients).toHaveLength(filter.upFactor * filter.tapsPerPhase);
    for (let phase = 0; phase < filter.upFactor; phase++) {
      const taps = filter.coefficients.subarray(
        phase * filter.tapsPerPhase,
        (phase + 1) * filter.tapsPerPhase,
      );
      expect(taps.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
    }
  });

  it('needs more taps for a narrower transition or deeper stopband', () => {
    const base = polyphaseFilterFor(16000, 8000, DESIGN).tapsPerPhase;
    expect(
      polyphaseFilterFor(16000, 8000, { ...DESIGN, passbandFraction: 0.95 }).tapsPerPhase,
    ).toBeGreaterThan(base);
    expect(
      polyphaseFilterFor(16000, 8000, { ...DESIGN, stopbandAttenuationDb: 100 }).tapsPerPhase,
    ).toBeGreaterThan(base);
  });

  it(`refuses ratios needing more than ${MAX_FILTER_PHASES} phases before building anything`, () => {
    expect(() => polyphaseFilterFor(44100, 44101, DESIGN)).toThrow(RangeError);
  });
});
