import { describe, expect, it } from 'vitest';
import { MAX_TRACKED_PLAYBACK_MARKS, PlaybackMarkLedger } from './playback-mark-ledger.js';

function echoingLedger(maxTrackedMarks?: number): PlaybackMarkLedger {
  return new PlaybackMarkLedger({ clearedMarkReporting: 'echo-each-mark', maxTrackedMarks });
}

function confirmingLedger(maxTrackedMarks?: number): PlaybackMarkLedger {
  return new PlaybackMarkLedger({ clearedMarkReporting: 'confirm-clear', maxTrackedMarks });
}

describe('PlaybackMarkLedger with a provider that echoes dropped marks (Twilio, Telnyx)', () => {
  it('reports an echo as played when no clear came between sending and echo', () => {
    const marks = echoingLedger();
    marks.sent('a');
    expect(marks.outstanding).toBe(1);
    expect(marks.echoed('a')).toBe('played');
    expect(marks.outstanding).toBe(0);
  });

  it('reports marks sent before a clear as cleared, and marks sent after it as played', () => {
    const marks = echoingLedger();
    marks.sent('a');
    marks.sent('b');
    marks.cleared();
    marks.sent('c');
    expect(marks.echoed('a')).toBe('cleared');
    expect(marks.echoed('b')).toBe('cleared');
    expect(marks.echoed('c')).toBe('played');
  });

  it('tells repeated names apart: cleared echoes come first, then the one sent after the clear', () => {
    const marks = echoingLedger();
    marks.sent('chunk');
    marks.sent('chunk');
    marks.cleared();
    marks.sent('chunk');
    expect(marks.outstanding).toBe(3);
    expect([marks.echoed('chunk'), marks.echoed('chunk'), marks.echoed('chunk')]).toEqual([
      'cleared',
      'cleared',
      'played',
    ]);
    expect(marks.outstanding).toBe(0);
  });

  it('reads an unknown or repeated echo as played without going negative', () => {
    const marks = echoingLedger();
    expect(marks.echoed('never-sent')).toBe('played');
    marks.sent('a');
    marks.echoed('a');
    expect(marks.echoed('a')).toBe('played');
    expect(marks.outstanding).toBe(0);
  });
});

describe('PlaybackMarkLedger with a provider that confirms clears (Plivo)', () => {
  it('answers duplicate names first in, first out', () => {
    const marks = confirmingLedger();
    marks.sent('same');
    marks.sent('same');
    marks.cleared();
    expect(marks.echoed('same')).toBe('played');
    expect(marks.clearConfirmed()).toEqual(['same']);
    expect(marks.outstanding).toBe(0);
  });

  it('reads an echo between the clear and its confirmation as played: the audio was heard', () => {
    const marks = confirmingLedger();
    marks.sent('raced');
    marks.cleared();
    expect(marks.echoed('raced')).toBe('played');
    expect(marks.clearConfirmed()).toEqual([]);
  });

  it('reports each cleared mark once, then ignores one late echo for it', () => {
    const marks = confirmingLedger();
    marks.sent('a');
    marks.cleared();
    expect(marks.clearConfirmed()).toEqual(['a']);
    expect(marks.clearConfirmed()).toEqual([]);
    expect(marks.echoed('a')).toBe('already-reported');
    expect(marks.echoed('a')).toBe('played');
  });

  it('matches an echo to a mark sent after the clear before one already reported cleared', () => {
    const marks = confirmingLedger();
    marks.sent('again');
    marks.cleared();
    marks.clearConfirmed();
    marks.sent('again');
    expect(marks.echoed('again')).toBe('played');
    expect(marks.outstanding).toBe(0);
  });

  it('keeps marks sent after a clear pending when the clear is confirmed', () => {
    const marks = confirmingLedger();
    marks.sent('before');
    marks.cleared();
    marks.sent('after');
    expect(marks.clearConfirmed()).toEqual(['before']);
    expect(marks.outstanding).toBe(1);
    expect(marks.echoed('after')).toBe('played');
  });
});

describe('PlaybackMarkLedger overflow', () => {
  it('remembers MAX_TRACKED_PLAYBACK_MARKS marks by default, forgetting the oldest and counting it', () => {
    const marks = echoingLedger();
    for (let index = 0; index <= MAX_TRACKED_PLAYBACK_MARKS; index++) marks.sent(`m${index}`);
    expect(marks.outstanding).toBe(MAX_TRACKED_PLAYBACK_MARKS);
    expect(marks.forgotten).toBe(1);
  });

  it('forgets the oldest unanswered mark, whose late echo then counts as played', () => {
    const marks = echoingLedger(2);
    marks.sent('first');
    marks.sent('second');
    marks.cleared();
    marks.sent('third');
    expect(marks.forgotten).toBe(1);
    expect(marks.echoed('first')).toBe('played');
    expect(marks.echoed('second')).toBe('cleared');
    expect(marks.echoed('third')).toBe('played');
  });

  it('forgets marks already reported cleared first, without counting them as forgotten', () => {
    const marks = confirmingLedger(2);
    marks.sent('a');
    marks.sent('b');
    marks.cleared();
    expect(marks.clearConfirmed()).toEqual(['a', 'b']);
    marks.sent('c');
    marks.sent('d');
    expect(marks.forgotten).toBe(0);
    expect(marks.outstanding).toBe(2);
    expect(marks.echoed('a')).toBe('played');
    marks.sent('e');
    expect(marks.forgotten).toBe(1);
    expect(marks.outstanding).toBe(2);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => echoingLedger(0)).toThrow('maxTrackedMarks must be a positive integer, got 0');
    expect(() => echoingLedger(1.5)).toThrow(RangeError);
  });
});
