import { describe, expect, it } from 'vitest';
import { InterruptionGate } from './interruption-policy.js';

const START_SECS = 0.2;

describe('InterruptionGate', () => {
  it("'on-user-speech' interrupts at the confirmed start, bot heard or not", () => {
    const gate = new InterruptionGate('on-user-speech', 0);
    gate.turnStarted(START_SECS);
    expect(gate.shouldInterrupt(0, false)).toBe(true);
  });

  it("'while-bot-heard' interrupts only when the bot is heard at the moment of deciding", () => {
    const gate = new InterruptionGate('while-bot-heard', 0);
    gate.turnStarted(START_SECS);
    expect(gate.shouldInterrupt(0, false)).toBe(false);
    // decided for this turn: the bot starting later in the same turn changes nothing
    expect(gate.shouldInterrupt(0.5, true)).toBe(false);
    gate.turnStarted(START_SECS);
    expect(gate.shouldInterrupt(0, true)).toBe(true);
  });

  it("'never' never interrupts", () => {
    const gate = new InterruptionGate('never', 0);
    gate.turnStarted(START_SECS);
    expect(gate.pending).toBe(false);
    expect(gate.shouldInterrupt(5, true)).toBe(false);
  });

  it('waits for the minimum speech, counting the VAD start time, and decides once per turn', () => {
    const gate = new InterruptionGate('on-user-speech', 0.5);
    gate.turnStarted(START_SECS);
    expect(gate.shouldInterrupt(0, false)).toBe(false);
    expect(gate.shouldInterrupt(0.2, false)).toBe(false); // 0.4 s spoken
    expect(gate.shouldInterrupt(0.1, false)).toBe(true); // 0.5 s spoken
    expect(gate.shouldInterrupt(0.1, false)).toBe(false);
  });

  it('a turn that ends before the minimum interrupts nothing', () => {
    const gate = new InterruptionGate('on-user-speech', 0.5);
    gate.turnStarted(START_SECS);
    expect(gate.shouldInterrupt(0.2, false)).toBe(false);
    gate.turnEnded();
    expect(gate.shouldInterrupt(1, false)).toBe(false);
  });

  it('a minimum below the VAD start time interrupts at the confirmed start', () => {
    const gate = new InterruptionGate('on-user-speech', 0.1);
    gate.turnStarted(START_SECS);
    expect(gate.shouldInterrupt(0, false)).toBe(true);
  });
});
