/** Runtime settings of an output mixer, as a `MixerControlFrame` carries them. */
export interface AudioOutMixerSettings {
  /** Gain of the background: 0 is silent, 1 as recorded (more amplifies, clipping). */
  volume?: number;
  /** Whether the background plays (under the bot's voice, and alone while the bot is silent). */
  enabled?: boolean;
}

/**
 * Mixes a background sound (hold music, office ambience) into the bot's audio on the way out
 * (Pipecat's `audio_out_mixer`). The output transport asks it for the background only as each
 * chunk is released: nothing mixed waits in a queue, so an interruption never clears background
 * beyond what was already sent. One mixer per call: it keeps the sound's position.
 *
 * - `start` is called once when the output starts, with the rate and channels of its chunks.
 * - `mix(chunk)` adds the background to a chunk of bot audio, in place.
 * - While the bot is silent and `enabled` is true, the transport sends `next(chunkSamples)` alone,
 *   paced like any audio; while `enabled` is false it sends nothing between utterances.
 * - `update(settings)` applies a `MixerControlFrame` at its place in the output.
 */
export interface AudioOutMixer {
  /** True while the background plays. */
  readonly enabled: boolean;
  /** Called once before any other method with the output's rate (Hz) and channel count. */
  start(sampleRate: number, numChannels: number): void;
  /**
   * Adds the background for the next `chunk.length` samples (interleaved) to `chunk`, in place,
   * clipping to PCM16; leaves it as it is while disabled.
   */
  mix(chunk: Int16Array): void;
  /** The background alone for the next `samples` samples (interleaved), in a new array. */
  next(samples: number): Int16Array;
  /**
   * Applies new settings; fields left out keep their value.
   * @throws RangeError for a volume that is not a finite number ≥ 0.
   */
  update(settings: AudioOutMixerSettings): void;
}
