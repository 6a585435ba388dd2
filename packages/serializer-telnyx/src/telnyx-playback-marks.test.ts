import { describe, expect, it } from 'vitest';
import { MAX_OUTSTANDING_MARKS, PlaybackMarkLedger } from './telnyx-playback-marks.js';

describe('PlaybackMarkLedger', () => {
  it('reports an echoed mark as played', () => {
    const ledger = new PlaybackMarkLedger();
    ledger.sent('a');
    expect(ledger.echoed('a')).toBe(false);
    expect(ledger.outstanding).toBe(0);
  });

  it('reports marks sent before a clear as cleared, and later ones as played', () => {
    const ledger = new PlaybackMarkLedger();
    ledger.sent('a');
    ledger.sent('b');
    ledger.cleared();
    ledger.sent('c');
    expect(ledger.echoed('a')).toBe(true);
    expect(ledger.echoed('b')).toBe(true);
    expect(ledger.echoed('c')).toBe(false);
  });

  it('keeps repeated names apart: the cleared one echoes first', () => {
    const ledger = new PlaybackMarkLedger();
    ledger.sent('chunk');
    ledger.cleared();
    ledger.sent('chunk');
    expect(ledger.outstanding).toBe(2);
    expect(ledger.echoed('chunk')).toBe(true);
    expect(ledger.echoed('chunk')).toBe(false);
    expect(ledger.outstanding).toBe(0);
  });

  it('reports unknown names as played', () => {
    expect(new PlaybackMarkLedger().echoed('never-sent')).toBe(false);
  });

  it('remembers a bounded number of marks, forgetting the oldest', () => {
    const ledger = new PlaybackMarkLedger();
    for (let index = 0; index <= MAX_OUTSTANDING_MARKS; index++) ledger.sent(`mark-${index}`);
    expect(ledger.outstanding).toBe(MAX_OUTSTANDING_MARKS);
    expect(ledger.forgotten).toBe(1);
  });
});
