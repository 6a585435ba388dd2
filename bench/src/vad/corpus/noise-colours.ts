import { scaleToRms } from './decibels.js';
import type { SeededRandom } from './seeded-random.js';

/** The noise colours of the corpus: flat, −3 dB per octave, −6 dB per octave. */
export type NoiseColour = 'white' | 'pink' | 'brown';

export const NOISE_COLOURS: readonly NoiseColour[] = Object.freeze(['white', 'pink', 'brown']);

/**
 * How much of the previous brown-noise value carries into the next sample: a leaky integrator,
 * so brown noise has no DC drift (corner about 6 Hz at 8 kHz).
 */
const BROWN_LEAK = 0.995;

/** `samples` of noise of `colour` with an RMS of 1 sample unit. */
export function colouredNoise(
  colour: NoiseColour,
  samples: number,
  random: SeededRandom,
): Float64Array {
  const noise = new Float64Array(samples);
  switch (colour) {
    case 'white':
      for (let index = 0; index < samples; index++) noise[index] = random.gaussian();
      break;
    case 'pink': {
      // Paul Kellet's refined filter: white noise through seven first-order sections.
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      let b4 = 0;
      let b5 = 0;
      let b6 = 0;
      for (let index = 0; index < samples; index++) {
        const white = random.gaussian();
        b0 = 0.99886 * b0 + white * 0.0555179;
        b1 = 0.99332 * b1 + white * 0.0750759;
        b2 = 0.969 * b2 + white * 0.153852;
        b3 = 0.8665 * b3 + white * 0.3104856;
        b4 = 0.55 * b4 + white * 0.5329522;
        b5 = -0.7616 * b5 - white * 0.016898;
        noise[index] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
        b6 = white * 0.115926;
      }
      break;
    }
    case 'brown': {
      let value = 0;
      for (let index = 0; index < samples; index++) {
        value = BROWN_LEAK * value + random.gaussian();
        noise[index] = value;
      }
      break;
    }
  }
  return scaleToRms(noise, 1);
}
