/** Envelope window of `findInRecording`, in milliseconds. */
const ENVELOPE_WINDOW_MS = 10;
/** How far around the envelope match the waveform search looks, in milliseconds. */
const WAVEFORM_SEARCH_MS = 20;

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
  /** Normalised cross-correlation of the waveforms near that offset, −1 to 1. */
  waveformCorrelation: number;
}

/**
 * Finds `reference` (e.g. what the caller said) in `recording` (e.g. what the caller heard):
 * slides the 10 ms loudness envelope over the recording for the best correlation, then checks
 * the waveforms sample by sample within ±20 ms of it. Both must be high for an echo; μ-law twice
 * and a short cut at either end still leave both above 0.8.
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
  const center = bestWindow * windowSamples;
  let bestWaveform = -1;
  let bestOffset = center;
  for (let offset = center - searchSamples; offset <= center + searchSamples; offset++) {
    if (offset < 0 || offset + reference.length > recording.length) continue;
    const correlation = correlationAt(reference, recording, offset);
    if (correlation > bestWaveform) {
      bestWaveform = correlation;
      bestOffset = offset;
    }
  }
  return {
    offsetMs: (bestOffset * 1000) / sampleRate,
    envelopeCorrelation: bestEnvelope,
    waveformCorrelation: Math.max(0, bestWaveform),
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
