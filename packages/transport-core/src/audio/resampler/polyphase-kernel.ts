import type { PolyphaseFilter } from './kaiser-filter.js';

/** Which inner loop computes the filter. */
export type ResamplerKernelName = 'wasm-simd' | 'javascript';

/** The inner loop of `StreamResampler`: the dot products of a run of outputs. */
export interface PolyphaseKernel {
  readonly name: ResamplerKernelName;
  /**
   * Computes `output.length` outputs. The first output's window starts at `input[0]` with phase
   * `phase`; each next one advances by the filter's rate ratio. `input` holds at least every
   * sample the last output reads.
   */
  convolve(filter: PolyphaseFilter, input: Float32Array, phase: number, output: Int16Array): void;
}

const INT16_MAX = 32_767;
const INT16_MIN = -32_768;

/** The portable kernel: plain JavaScript, four running sums in double precision. */
export const javascriptKernel: PolyphaseKernel = {
  name: 'javascript',
  convolve(filter, input, startPhase, output) {
    const { upFactor, downFactor, tapsPerPhase, coefficients } = filter;
    const wholeStep = Math.floor(downFactor / upFactor);
    const phaseStep = downFactor % upFactor;
    let windowStart = 0;
    let phase = startPhase;
    for (let index = 0; index < output.length; index++) {
      // Four running sums break the floating-point add chain (about 1.5× faster than one).
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      let coefficient = phase * tapsPerPhase;
      const end = windowStart + tapsPerPhase;
      for (let sample = windowStart; sample < end; sample += 4, coefficient += 4) {
        sum0 += input[sample]! * coefficients[coefficient]!;
        sum1 += input[sample + 1]! * coefficients[coefficient + 1]!;
        sum2 += input[sample + 2]! * coefficients[coefficient + 2]!;
        sum3 += input[sample + 3]! * coefficients[coefficient + 3]!;
      }
      const sum = sum0 + sum1 + (sum2 + sum3);
      output[index] = sum >= INT16_MAX ? INT16_MAX : sum <= INT16_MIN ? INT16_MIN : Math.round(sum);
      windowStart += wholeStep;
      phase += phaseStep;
      if (phase >= upFactor) {
        phase -= upFactor;
        windowStart++;
      }
    }
  },
};
