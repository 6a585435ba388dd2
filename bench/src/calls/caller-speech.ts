import { syntheticVoice } from '../support/synthetic-voice.js';

/** Telephony rate of the caller audio. */
export const CALLER_SAMPLE_RATE = 8000;
/** Each caller turn (the synthetic voice talking) lasts this long. */
export const TURN_MS = 3000;
/**
 * Pause before a turn that lets the bot finish: longer than the echo's delay (two echo batches,
 * 400 ms by default) plus the time the transport keeps the bot speaking after its speech ends
 * (350 ms), so the caller starts while the bot is quiet and nothing is interrupted.
 */
export const LONG_PAUSE_MS = 1700;
/**
 * Pause before a barge-in turn: long enough for the VAD to hear the caller stop (0.2 s), shorter
 * than the echo's delay, so the caller starts talking again while the bot is still playing the
 * echo of the turn before. The VAD confirms the start 0.2 s later, the bot is still speaking, and
 * the transport interrupts it: a `clear` goes out.
 */
export const SHORT_PAUSE_MS = 300;
/** One cycle: long pause, turn, short pause, turn (75 % speech, as before the barge-ins). */
export const CYCLE_MS = LONG_PAUSE_MS + TURN_MS + SHORT_PAUSE_MS + TURN_MS;

/** One caller turn on the call's timeline. */
export interface CallerTurn {
  /** When the caller starts talking, in ms from the call's start. */
  startMs: number;
  /** When the caller stops (or the call ends), in ms. */
  endMs: number;
  /** True when the turn follows a short pause: the caller talks over the bot's reply. */
  bargeIn: boolean;
}

/** The caller's turns in a call of `durationMs`: cycles of long pause, turn, short pause, turn. */
export function callerTurns(durationMs: number): CallerTurn[] {
  const turns: CallerTurn[] = [];
  for (let cycleStart = 0; cycleStart < durationMs; cycleStart += CYCLE_MS) {
    const first = cycleStart + LONG_PAUSE_MS;
    const second = first + TURN_MS + SHORT_PAUSE_MS;
    for (const [startMs, bargeIn] of [
      [first, false],
      [second, true],
    ] as const) {
      if (startMs >= durationMs) break;
      turns.push({ startMs, endMs: Math.min(startMs + TURN_MS, durationMs), bargeIn });
    }
  }
  return turns;
}

/**
 * What every simulated caller says, `durationMs` long: the synthetic voice in 3 s turns, after
 * alternately a long pause (the bot has finished) and a short one (the caller barges in while
 * the bot's echo of the previous turn still plays). Silence between turns.
 */
export function callerSpeech(durationMs: number): Int16Array {
  const talk = syntheticVoice(CALLER_SAMPLE_RATE, TURN_MS / 1000);
  const samplesPerMs = CALLER_SAMPLE_RATE / 1000;
  const pcm = new Int16Array(Math.ceil(durationMs * samplesPerMs));
  for (const turn of callerTurns(durationMs)) {
    const offset = Math.round(turn.startMs * samplesPerMs);
    const length = Math.min(talk.length, pcm.length - offset);
    pcm.set(talk.subarray(0, length), offset);
  }
  return pcm;
}
