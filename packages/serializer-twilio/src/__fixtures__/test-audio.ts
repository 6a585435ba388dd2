/** A sine tone as PCM16. */
export function tone(
  frequencyHz: number,
  sampleRate: number,
  samples: number,
  amplitude = 8000,
): Int16Array {
  const pcm = new Int16Array(samples);
  for (let index = 0; index < samples; index++) {
    pcm[index] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * index) / sampleRate));
  }
  return pcm;
}

/** Signal-to-noise ratio of `measured` against `reference` over samples `[from, to)`, in dB. */
export function snrDb(
  reference: Int16Array,
  measured: Int16Array,
  from: number,
  to: number,
): number {
  let signal = 0;
  let noise = 0;
  for (let index = from; index < to; index++) {
    signal += reference[index]! ** 2;
    noise += (reference[index]! - (measured[index] ?? 0)) ** 2;
  }
  return 10 * Math.log10(signal / Math.max(noise, 1e-9));
}

/** Joins PCM chunks into one array. */
export function concatPcm(chunks: readonly Int16Array[]): Int16Array {
  const joined = new Int16Array(chunks.reduce((length, chunk) => length + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
