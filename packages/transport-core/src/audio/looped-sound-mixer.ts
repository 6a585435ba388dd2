import type { AudioOutMixer, AudioOutMixerSettings } from './audio-out-mixer.js';
import { downmixToMono, upmixMono } from './channels.js';
import { resample } from './resampler/stream-resampler.js';
import type { WavAudio } from './wav.js';

/** Gain of the background by default: well under the bot's voice (Pipecat's sound mixer uses 0.4). */
export const LOOPED_SOUND_DEFAULT_VOLUME = 0.4;
const PCM16_MAX = 32_767;
const PCM16_MIN = -32_768;

/** Options of `LoopedSoundMixer`. */
export interface LoopedSoundMixerOptions {
  /**
   * The sound to loop: PCM16 samples (interleaved when stereo), their rate and channel count,
   * e.g. `parseWav(bytes)`. Stereo is mixed down to mono; the sound is resampled to the output
   * rate once, at start, and shared by every mixer made from the same samples.
   */
  sound: WavAudio;
  /** Gain of the sound: 0 is silent, 1 as recorded (more amplifies, clipping). Default 0.4. */
  volume?: number;
  /** Whether the sound plays from the start of the call. Default true. */
  enabled?: boolean;
}

/** Defaults of `LoopedSoundMixerOptions`. */
export const DEFAULT_LOOPED_SOUND_MIXER_OPTIONS = Object.freeze({
  volume: LOOPED_SOUND_DEFAULT_VOLUME,
  enabled: true,
});

/** The sound at each output format, per original samples: resampled once for all calls. */
const preparedSounds = new WeakMap<Int16Array, Map<string, Int16Array>>();

/**
 * An `AudioOutMixer` that loops one sound (hold music, ambience) under the bot's voice, and alone
 * while the bot is silent. Mixing adds the scaled sound to the bot's samples and clips to PCM16.
 * While disabled the sound pauses, and resumes where it stopped. One per call.
 *
 * ```ts
 * const mixer = new LoopedSoundMixer({ sound: parseWav(readFileSync('hold.wav')), volume: 0.3 });
 * new WebSocketTransport(socket, { serializer, audioOutMixer: mixer });
 * ```
 */
export class LoopedSoundMixer implements AudioOutMixer {
  readonly #sound: WavAudio;
  #volume: number;
  #enabled: boolean;
  #loop: Int16Array | undefined;
  #position = 0;

  /** @throws RangeError for an empty sound, a channel count other than 1 or 2, or a bad volume. */
  constructor(options: LoopedSoundMixerOptions) {
    const { sound } = options;
    if (sound.numChannels !== 1 && sound.numChannels !== 2) {
      throw new RangeError(`the looped sound must be mono or stereo, got ${sound.numChannels}`);
    }
    if (!(Number.isInteger(sound.sampleRate) && sound.sampleRate > 0)) {
      throw new RangeError(
        `the looped sound's sample rate must be a positive integer, got ${sound.sampleRate}`,
      );
    }
    if (sound.audio.length < sound.numChannels) {
      throw new RangeError('the looped sound is empty');
    }
    this.#sound = sound;
    this.#volume = checkedVolume(options.volume ?? DEFAULT_LOOPED_SOUND_MIXER_OPTIONS.volume);
    this.#enabled = options.enabled ?? DEFAULT_LOOPED_SOUND_MIXER_OPTIONS.enabled;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  /** The gain in use. */
  get volume(): number {
    return this.#volume;
  }

  start(sampleRate: number, numChannels: number): void {
    const loop = preparedSound(this.#sound, sampleRate, numChannels);
    if (loop.length === 0) throw new RangeError(`the looped sound is empty at ${sampleRate} Hz`);
    this.#loop = loop;
    this.#position = 0;
  }

  mix(chunk: Int16Array): void {
    if (!this.#enabled) return;
    const loop = this.#startedLoop();
    const volume = this.#volume;
    let position = this.#position;
    for (let index = 0; index < chunk.length; index++) {
      const mixed = chunk[index]! + Math.round(loop[position]! * volume);
      chunk[index] = Math.min(PCM16_MAX, Math.max(PCM16_MIN, mixed));
      if (++position === loop.length) position = 0;
    }
    this.#position = position;
  }

  next(samples: number): Int16Array {
    const chunk = new Int16Array(samples);
    this.mix(chunk);
    return chunk;
  }

  update(settings: AudioOutMixerSettings): void {
    if (settings.volume !== undefined) this.#volume = checkedVolume(settings.volume);
    if (settings.enabled !== undefined) this.#enabled = settings.enabled;
  }

  #startedLoop(): Int16Array {
    if (!this.#loop) throw new Error('LoopedSoundMixer: start() must be called before mixing');
    return this.#loop;
  }
}

function checkedVolume(volume: number): number {
  if (!(Number.isFinite(volume) && volume >= 0)) {
    throw new RangeError(`mixer volume must be a finite number ≥ 0, got ${volume}`);
  }
  return volume;
}

/** The sound as mono at `sampleRate`, duplicated to `numChannels`; computed once per format. */
function preparedSound(sound: WavAudio, sampleRate: number, numChannels: number): Int16Array {
  let byFormat = preparedSounds.get(sound.audio);
  if (!byFormat) {
    byFormat = new Map();
    preparedSounds.set(sound.audio, byFormat);
  }
  const key = `${sound.sampleRate}/${sound.numChannels}→${sampleRate}/${numChannels}`;
  let prepared = byFormat.get(key);
  if (!prepared) {
    const mono = downmixToMono(sound.audio, sound.numChannels);
    const resampled =
      sound.sampleRate === sampleRate ? mono : resample(mono, sound.sampleRate, sampleRate);
    prepared = numChannels === 1 ? resampled : upmixMono(resampled, numChannels);
    byFormat.set(key, prepared);
  }
  return prepared;
}
