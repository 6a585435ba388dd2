import { EnergyVADAnalyzer } from '@x/transport-core';
import alawmulaw from 'alawmulaw';
import { describe, expect, it } from 'vitest';
import {
  CALLER_SAMPLE_RATE,
  CYCLE_MS,
  callerSpeech,
  callerTurns,
  SHORT_PAUSE_MS,
  TURN_MS,
} from './caller-speech.js';
import { DEFAULT_CALLS_PER_CORE_OPTIONS } from './calls-per-core-options.js';

const FRAME_SAMPLES = 160;
const CALL_MS = 20_000;

/** Times (ms into the call) at which the core VAD confirmed speech starts, on the μ-law audio. */
async function vadStarts(pcm: Int16Array): Promise<number[]> {
  const line = alawmulaw.mulaw.decode(alawmulaw.mulaw.encode(pcm));
  const vad = new EnergyVADAnalyzer();
  vad.setSampleRate(CALLER_SAMPLE_RATE);
  const starts: number[] = [];
  for (let offset = 0; offset + FRAME_SAMPLES <= line.length; offset += FRAME_SAMPLES) {
    const { transitions } = await vad.analyzeAudio(line.subarray(offset, offset + FRAME_SAMPLES));
    for (const transition of transitions) {
      if (transition === 'started')
        starts.push(((offset + FRAME_SAMPLES) * 1000) / CALLER_SAMPLE_RATE);
    }
  }
  return starts;
}

describe('callerSpeech', () => {
  it('gives the core energy VAD exactly one speech start per turn, within 0.3 s of it', async () => {
    const turns = callerTurns(CALL_MS);
    const starts = await vadStarts(callerSpeech(CALL_MS));
    expect(starts).toHaveLength(turns.length);
    starts.forEach((startMs, index) => {
      const delay = startMs - turns[index]!.startMs;
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(300);
    });
  });

  it('alternates turns that wait for the bot with turns that barge in', () => {
    expect(callerTurns(CALL_MS).map((turn) => turn.bargeIn)).toEqual([
      false,
      true,
      false,
      true,
      false,
    ]);
  });

  it('starts each barge-in turn before the echo of the turn before has finished playing', () => {
    const echoDelayMs = 2 * DEFAULT_CALLS_PER_CORE_OPTIONS.echoBatchMs;
    const turns = callerTurns(CALL_MS);
    for (let index = 1; index < turns.length; index++) {
      if (!turns[index]!.bargeIn) continue;
      expect(turns[index]!.startMs).toBeLessThan(turns[index - 1]!.endMs + echoDelayMs);
    }
    expect(SHORT_PAUSE_MS).toBeLessThan(echoDelayMs);
  });

  it('keeps the caller talking three quarters of the time', () => {
    expect((2 * TURN_MS) / CYCLE_MS).toBe(0.75);
  });
});
