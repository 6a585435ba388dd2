/** Envelope window of `findInRecording`, in milliseconds. */
const ENVELOPE_WINDOW_MS = 10;
/** How far around the envelope match the waveform search looks, in milliseconds. */
const WAVEFORM_SEARCH_MS = 20;
/** Length of the blocks compared waveform to waveform, in milliseconds. */
const WAVEFORM_BLOCK_MS = 200;
/** Most drift allowed between the first compared block and a later one, in milliseconds. */
const MAX_DRIFT_MS = 60;
/** Blocks quieter than this fraction of the loudest block's RMS are not compared. */
const QUIET_BLOCK_FRACTION = 0.1;

/** RMS per `windowMs` window. */
export function envelope(audio: Int16Array, sampleRate: number, windowMs = ENVELOPE_WINDOW_MS) {
  const windowSamples = Math.max(1, Math.round((sampleRate * windowMs) / 1000));
  const count = Math.floor(audio.length / windowSamples);
  const result = new Float64Array(count);
  for (let window = 0; window < count; window++) {
    let sum = 0;
    for (let index = window * windowSamples; index < (window + 1) * windowSamples; index++) {
      sum += audio[index]! * audio[index]!;
    }
    result[window] = Math.sqrt(sum / windowSamples);
  }
  return result;
}

function rootMeanSquare(audio: Int16Array): number {
  let sum = 0;
  for (let index = 0; index < audio.length; index++) sum += audio[index]! * audio[index]!;
  return audio.length === 0 ? 0 : Math.sqrt(sum / audio.length);
}

/** Pearson correlation of `a` with `b[offset…offset + a.length)`; 0 when either is constant. */
export function correlationAt(a: ArrayLike<number>, b: ArrayLike<number>, offset: number): number {
  const length = a.length;
  let sumA = 0;
  let sumB = 0;
  for (let index = 0; index < length; index++) {
    sumA += a[index]!;
    sumB += b[offset + index]!;
  }
  const meanA = sumA / length;
  const meanB = sumB / length;
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  for (let index = 0; index < length; index++) {
    const deltaA = a[index]! - meanA;
    const deltaB = b[offset + index]! - meanB;
    covariance += deltaA * deltaB;
    varianceA += deltaA * deltaA;
    varianceB += deltaB * deltaB;
  }
  return varianceA === 0 || varianceB === 0 ? 0 : covariance / Math.sqrt(varianceA * varianceB);
}

/** Where a reference sound best matches a recording, and how well. */
export interface RecordingMatch {
  /** Start of the best match in the recording, in milliseconds. */
  offsetMs: number;
  /** Correlation of the loudness envelopes (10 ms RMS) at that offset, −1 to 1. */
  envelopeCorrelation: number;
  /**
   * Normalised cross-correlation of the waveforms near that offset, 0 to 1: the mean over the
   * reference's 200 ms blocks (quiet ones skipped), each at its best shift within ±20 ms, so a
   * short gap in playback (a late packet) does not spoil the blocks after it.
   */
  waveformCorrelation: number;
}

/**
 * Finds `reference` (e.g. what the caller said) in `recording` (e.g. what the caller heard):
 * slides the 10 ms loudness envelope over the recording for the best correlation, then checks
 * the waveforms sample by sample, block by block, near it. Both must be high for an echo; μ-law
 * twice and a short cut at either end still leave both above 0.9.
 */
export function findInRecording(
  recording: Int16Array,
  reference: Int16Array,
  sampleRate: number,
): RecordingMatch {
  const recordingEnvelope = envelope(recording, sampleRate);
  const referenceEnvelope = envelope(reference, sampleRate);
  let bestWindow = 0;
  let bestEnvelope = -1;
  for (let window = 0; window + referenceEnvelope.length <= recordingEnvelope.length; window++) {
    const correlation = correlationAt(referenceEnvelope, recordingEnvelope, window);
    if (correlation > bestEnvelope) {
      bestEnvelope = correlation;
      bestWindow = window;
    }
  }
  if (bestEnvelope === -1) return { offsetMs: 0, envelopeCorrelation: 0, waveformCorrelation: 0 };
  const windowSamples = Math.round((sampleRate * ENVELOPE_WINDOW_MS) / 1000);
  const searchSamples = Math.round((sampleRate * WAVEFORM_SEARCH_MS) / 1000);
  const blockSamples = Math.round((sampleRate * WAVEFORM_BLOCK_MS) / 1000);
  const maxDrift = Math.round((sampleRate * MAX_DRIFT_MS) / 1000);
  const center = bestWindow * windowSamples;
  const blocks: { start: number; level: number }[] = [];
  for (let start = 0; start + blockSamples <= reference.length; start += blockSamples) {
    blocks.push({ start, level: rootMeanSquare(reference.subarray(start, start + blockSamples)) });
  }
  const loudest = blocks.reduce((maximum, block) => Math.max(maximum, block.level), 0);
  let sum = 0;
  let compared = 0;
  let bestOffset = center;
  let bestBlockCorrelation = -1;
  // Gaps in playback push later audio back: each block is searched around the previous one's shift.
  let drift = 0;
  for (const block of blocks) {
    if (block.level < loudest * QUIET_BLOCK_FRACTION) continue;
    const part = reference.subarray(block.start, block.start + blockSamples);
    let best = -1;
    let bestShift = drift;
    for (let shift = drift - searchSamples; shift <= drift + searchSamples; shift++) {
      const offset = center + block.start + shift;
      if (offset < 0 || offset + blockSamples > recording.length) continue;
      const correlation = correlationAt(part, recording, offset);
      if (correlation > best) {
        best = correlation;
        bestShift = shift;
      }
    }
    if (best > bestBlockCorrelation) {
      bestBlockCorrelation = best;
      bestOffset = center + bestShift;
    }
    drift = Math.max(-maxDrift, Math.min(maxDrift, bestShift));
    sum += Math.max(0, best);
    compared++;
  }
  const bestWaveform = compared === 0 ? 0 : sum / compared;
  return {
    offsetMs: (bestOffset * 1000) / sampleRate,
    envelopeCorrelation: bestEnvelope,
    waveformCorrelation: bestWaveform,
  };
}

/**
 * Where the sound in `audio` starts and ends, in milliseconds: the first and last 10 ms windows
 * louder than 5 % of the loudest one.
 */
export function speechBoundsMs(
  audio: Int16Array,
  sampleRate: number,
): { startMs: number; endMs: number } {
  const levels = envelope(audio, sampleRate);
  const peak = levels.reduce((maximum, level) => Math.max(maximum, level), 0);
  const threshold = peak * 0.05;
  let first = 0;
  while (first < levels.length && levels[first]! <= threshold) first++;
  let last = levels.length - 1;
  while (last > first && levels[last]! <= threshold) last--;
  return { startMs: first * ENVELOPE_WINDOW_MS, endMs: (last + 1) * ENVELOPE_WINDOW_MS };
}

/** `audio` without the quiet before and after the sound (see `speechBoundsMs`). */
export function trimSilence(audio: Int16Array, sampleRate: number): Int16Array {
  const { startMs, endMs } = speechBoundsMs(audio, sampleRate);
  return audio.subarray(
    Math.round((startMs * sampleRate) / 1000),
    Math.round((endMs * sampleRate) / 1000),
  );
}
