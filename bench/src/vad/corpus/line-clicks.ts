import type { SeededRandom } from './seeded-random.js';

/** A crackle click lasts this long, in seconds, before it has decayed by 60 dB. */
const CLICK_DECAY_SECS: readonly [number, number] = [0.002, 0.008];
/** A handset knock: a low thump ringing at this frequency, in Hz, for this long, in seconds. */
const THUMP_FREQUENCY_HZ: readonly [number, number] = [80, 160];
const THUMP_DECAY_SECS: readonly [number, number] = [0.03, 0.08];
/** Decay of 60 dB as a natural-log amplitude ratio. */
const SIXTY_DB_IN_NEPERS = Math.log(1000);

/** A crackle click: a burst of noise of peak `peak`, decaying exponentially within a few ms. */
export function crackleClick(sampleRate: number, peak: number, random: SeededRandom): Float64Array {
  const decaySecs = random.between(...CLICK_DECAY_SECS);
  const click = new Float64Array(Math.ceil(decaySecs * sampleRate));
  const rate = SIXTY_DB_IN_NEPERS / click.length;
  for (let index = 0; index < click.length; index++) {
    click[index] = peak * Math.exp(-rate * index) * (2 * random.next() - 1);
  }
  return click;
}

/** A knock on the handset: a decaying low sine of peak `peak`. */
export function handsetThump(sampleRate: number, peak: number, random: SeededRandom): Float64Array {
  const frequency = random.between(...THUMP_FREQUENCY_HZ);
  const decaySecs = random.between(...THUMP_DECAY_SECS);
  const thump = new Float64Array(Math.ceil(decaySecs * sampleRate));
  const rate = SIXTY_DB_IN_NEPERS / thump.length;
  const step = (2 * Math.PI * frequency) / sampleRate;
  for (let index = 0; index < thump.length; index++) {
    thump[index] = peak * Math.exp(-rate * index) * Math.sin(step * index);
  }
  return thump;
}
