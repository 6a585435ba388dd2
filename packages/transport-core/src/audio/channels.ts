/**
 * Averages interleaved channels into mono, rounding to the nearest sample; a trailing partial
 * frame is dropped. Mono input is returned as is.
 */
export function downmixToMono(audio: Int16Array, channels: number): Int16Array {
  if (channels === 1) return audio;
  const frames = Math.floor(audio.length / channels);
  const mono = new Int16Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++) sum += audio[frame * channels + channel]!;
    mono[frame] = Math.round(sum / channels);
  }
  return mono;
}

/** Copies mono samples into every channel of an interleaved buffer. */
export function upmixMono(audio: Int16Array, channels: number): Int16Array {
  if (channels === 1) return audio;
  const interleaved = new Int16Array(audio.length * channels);
  for (let frame = 0; frame < audio.length; frame++) {
    interleaved.fill(audio[frame]!, frame * channels, frame * channels + channels);
  }
  return interleaved;
}
