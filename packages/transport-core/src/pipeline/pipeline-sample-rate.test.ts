import { describe, expect, it } from 'vitest';
import { MAX_FILTER_PHASES } from '../audio/resampler/kaiser-filter.js';
import { StreamResampler } from '../audio/resampler/stream-resampler.js';
import { silentLogger } from '../logging/logger.js';
import { Pipeline } from './pipeline.js';
import {
  checkPipelineSampleRate,
  MAX_PIPELINE_SAMPLE_RATE_HZ,
  PIPELINE_SAMPLE_RATE_STEP_HZ,
} from './pipeline-sample-rate.js';
import { PipelineTask } from './pipeline-task.js';

/** Rates the wire carries (G.711, L16 of Telnyx and Plivo, Opus). */
const WIRE_RATES_HZ = [8000, 16_000, 22_050, 24_000, 48_000];

describe('checkPipelineSampleRate', () => {
  it('accepts the common rates, 8000 to 48000 Hz', () => {
    for (const rate of [8000, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000]) {
      expect(() => checkPipelineSampleRate('audioInSampleRate', rate)).not.toThrow();
    }
  });

  it('refuses a rate the resampler cannot convert, naming the setting, the supported rates and the value', () => {
    for (const rate of [8001, 7999, 22_049, 96_000, 0, -8000, 16_000.5, Number.NaN]) {
      expect(() => checkPipelineSampleRate('audioInSampleRate', rate)).toThrow(RangeError);
      expect(() => checkPipelineSampleRate('audioInSampleRate', rate)).toThrow(
        `audioInSampleRate must be a multiple of 50 Hz from 8000 to 48000 Hz (e.g. 8000, 16000, 22050, 24000, 44100, 48000), which the resampler converts to and from every wire rate; got ${rate}`,
      );
    }
  });

  it('admits only rates the resampler converts to and from every wire rate', () => {
    expect(MAX_PIPELINE_SAMPLE_RATE_HZ / PIPELINE_SAMPLE_RATE_STEP_HZ).toBeLessThanOrEqual(
      MAX_FILTER_PHASES,
    );
    for (const rate of [8050, 22_050, 44_100, 47_950, 48_000]) {
      for (const wire of WIRE_RATES_HZ) {
        expect(() => new StreamResampler(wire, rate, { kernel: 'javascript' })).not.toThrow();
        expect(() => new StreamResampler(rate, wire, { kernel: 'javascript' })).not.toThrow();
      }
    }
    // what the check keeps out: 8001 Hz would need 8001 filter phases
    expect(() => new StreamResampler(8000, 8001, { kernel: 'javascript' })).toThrow(RangeError);
  });
});

describe('PipelineTask sample rates', () => {
  it('refuses an audioOutSampleRate of 8001 Hz at construction instead of losing the audio later', () => {
    expect(
      () => new PipelineTask(new Pipeline([]), { audioOutSampleRate: 8001, logger: silentLogger }),
    ).toThrow(/audioOutSampleRate must be a multiple of 50 Hz from 8000 to 48000 Hz.*got 8001/);
  });

  it('refuses an audioInSampleRate the resampler cannot reach at construction', () => {
    expect(
      () => new PipelineTask(new Pipeline([]), { audioInSampleRate: 8001, logger: silentLogger }),
    ).toThrow(/audioInSampleRate must be a multiple of 50 Hz.*got 8001/);
  });

  it('accepts 22050 Hz inside the pipeline (a transport may still send at its own rate)', () => {
    expect(
      () =>
        new PipelineTask(new Pipeline([]), {
          audioInSampleRate: 22_050,
          audioOutSampleRate: 22_050,
          logger: silentLogger,
        }),
    ).not.toThrow();
  });
});
