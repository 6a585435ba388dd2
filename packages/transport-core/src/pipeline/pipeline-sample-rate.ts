/** Lowest sample rate of audio inside a pipeline, in Hz: telephony's narrowband rate. */
export const MIN_PIPELINE_SAMPLE_RATE_HZ = 8000;
/** Highest sample rate of audio inside a pipeline, in Hz. */
export const MAX_PIPELINE_SAMPLE_RATE_HZ = 48_000;
/**
 * Pipeline sample rates are whole multiples of this, in Hz. Any two multiples of 50 Hz up to
 * 48 kHz reduce to a ratio of at most 960 filter phases (48000 / 50), within the resampler's
 * `MAX_FILTER_PHASES` (1024): audio at such a rate converts to and from every wire rate the
 * codecs use (G.711 at 8 kHz, L16 at 8, 16, 22.05, 24 and 48 kHz) and every other such rate.
 * A rate like 8001 Hz would need 8001 phases: the resampler refuses it.
 */
export const PIPELINE_SAMPLE_RATE_STEP_HZ = 50;

/** Examples named in error messages: the common rates that are multiples of 50 Hz. */
const EXAMPLE_RATES = '8000, 16000, 22050, 24000, 44100, 48000';

/**
 * Checks a pipeline sample rate (caller or bot audio inside the pipeline).
 * @throws RangeError naming the setting, the supported rates and the value.
 */
export function checkPipelineSampleRate(name: string, sampleRate: number): void {
  if (
    !Number.isInteger(sampleRate) ||
    sampleRate < MIN_PIPELINE_SAMPLE_RATE_HZ ||
    sampleRate > MAX_PIPELINE_SAMPLE_RATE_HZ ||
    sampleRate % PIPELINE_SAMPLE_RATE_STEP_HZ !== 0
  ) {
    throw new RangeError(
      `${name} must be a multiple of ${PIPELINE_SAMPLE_RATE_STEP_HZ} Hz from ${MIN_PIPELINE_SAMPLE_RATE_HZ} to ${MAX_PIPELINE_SAMPLE_RATE_HZ} Hz (e.g. ${EXAMPLE_RATES}), which the resampler converts to and from every wire rate; got ${sampleRate}`,
    );
  }
}
