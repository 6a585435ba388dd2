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
  /**
   * Correlation of the loudness envelopes (10 ms RMS) at that offset, −1 to 1: the better of the
   * 10 ms grid position the search found and the sample the waveforms line up at.
   */
  envelopeCorrelation: number;
  /**
   * Normalised cross-correlation of the waveforms near that offset, 0 to 1: the mean over the
   * reference's 200 ms blocks (quiet ones skipped; the last one flush with the reference's end),
   * each at its best shift within ±20 ms, so a short gap in playback (a late packet) does not
   * spoil the blocks after it.
   */
  waveformCorrelation: number;
  /**
   * The lowest of those block correlations, 0 to 1: a stretch lost, cut or damaged shows here
   * even when the mean over many blocks hides it.
   */
  worstBlockCorrelation: number;
}

/** What `findInRecording` reports when the recording is too short to hold the reference. */
const NO_MATCH: Readonly<RecordingMatch> = Object.freeze({
  offsetMs: 0,
  envelopeCorrelation: 0,
  waveformCorrelation: 0,
  worstBlockCorrelation: 0,
});

/**
 * Finds `reference` (e.g. what the caller said) in `recording` (e.g. what the caller heard):
 * slides the 10 ms loudness envelope over the recording for the best correlation, then checks
 * the waveforms sample by sample, block by block, near it (and the envelopes again at the sample
 * where the waveforms line up, so the 10 ms grid's phase costs nothing). Both must be high for an
 * echo; μ-law twice and a short cut at either end still leave both above 0.9.
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
  if (bestEnvelope === -1) return { ...NO_MATCH };
  const windowSamples = Math.round((sampleRate * ENVELOPE_WINDOW_MS) / 1000);
  const searchSamples = Math.round((sampleRate * WAVEFORM_SEARCH_MS) / 1000);
  const blockSamples = Math.round((sampleRate * WAVEFORM_BLOCK_MS) / 1000);
  const maxDrift = Math.round((sampleRate * MAX_DRIFT_MS) / 1000);
  const center = bestWindow * windowSamples;
  const blocks: { start: number; level: number }[] = [];
  const addBlock = (start: number): void => {
    blocks.push({ start, level: rootMeanSquare(reference.subarray(start, start + blockSamples)) });
  };
  for (let start = 0; start + blockSamples <= reference.length; start += blockSamples) {
    addBlock(start);
  }
  // A last block flush with the end, so the reference's tail is compared too.
  const tailStart = reference.length - blockSamples;
  if (tailStart > 0 && tailStart % blockSamples !== 0) addBlock(tailStart);
  const loudest = blocks.reduce((maximum, block) => Math.max(maximum, block.level), 0);
  let sum = 0;
  let compared = 0;
  let worst = 1;
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
    worst = Math.min(worst, Math.max(0, best));
    compared++;
  }
  return {
    offsetMs: (bestOffset * 1000) / sampleRate,
    envelopeCorrelation: Math.max(
      bestEnvelope,
      envelopeCorrelationAt(recording, referenceEnvelope, bestOffset, sampleRate),
    ),
    waveformCorrelation: compared === 0 ? 0 : sum / compared,
    worstBlockCorrelation: compared === 0 ? 0 : worst,
  };
}

/** Correlation of `referenceEnvelope` with the envelope of `recording` from sample `start`. */
function envelopeCorrelationAt(
  recording: Int16Array,
  referenceEnvelope: Float64Array,
  start: number,
  sampleRate: number,
): number {
  const recordingEnvelope = envelope(recording.subarray(Math.max(0, start)), sampleRate);
  if (recordingEnvelope.length < referenceEnvelope.length) return -1;
  return correlationAt(referenceEnvelope, recordingEnvelope, 0);
}

/** Audio with its digital silence taken out, and where each remaining sample was. */
export interface AudibleSamples {
  /** The samples that are not exactly zero, in order. */
  audio: Int16Array;
  /** `positions[i]` is the index of `audio[i]` in the original audio. */
  positions: Uint32Array;
}

/** `audio` without its exact-zero samples (see `AudibleSamples`). */
export function withoutDigitalSilence(audio: Int16Array): AudibleSamples {
  const positions = new Uint32Array(audio.length);
  let count = 0;
  for (let index = 0; index < audio.length; index++) {
    if (audio[index] !== 0) positions[count++] = index;
  }
  const kept = new Int16Array(count);
  for (let index = 0; index < count; index++) kept[index] = audio[positions[index]!]!;
  return { audio: kept, positions: positions.slice(0, count) };
}

/**
 * Where `recording` played every audible sample of `reference`, one for one, in order and with at
 * most silence between them: the number of audible (non-zero) samples the recording played before
 * them, or undefined when it never did. For audio a call carries unchanged (the demo's 8 kHz
 * prompts and echoes), with `reference` as the phone decodes it: one sample lost or altered makes
 * it undefined; late messages change nothing.
 */
export function findUnchanged(recording: Int16Array, reference: Int16Array): number | undefined {
  const played = withoutDigitalSilence(recording).audio;
  const expected = withoutDigitalSilence(reference).audio;
  search: for (let start = 0; start + expected.length <= played.length; start++) {
    for (let index = 0; index < expected.length; index++) {
      if (played[start + index] !== expected[index]) continue search;
    }
    return start;
  }
  return undefined;
}

/**
 * Finds `reference` in what a phone played (a simulated call's `recording()` or `heard()`),
 * whenever each part of it played: a phone plays exact silence while it waits for a late message,
 * so every exactly-zero sample is taken out of both before `findInRecording` compares them. What
 * is left is the audio in the order it played; a late message shifts nothing, while audio lost,
 * cut or damaged still lowers the block correlations (`worstBlockCorrelation` above all).
 *
 * `reference` must be the audio as the phone decodes it (through the call's codec), so that its
 * own quiet samples are the same zeros. `offsetMs` is on the recording's timeline: where the
 * reference started, counted back from where its first non-zero sample played.
 */
export function findPlayedAudio(
  recording: Int16Array,
  reference: Int16Array,
  sampleRate: number,
): RecordingMatch {
  const played = withoutDigitalSilence(recording);
  const expected = withoutDigitalSilence(reference);
  if (played.audio.length < expected.audio.length || expected.audio.length === 0) {
    return { ...NO_MATCH };
  }
  const match = findInRecording(played.audio, expected.audio, sampleRate);
  const index = Math.round((match.offsetMs * sampleRate) / 1000);
  const position = played.positions[Math.max(0, Math.min(index, played.positions.length - 1))]!;
  const start = position - expected.positions[0]!;
  return { ...match, offsetMs: (start * 1000) / sampleRate };
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
