import { describe, expect, it } from 'vitest';
import { rawPcmFromSamples, samplesFromRawPcm, toolVersionText } from './external-tools.js';

describe('toolVersionText', () => {
  it('keeps the version of espeak-ng and sox without data paths or prefixes', () => {
    expect(
      toolVersionText('eSpeak NG text-to-speech: 1.51  Data at: /usr/lib/espeak-ng-data'),
    ).toBe('eSpeak NG text-to-speech: 1.51');
    expect(toolVersionText('sox:      SoX v14.4.2')).toBe('SoX v14.4.2');
  });
});

describe('raw PCM', () => {
  it('round-trips samples, rounding and clipping to 16 bits', () => {
    const bytes = rawPcmFromSamples(Float64Array.from([0, 1.4, -2.6, 40_000, -40_000]));
    expect([...samplesFromRawPcm(bytes)]).toEqual([0, 1, -3, 32_767, -32_768]);
  });
});
