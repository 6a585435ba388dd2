import { STREAM_RESAMPLER_DEFAULTS, StreamResampler } from '@x/transport-core';
import type { ResamplerUnderTest } from './resampler-under-test.js';

/** Our StreamResampler with its default design and the given inner loop. */
export function oursResampler(kernel: 'wasm-simd' | 'javascript'): ResamplerUnderTest {
  const { passbandFraction, stopbandAttenuationDb } = STREAM_RESAMPLER_DEFAULTS;
  return {
    name: `@x/transport-core (${kernel})`,
    note: `our StreamResampler: polyphase windowed-sinc (Kaiser), passband ${passbandFraction} of the lower Nyquist, ${stopbandAttenuationDb} dB stopband from that Nyquist, ${kernel === 'wasm-simd' ? 'inner loop in WebAssembly SIMD (the default)' : 'inner loop in plain JavaScript (the fallback)'}`,
    async create(inputRate, outputRate) {
      const resampler = new StreamResampler(inputRate, outputRate, { kernel });
      return {
        process: (chunk) => resampler.process(chunk),
        flush: () => resampler.flush(),
        dispose: () => {},
      };
    },
  };
}

/** The floor: copies each chunk sample by sample into a new array (no resampling). */
export const copyLoop: ResamplerUnderTest = {
  name: 'plain copy loop',
  note: 'baseline: a new Int16Array per chunk filled by an element loop, no filtering',
  async create() {
    return {
      process(chunk) {
        const output = new Int16Array(chunk.length);
        for (let index = 0; index < chunk.length; index++) output[index] = chunk[index]!;
        return output;
      },
      flush: () => new Int16Array(0),
      dispose: () => {},
    };
  },
};
