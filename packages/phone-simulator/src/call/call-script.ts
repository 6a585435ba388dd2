import type { AudioInput } from '../audio/caller-audio.js';
import type { CallEventType } from './call-events.js';

/**
 * When a script step runs: a call time in milliseconds, or `delayMs` after the `occurrence`-th
 * event of a type since the call began (default the first), e.g. half a second after the bot's
 * second utterance starts: `{ after: 'bot-audio-start', occurrence: 2, delayMs: 500 }`.
 */
export type StepTime = number | { after: CallEventType; occurrence?: number; delayMs?: number };

/** One step of a scripted call: say something, press keys, or hang up, at a given time. */
export type CallStep =
  /** Say `play` (queued behind anything the caller is still saying). */
  | { at: StepTime; play: AudioInput }
  /** Press `dtmf` digits, one every `DTMF_DIGIT_INTERVAL_MS`. */
  | { at: StepTime; dtmf: string }
  /** Hang up. */
  | { at: StepTime; hangUp: true };

/** Gap between digits when a step presses several. */
export const DTMF_DIGIT_INTERVAL_MS = 250;

/** Throws naming the first malformed step of `steps`. */
export function checkScript(steps: readonly CallStep[]): void {
  steps.forEach((step, index) => {
    const at = step.at;
    if (typeof at === 'number') {
      if (!Number.isFinite(at) || at < 0) {
        throw new RangeError(`script step ${index}: "at" must be a call time ≥ 0 ms, got ${at}`);
      }
    } else if (typeof at !== 'object' || at === null || typeof at.after !== 'string') {
      throw new RangeError(`script step ${index}: "at" must be a number or { after: <event> }`);
    } else {
      const occurrence = at.occurrence ?? 1;
      if (!Number.isInteger(occurrence) || occurrence < 1) {
        throw new RangeError(
          `script step ${index}: "occurrence" must be an integer ≥ 1, got ${occurrence}`,
        );
      }
      const delayMs = at.delayMs ?? 0;
      if (!Number.isFinite(delayMs) || delayMs < 0) {
        throw new RangeError(`script step ${index}: "delayMs" must be ≥ 0, got ${delayMs}`);
      }
    }
    const actions = ['play', 'dtmf', 'hangUp'].filter((key) => key in step);
    if (actions.length !== 1) {
      throw new RangeError(
        `script step ${index} must have exactly one of "play", "dtmf", "hangUp", got ${actions.length === 0 ? 'none' : actions.join(', ')}`,
      );
    }
  });
}
