import type { AudioOutMixerSettings } from '../audio/audio-out-mixer.js';
import { ControlFrame } from './frame.js';

/**
 * Changes the output mixer's settings at runtime (`audioOutMixer`): its volume, or whether the
 * background plays. It takes effect in order, once the audio pushed before it has been sent, and
 * survives interruptions (a queued change is never lost). Without a mixer it is passed on.
 *
 * ```ts
 * task.queueFrames([new TTSAudioRawFrame(pleaseHold, 24000), new MixerControlFrame({ enabled: true })]);
 * ```
 */
export class MixerControlFrame extends ControlFrame {
  static override readonly type: string = 'MixerControlFrame';
  /** New gain of the background (0 silent, 1 as recorded), if it changes. */
  readonly volume: number | undefined;
  /** Whether the background plays from now on, if it changes. */
  readonly enabled: boolean | undefined;

  /** @throws RangeError for a volume that is not a finite number ≥ 0. */
  constructor(settings: AudioOutMixerSettings) {
    super();
    if (
      settings.volume !== undefined &&
      !(Number.isFinite(settings.volume) && settings.volume >= 0)
    ) {
      throw new RangeError(`mixer volume must be a finite number ≥ 0, got ${settings.volume}`);
    }
    this.volume = settings.volume;
    this.enabled = settings.enabled;
  }

  override get uninterruptible(): boolean {
    return true;
  }
}
