import { describe, expect, it } from 'vitest';
import { MAX_TRACKED_CHECKPOINTS, PlivoCheckpointTracker } from './plivo-checkpoints.js';

describe('PlivoCheckpointTracker', () => {
  it('answers duplicate names first in, first out', () => {
    const tracker = new PlivoCheckpointTracker();
    tracker.sent('same');
    tracker.sent('same');
    tracker.clearSent();
    expect(tracker.played('same')).toBe('played');
    expect(tracker.audioCleared()).toEqual(['same']);
    expect(tracker.outstanding).toBe(0);
  });

  it('reports each cleared checkpoint once, then ignores one late answer for it', () => {
    const tracker = new PlivoCheckpointTracker();
    tracker.sent('a');
    tracker.clearSent();
    expect(tracker.audioCleared()).toEqual(['a']);
    expect(tracker.audioCleared()).toEqual([]);
    expect(tracker.played('a')).toBe('already-reported');
    expect(tracker.played('a')).toBe('played');
  });

  it('remembers at most MAX_TRACKED_CHECKPOINTS unanswered checkpoints, forgetting the oldest', () => {
    const tracker = new PlivoCheckpointTracker();
    for (let index = 0; index <= MAX_TRACKED_CHECKPOINTS; index++) tracker.sent(`c${index}`);
    expect(tracker.outstanding).toBe(MAX_TRACKED_CHECKPOINTS);
    expect(tracker.forgotten).toBe(1);
    tracker.clearSent();
    const cleared = tracker.audioCleared();
    expect(cleared).toHaveLength(MAX_TRACKED_CHECKPOINTS);
    expect(cleared[0]).toBe('c1');
    expect(cleared.at(-1)).toBe(`c${MAX_TRACKED_CHECKPOINTS}`);
  });
});
