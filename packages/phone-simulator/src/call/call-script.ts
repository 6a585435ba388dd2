import { type AudioInput, type CallerAudio, prepareCallerAudio } from '../audio/caller-audio.js';
import type { MediaCodec } from '../audio/media-codec.js';
import { checkDtmfDigits } from '../providers/provider-dialect.js';
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

/** A script step's action with its audio prepared for the call's codec. */
export type ScriptAction = { play: CallerAudio } | { dtmf: string } | { hangUp: true };

/** Prepares a step's audio (or checks its digits) before the call connects. */
export async function prepareStep(
  step: CallStep,
  codec: MediaCodec,
): Promise<{ at: StepTime; action: ScriptAction }> {
  if ('play' in step)
    return { at: step.at, action: { play: await prepareCallerAudio(step.play, codec) } };
  if ('dtmf' in step) {
    checkDtmfDigits(step.dtmf);
    return { at: step.at, action: { dtmf: step.dtmf } };
  }
  return { at: step.at, action: { hangUp: true } };
}
