import type { AudioInFilter } from '@x/transport-core';

/**
 * Passes `audio` through a started `filter` in chunks of `chunkSamples` (each a copy: the filter
 * writes into what it is given) and returns everything it gave back, end to end.
 */
export function filterInChunks(
  filter: AudioInFilter,
  audio: Int16Array,
  chunkSamples: number,
): Int16Array {
  const output = new Int16Array(audio.length);
  for (let offset = 0; offset < audio.length; offset += chunkSamples) {
    const chunk = audio.slice(offset, offset + chunkSamples);
    const filtered = filter.filter(chunk);
    if (filtered.length !== chunk.length) {
      throw new Error(`filter returned ${filtered.length} samples for ${chunk.length}`);
    }
    output.set(filtered, offset);
  }
  return output;
}

/** `audio` followed by `secs` of silence (to push the delayed tail out of a filter). */
export function withTrailingSilence(
  audio: Int16Array,
  sampleRate: number,
  secs: number,
): Int16Array {
  const padded = new Int16Array(audio.length + Math.round(sampleRate * secs));
  padded.set(audio);
  return padded;
}
