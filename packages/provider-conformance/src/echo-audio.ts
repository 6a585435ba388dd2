/** Frequency of the caller's test tone, in Hz. */
export const CALLER_TONE_FREQUENCY_HZ = 440;
/** Peak amplitude of the caller's test tone (PCM16). */
export const CALLER_TONE_AMPLITUDE = 6000;
/** Fade at each end of the tone, in milliseconds, so resamplers see no step. */
const TONE_FADE_MS = 5;

/** A sine tone, PCM16 mono, faded in and out over 5 ms. */
export function fadedTone(
  frequencyHz: number,
  sampleRate: number,
  durationMs: number,
  amplitude: number = CALLER_TONE_AMPLITUDE,
): Int16Array {
  const length = Math.round((sampleRate * durationMs) / 1000);
  const fadeSamples = Math.min(Math.round((sampleRate * TONE_FADE_MS) / 1000), length / 2);
  const samples = new Int16Array(length);
  for (let index = 0; index < length; index++) {
    const edge = Math.min(index, length - 1 - index);
    const gain = edge < fadeSamples ? 0.5 - 0.5 * Math.cos((Math.PI * edge) / fadeSamples) : 1;
    samples[index] = Math.round(
      amplitude * gain * Math.sin((2 * Math.PI * frequencyHz * index) / sampleRate),
    );
  }
  return samples;
}

/** The chunks one after the other. */
export function concatPcm(chunks: readonly Int16Array[]): Int16Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const joined = new Int16Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

/** Where an echo of `reference` was found in what the caller heard, and how faithful it is. */
export interface EchoMatch {
  /** Sample of the heard audio where the reference starts. */
  offset: number;
  /** Signal-to-noise ratio there, in dB: reference power over the power of the difference. */
  snrDb: number;
}

/**
 * Finds `reference` in `heard`: the offset where the difference between them is smallest, with
 * the signal-to-noise ratio there. `undefined` when `heard` is shorter than `reference`.
 */
export function findEcho(reference: Int16Array, heard: Int16Array): EchoMatch | undefined {
  if (heard.length < reference.length) return undefined;
  let signalPower = 0;
  for (const sample of reference) signalPower += sample * sample;
  let best: { offset: number; noisePower: number } | undefined;
  for (let offset = 0; offset + reference.length <= heard.length; offset++) {
    let noisePower = 0;
    for (let index = 0; index < reference.length; index++) {
      const difference = heard[offset + index]! - reference[index]!;
      noisePower += difference * difference;
      if (best !== undefined && noisePower >= best.noisePower) break;
    }
    if (best === undefined || noisePower < best.noisePower) best = { offset, noisePower };
  }
  const match = best!;
  const snrDb =
    match.noisePower === 0
      ? Number.POSITIVE_INFINITY
      : 10 * Math.log10(signalPower / match.noisePower);
  return { offset: match.offset, snrDb };
}
