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

/**
 * Upcoming samples weighed when deciding how much of a run of silence the phone inserted: enough
 * to tell a shift of one sample in a tone from none.
 */
const SKIP_LOOKAHEAD_SAMPLES = 32;

/** Where an echo of `reference` was found in what the caller heard, and how faithful it is. */
export interface EchoMatch {
  /** Sample of the heard audio where the reference starts. */
  offset: number;
  /**
   * Signal-to-noise ratio there, in dB: reference power over the power of the difference, with
   * the silence the phone inserted (see `insertedSilence`) left out.
   */
  snrDb: number;
  /**
   * Samples of silence the phone played inside the echo while it waited for a late message (its
   * playout ran dry); they shift what follows but are not part of what the bot said.
   */
  insertedSilence: number;
}

/**
 * Finds `reference` in `heard`: the alignment where the difference between them is smallest, with
 * the signal-to-noise ratio there. `undefined` when `heard` holds less than `reference`.
 *
 * A phone plays exact silence while it waits for a late message, so a loaded machine leaves runs
 * of zeros inside an echo. At each run of zeros the alignment may skip some or all of it, as many
 * as make the next samples match best (natural zeros, such as a tone's zero crossings, are kept);
 * skipped zeros cost nothing and are counted in `insertedSilence`. Only silence is ever skipped:
 * audio lost, cut or altered still shows as noise.
 */
export function findEcho(reference: Int16Array, heard: Int16Array): EchoMatch | undefined {
  if (heard.length < reference.length) return undefined;
  let signalPower = 0;
  for (const sample of reference) signalPower += sample * sample;
  let best: Alignment | undefined;
  for (let start = 0; start + reference.length <= heard.length; start++) {
    // a start inside a run of zeros is covered by the start of the run, which may skip any of it
    if (start > 0 && heard[start] === 0 && heard[start - 1] === 0) continue;
    const alignment = alignFrom(
      reference,
      heard,
      start,
      best?.noisePower ?? Number.POSITIVE_INFINITY,
    );
    if (alignment !== undefined) best = alignment;
  }
  if (best === undefined) return undefined;
  const snrDb =
    best.noisePower === 0
      ? Number.POSITIVE_INFINITY
      : 10 * Math.log10(signalPower / best.noisePower);
  return { offset: best.offset, snrDb, insertedSilence: best.insertedSilence };
}

interface Alignment {
  offset: number;
  noisePower: number;
  insertedSilence: number;
}

/**
 * Lines `reference` up with `heard` from sample `start`, skipping inserted silence; undefined when
 * `heard` runs out first or the noise reaches `noiseBound` (a better alignment is known).
 */
function alignFrom(
  reference: Int16Array,
  heard: Int16Array,
  start: number,
  noiseBound: number,
): Alignment | undefined {
  let offset = start;
  let noisePower = 0;
  let insertedSilence = 0;
  let heardIndex = start;
  for (let index = 0; index < reference.length; index++) {
    if (heard[heardIndex] === 0 && (heardIndex === start || heard[heardIndex - 1] !== 0)) {
      const skipped = silenceToSkip(reference, index, heard, heardIndex);
      heardIndex += skipped;
      if (index === 0) offset = heardIndex;
      else insertedSilence += skipped;
    }
    if (heardIndex >= heard.length) return undefined;
    const difference = heard[heardIndex]! - reference[index]!;
    noisePower += difference * difference;
    if (noisePower >= noiseBound) return undefined;
    heardIndex++;
  }
  return { offset, noisePower, insertedSilence };
}

/**
 * How many zeros of the run starting at `heard[heardIndex]` to skip before `reference[index]`:
 * the count after which the samples up to the next zero in `heard` (the next decision; at most
 * `SKIP_LOOKAHEAD_SAMPLES`) match best on average (the fewest, on a tie).
 */
function silenceToSkip(
  reference: Int16Array,
  index: number,
  heard: Int16Array,
  heardIndex: number,
): number {
  let runEnd = heardIndex;
  while (runEnd < heard.length && heard[runEnd] === 0) runEnd++;
  let bestSkip = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let skip = 0; skip <= runEnd - heardIndex; skip++) {
    let cost = 0;
    let compared = 0;
    for (
      let ahead = 0;
      ahead < SKIP_LOOKAHEAD_SAMPLES && index + ahead < reference.length;
      ahead++
    ) {
      const at = heardIndex + skip + ahead;
      if (at >= heard.length || (at >= runEnd && heard[at] === 0)) break;
      const difference = heard[at]! - reference[index + ahead]!;
      cost += difference * difference;
      compared++;
    }
    const meanCost = compared === 0 ? Number.POSITIVE_INFINITY : cost / compared;
    if (meanCost < bestCost) {
      bestCost = meanCost;
      bestSkip = skip;
    }
  }
  return bestSkip;
}
