import createSpeexResamplerModule, {
  type SpeexResamplerModule,
} from '@echogarden/speex-resampler-wasm/simd';
import type { ResamplerUnderTest, StreamingResampler } from './resampler-under-test.js';
import { concatInt16 } from './resampler-under-test.js';

let modulePromise: Promise<SpeexResamplerModule> | undefined;

/** Room for the largest chunk the benchmark sends, in samples. */
const BUFFER_SAMPLES = 1 << 16;

async function createSpeex(
  inputRate: number,
  outputRate: number,
  quality: number,
): Promise<StreamingResampler> {
  modulePromise ??= createSpeexResamplerModule();
  const speex = await modulePromise;
  const errorPointer = speex._malloc(4);
  const state = speex._speex_resampler_init(1, inputRate, outputRate, quality, errorPointer);
  if (!state) throw new Error(`speex_resampler_init failed for ${inputRate} → ${outputRate}`);
  // Drop the filter's leading zeros so the output lines up with the input, like ours.
  speex._speex_resampler_skip_zeros(state);
  const latency = speex._speex_resampler_get_input_latency(state);
  const inputPointer = speex._malloc(BUFFER_SAMPLES * 2);
  const outputPointer = speex._malloc(BUFFER_SAMPLES * 2);
  const lengthsPointer = speex._malloc(8);

  function run(chunk: Int16Array): Int16Array {
    const parts: Int16Array[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      const piece = chunk.subarray(offset, offset + BUFFER_SAMPLES / 8);
      speex.HEAP16.set(piece, inputPointer >> 1);
      speex.HEAPU32[lengthsPointer >> 2] = piece.length;
      speex.HEAPU32[(lengthsPointer >> 2) + 1] = BUFFER_SAMPLES;
      speex._speex_resampler_process_int(
        state,
        0,
        inputPointer,
        lengthsPointer,
        outputPointer,
        lengthsPointer + 4,
      );
      const consumed = speex.HEAPU32[lengthsPointer >> 2]!;
      const written = speex.HEAPU32[(lengthsPointer >> 2) + 1]!;
      parts.push(speex.HEAP16.slice(outputPointer >> 1, (outputPointer >> 1) + written));
      offset += consumed;
    }
    return parts.length === 1 ? parts[0]! : concatInt16(parts);
  }

  return {
    process: run,
    // Speex has no flush: push the filter's latency in zeros through it.
    flush: () => run(new Int16Array(latency)),
    dispose() {
      speex._speex_resampler_destroy(state);
      for (const pointer of [errorPointer, inputPointer, outputPointer, lengthsPointer]) {
        speex._free(pointer);
      }
    },
  };
}

/** Speex (SpeexDSP) resampler at `quality` 0…10, WASM with SIMD. */
export function speexResampler(quality: number): ResamplerUnderTest {
  return {
    name: `speex-resampler-wasm q${quality}`,
    note: `@echogarden/speex-resampler-wasm 0.3.0 (SpeexDSP, WASM SIMD build), quality ${quality}, int16 API`,
    create: (inputRate, outputRate) => createSpeex(inputRate, outputRate, quality),
  };
}
