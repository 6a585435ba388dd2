import { DEFAULT_VAD_PARAMS, EnergyVADAnalyzer } from '@x/transport-core';
import type { EngineUnderTest, ThresholdsUnderTest } from './engine-under-test.js';
import { withAudioInFilter } from './filtered-engine.js';

/** The Silero package's module, loaded on demand so the energy engine runs without it. */
export type SileroModule = typeof import('@x/vad-silero');

/** The RNNoise filter package's module, loaded on demand like Silero's. */
export type RNNoiseModule = typeof import('@x/audio-filter-rnnoise');

/** Engines that also run with RNNoise in front (ids `<engine>+rnnoise`). */
export const RNNOISE_FRONTED_ENGINES: readonly string[] = ['energy-8k-tones-rejected', 'silero-8k'];

/** The engines of the accuracy runs and of the CPU runs, and what could not be loaded. */
export interface EngineCatalogue {
  /** Configurations whose accuracy is measured on the corpus. */
  accuracy: EngineUnderTest[];
  /** Configurations whose CPU per call-second is measured at each call count. */
  cpu: EngineUnderTest[];
  /** Engines that could not be loaded, with the reason. */
  unavailable: Array<{ family: string; reason: string }>;
  /** The Silero module when it loaded (for its batch statistics). */
  silero: SileroModule | undefined;
  /** Whether core's `VADParams` know `rejectTelephonyTones` (tone rejection is in this build). */
  toneRejectionInCore: boolean;
}

function energy(id: string, label: string, rejectTelephonyTones: boolean): EngineUnderTest {
  return {
    id,
    label,
    family: 'energy',
    sampleRate: 8000,
    create: (thresholds: ThresholdsUnderTest) =>
      new EnergyVADAnalyzer({ ...thresholds, rejectTelephonyTones }),
  };
}

function silero(
  module: SileroModule,
  id: string,
  label: string,
  sampleRate: number,
  options: { batching?: boolean; rejectTelephonyTones?: boolean },
): EngineUnderTest {
  return {
    id,
    label,
    family: 'silero',
    sampleRate,
    create: (thresholds: ThresholdsUnderTest) =>
      new module.SileroVADAnalyzer({ ...thresholds, ...options }),
  };
}

/**
 * Every engine configuration of the benchmark:
 * - energy (core's `EnergyVADAnalyzer`) at 8 kHz with telephony-tone rejection on and off;
 * - Silero at 8 kHz as shipped (its defaults: batching, tone rejection), Silero at 8 kHz as the
 *   model alone (unbatched, no tone rejection: the baseline of the issue's "misses no more than
 *   the unbatched model alone"), Silero at 16 kHz on the upsampled audio as shipped;
 * - the shipped energy engine and Silero at 8 kHz again with `@x/audio-filter-rnnoise`'s
 *   `RNNoiseFilter` in front (`energy-8k-tones-rejected+rnnoise`, `silero-8k+rnnoise`), as an
 *   input transport with an `audioInFilter` runs them;
 * - for CPU: Silero batched and unbatched at 8 and 16 kHz, Silero batched at 8 kHz without tone
 *   rejection (the tone detector's share), energy with and without tone rejection.
 * `filters` keep only configurations whose id contains one of them.
 */
export async function loadEngines(filters: readonly string[] = []): Promise<EngineCatalogue> {
  const keep = (engine: EngineUnderTest) =>
    filters.length === 0 || filters.some((filter) => engine.id.includes(filter));
  const toneRejectionInCore = 'rejectTelephonyTones' in DEFAULT_VAD_PARAMS;
  const energyEngines = [
    energy('energy-8k-tones-rejected', 'energy, 8 kHz, tone rejection on', true),
    energy('energy-8k-tones-not-rejected', 'energy, 8 kHz, tone rejection off', false),
  ];
  const unavailable: EngineCatalogue['unavailable'] = [];
  let module: SileroModule | undefined;
  try {
    module = await import('@x/vad-silero');
  } catch (error) {
    unavailable.push({
      family: 'silero',
      reason: `@x/vad-silero did not load (${error instanceof Error ? error.message : String(error)}); run pnpm install && pnpm build`,
    });
  }
  const sileroAccuracy = module
    ? [
        silero(module, 'silero-8k', 'silero, 8 kHz (wire rate), as shipped', 8000, {}),
        silero(
          module,
          'silero-8k-model-alone',
          'silero, 8 kHz, model alone (unbatched, no tone rejection)',
          8000,
          {
            batching: false,
            rejectTelephonyTones: false,
          },
        ),
        silero(module, 'silero-16k', 'silero, 16 kHz (upsampled), as shipped', 16_000, {}),
      ]
    : [];
  const sileroCpu = module
    ? [
        ...[8000, 16_000].flatMap((rate) =>
          [true, false].map((batching) =>
            silero(
              module,
              `silero-${rate / 1000}k-${batching ? 'batched' : 'unbatched'}`,
              `silero, ${rate / 1000} kHz, ${batching ? 'batched' : 'unbatched'}`,
              rate,
              { batching },
            ),
          ),
        ),
        silero(
          module,
          'silero-8k-batched-tones-not-rejected',
          'silero, 8 kHz, batched, tone rejection off',
          8000,
          {
            rejectTelephonyTones: false,
          },
        ),
      ]
    : [];
  let rnnoise: RNNoiseModule | undefined;
  try {
    rnnoise = await import('@x/audio-filter-rnnoise');
  } catch (error) {
    unavailable.push({
      family: 'rnnoise',
      reason: `@x/audio-filter-rnnoise did not load (${error instanceof Error ? error.message : String(error)}); run pnpm install && pnpm build`,
    });
  }
  const rnnoiseFronted = rnnoise
    ? [...energyEngines, ...sileroAccuracy]
        .filter((engine) => RNNOISE_FRONTED_ENGINES.includes(engine.id))
        .map((engine) =>
          withAudioInFilter(engine, 'rnnoise', 'RNNoise', () => new rnnoise.RNNoiseFilter()),
        )
    : [];
  return {
    accuracy: [...energyEngines, ...sileroAccuracy, ...rnnoiseFronted].filter(keep),
    cpu: [...sileroCpu, ...energyEngines].filter(keep),
    unavailable,
    silero: module,
    toneRejectionInCore,
  };
}
