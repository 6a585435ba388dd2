import { describe, expect, it } from 'vitest';
import { isSilence, levelDbfs, rms, SPEAKING_THRESHOLD } from './audio-level.js';

describe('rms', () => {
  it('is the root mean square in sample units', () => {
    expect(rms(Int16Array.of(3, -4, 3, -4))).toBeCloseTo(Math.sqrt(12.5), 12);
    expect(rms(new Int16Array(10).fill(-1000))).toBe(1000);
  });

  it('is 0 for silence and for an empty array', () => {
    expect(rms(new Int16Array(8))).toBe(0);
    expect(rms(new Int16Array(0))).toBe(0);
  });
});

describe('levelDbfs', () => {
  it('is 0 dBFS for a full-scale square wave and about -3 dBFS for a full-scale sine', () => {
    const square = Int16Array.from({ length: 100 }, (_, index) => (index % 2 ? -32768 : 32767));
    expect(levelDbfs(square)).toBeCloseTo(0, 3);
    const sine = Int16Array.from({ length: 8000 }, (_, index) =>
      Math.round(32767 * Math.sin((2 * Math.PI * 1000 * index) / 8000)),
    );
    expect(levelDbfs(sine)).toBeCloseTo(-3.01, 2);
  });

  it('drops 6 dB when the amplitude halves', () => {
    const loud = new Int16Array(100).fill(16384);
    const quiet = new Int16Array(100).fill(8192);
    expect(levelDbfs(loud) - levelDbfs(quiet)).toBeCloseTo(6.02, 2);
  });

  it('is -Infinity for silence', () => {
    expect(levelDbfs(new Int16Array(160))).toBe(Number.NEGATIVE_INFINITY);
    expect(levelDbfs(new Int16Array(0))).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('isSilence', () => {
  it('treats samples up to the speaking threshold (20) as silence', () => {
    expect(SPEAKING_THRESHOLD).toBe(20);
    expect(isSilence(Int16Array.of(0, 20, -20, 5))).toBe(true);
    expect(isSilence(Int16Array.of(0, 21))).toBe(false);
    expect(isSilence(Int16Array.of(-21, 0))).toBe(false);
  });

  it('uses the given threshold', () => {
    expect(isSilence(Int16Array.of(100, -100), 100)).toBe(true);
    expect(isSilence(Int16Array.of(100, -101), 100)).toBe(false);
    expect(isSilence(Int16Array.of(1), 0)).toBe(false);
  });

  it('rejects a negative or NaN threshold, naming it', () => {
    expect(() => isSilence(new Int16Array(1), -1)).toThrow(/got -1/);
    expect(() => isSilence(new Int16Array(1), Number.NaN)).toThrow(/got NaN/);
  });
});
