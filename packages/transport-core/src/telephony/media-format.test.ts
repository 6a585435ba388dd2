import { describe, expect, it } from 'vitest';
import { sameMediaFormat } from './media-format.js';

describe('sameMediaFormat', () => {
  it('is true only when encoding, rate and channels all agree', () => {
    const pcmu = { encoding: 'PCMU', sampleRate: 8000, channels: 1 } as const;
    expect(sameMediaFormat(pcmu, { ...pcmu })).toBe(true);
    expect(sameMediaFormat(pcmu, { ...pcmu, encoding: 'PCMA' })).toBe(false);
    expect(sameMediaFormat(pcmu, { ...pcmu, sampleRate: 16_000 })).toBe(false);
    expect(sameMediaFormat(pcmu, { ...pcmu, channels: 2 })).toBe(false);
  });
});
