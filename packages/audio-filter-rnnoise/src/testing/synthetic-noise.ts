/** Multiplier and increment of the linear congruential generator (Numerical Recipes). */
const LCG_MULTIPLIER = 1_664_525;
const LCG_INCREMENT = 1_013_904_223;
const TWO_TO_THE_32 = 2 ** 32;

/** Uniform numbers in [−1, 1) from `seed`, the same on every run. */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, LCG_MULTIPLIER) + LCG_INCREMENT) >>> 0;
    return (state / TWO_TO_THE_32) * 2 - 1;
  };
}

/** `samples` of white noise, uniform between −`amplitude` and `amplitude`. */
export function whiteNoise(samples: number, amplitude: number, seed = 1): Int16Array {
  const next = seededUniform(seed);
  return Int16Array.from({ length: samples }, () => Math.round(next() * amplitude));
}

/** Gain that brings Paul Kellet's pink filter's output to about the white input's level. */
const PINK_GAIN = 0.11;

/** `samples` of pink (1/f) noise, Paul Kellet's filter on white noise of `amplitude`. */
export function pinkNoise(samples: number, amplitude: number, seed = 2): Int16Array {
  const next = seededUniform(seed);
  const b = [0, 0, 0, 0, 0, 0, 0];
  const noise = new Int16Array(samples);
  for (let index = 0; index < samples; index++) {
    const white = next();
    b[0] = 0.99886 * b[0]! + white * 0.0555179;
    b[1] = 0.99332 * b[1]! + white * 0.0750759;
    b[2] = 0.969 * b[2]! + white * 0.153852;
    b[3] = 0.8665 * b[3]! + white * 0.3104856;
    b[4] = 0.55 * b[4]! + white * 0.5329522;
    b[5] = -0.7616 * b[5]! - white * 0.016898;
    const pink = b[0]! + b[1]! + b[2]! + b[3]! + b[4]! + b[5]! + b[6]! + white * 0.5362;
    b[6] = white * 0.115926;
    noise[index] = Math.round(pink * amplitude * PINK_GAIN);
  }
  return noise;
}
