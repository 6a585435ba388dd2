import { describe, expect, it } from 'vitest';
import { MAX_TRACKED_MARKS, TwilioMarkTracker } from './twilio-mark-tracker.js';

describe('TwilioMarkTracker', () => {
  it('reports an echo as played when no clear came between sending and echo', () => {
    const marks = new TwilioMarkTracker();
    marks.sent('a');
    expect(marks.size).toBe(1);
    expect(marks.echoed('a')).toBe(false);
    expect(marks.size).toBe(0);
  });

  it('reports marks sent before a clear as cleared, and marks sent after it as played', () => {
    const marks = new TwilioMarkTracker();
    marks.sent('a');
    marks.sent('b');
    marks.clearing();
    marks.sent('c');
    expect(marks.echoed('a')).toBe(true);
    expect(marks.echoed('b')).toBe(true);
    expect(marks.echoed('c')).toBe(false);
  });

  it('tells repeated names apart: cleared echoes come first, then the one sent after the clear', () => {
    const marks = new TwilioMarkTracker();
    marks.sent('chunk');
    marks.sent('chunk');
    marks.clearing();
    marks.sent('chunk');
    expect([marks.echoed('chunk'), marks.echoed('chunk'), marks.echoed('chunk')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(marks.size).toBe(0);
  });

  it('reads an unknown or repeated echo as played without going negative', () => {
    const marks = new TwilioMarkTracker();
    expect(marks.echoed('never-sent')).toBe(false);
    marks.sent('a');
    marks.echoed('a');
    expect(marks.echoed('a')).toBe(false);
    expect(marks.size).toBe(0);
  });

  it('stops tracking at its bound instead of growing without limit', () => {
    const marks = new TwilioMarkTracker();
    for (let index = 0; index < MAX_TRACKED_MARKS; index++)
      expect(marks.sent(`m${index}`)).toBe(true);
    expect(marks.sent('one-too-many')).toBe(false);
    expect(marks.size).toBe(MAX_TRACKED_MARKS);
    marks.echoed('m0');
    expect(marks.sent('fits-again')).toBe(true);
  });
});
