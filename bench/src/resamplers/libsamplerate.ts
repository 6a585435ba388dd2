import LibSampleRate from '@alexanderolsen/libsamplerate-js';
import type { ResamplerUnderTest } from './resampler-under-test.js';

const FLOAT_SCALE = 32_768;
/** Zeros pushed through at the end to drain the converter, in seconds of input. */
const DRAIN_SECONDS = 0.1;

function toFloat(chunk: Int16Array): Float32Array {
  const output = new Float32Array(chunk.length);
  for (let index = 0; index < chunk.length; index++) output[index] = chunk[index]! / FLOAT_SCALE;
  return output;
}

function toInt16(samples: Float32Array): Int16Array {
  const output = new Int16Array(samples.length);
  for (let index = 0; index < samples.length; index++) {
    const value = Math.round(samples[index]! * FLOAT_SCALE);
    output[index] = Math.min(32_767, Math.max(-32_768, value));
  }
  return output;
}

/** libsamplerate (Secret Rabbit Code) through its WASM port, with Float32 ⇄ Int16 conversion. */
export function libsamplerateResampler(
  converterType: 0 | 1 | 2,
  label: string,
): ResamplerUnderTest {
  return {
    name: `libsamplerate-js ${label}`,
    note: `@alexanderolsen/libsamplerate-js 2.1.2 (libsamplerate WASM), ${label}, float API with int16 conversion both ways; no flush, so the tail is drained with ${DRAIN_SECONDS * 1000} ms of zeros`,
    async create(inputRate, outputRate) {
      const converter = await LibSampleRate.create(1, inputRate, outputRate, { converterType });
      return {
        process: (chunk) => toInt16(converter.full(toFloat(chunk))),
        flush: () =>
          toInt16(converter.full(new Float32Array(Math.round(inputRate * DRAIN_SECONDS)))),
        dispose: () => converter.destroy(),
      };
    },
  };
}
