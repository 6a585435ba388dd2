import { describe, expect, it } from 'vitest';
import { PitchTracker } from './pitch-tracker.js';

const ANALYSIS_RATE = 4000;
const WINDOW = 128;

/** A 32 ms window at 4 kHz of a voice-like harmonic sound at `pitchHz`, starting at `phase`. */
function harmonics(pitchHz: number, phase = 0): Float64Array {
  const window = new Float64Array(WINDOW);
  for (let index = 0; index < WINDOW; index++) {
    for (let harmonic = 1; harmonic * pitchHz < 1900; harmonic++) {
      window[index]! +=
        Math.sin(2 * Math.PI * harmonic * (pitchHz * (index / ANALYSIS_RATE) + phase)) / harmonic;
    }
  }
  return window;
}

function noise(seed: number): Float64Array {
  let state = seed;
  return Float64Array.from({ length: WINDOW }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 30 - 1;
  });
}

describe('PitchTracker', () => {
  it('finds strong voicing in a harmonic sound and little in noise', () => {
    const tracker = new PitchTracker(ANALYSIS_RATE);
    tracker.analyse(harmonics(140));
    expect(tracker.voicing).toBeGreaterThan(0.8);
    tracker.analyse(noise(7));
    expect(tracker.voicing).toBeLessThan(0.35);
  });

  it('calls a pitch held when a recent window had the same one, as a note does', () => {
    const tracker = new PitchTracker(ANALYSIS_RATE);
    tracker.analyse(harmonics(196));
    expect(tracker.held).toBe(false);
    tracker.analyse(harmonics(196, 0.3));
    expect(tracker.held).toBe(true);
  });

  it('does not call a gliding pitch held, as a voice glides', () => {
    const tracker = new PitchTracker(ANALYSIS_RATE);
    let pitch = 120;
    tracker.analyse(harmonics(pitch));
    for (let window = 0; window < 6; window++) {
      pitch *= 1.015;
      tracker.analyse(harmonics(pitch));
      expect(tracker.held).toBe(false);
    }
  });

  it('takes an octave jump of the same note for a held pitch', () => {
    const tracker = new PitchTracker(ANALYSIS_RATE);
    tracker.analyse(harmonics(110));
    tracker.analyse(harmonics(220));
    expect(tracker.held).toBe(true);
  });

  it('remembers a note across a quiet window, and forgets it on reset', () => {
    const tracker = new PitchTracker(ANALYSIS_RATE);
    tracker.analyse(harmonics(165));
    tracker.skip();
    expect(tracker.held).toBe(false);
    tracker.analyse(harmonics(165));
    expect(tracker.held).toBe(true);
    tracker.reset();
    tracker.analyse(harmonics(165));
    expect(tracker.held).toBe(false);
  });
});
