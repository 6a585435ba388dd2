import { describe, expect, it } from 'vitest';
import { RNNoiseFilter } from './rnnoise-filter.js';
import { fixture } from './testing/fixtures.js';
import { filterInChunks, withTrailingSilence } from './testing/run-filter.js';
import { bestLag } from './testing/signal-measures.js';

/** Chunk sizes a caller's audio may come in: odd, tiny and larger than a 48 kHz frame's share. */
const CHUNK_SIZES = [1, 7, 160, 333];
/** Seconds of silence appended so the delayed end of the speech comes out. */
const TAIL_SECS = 0.2;

async function startedFilter(sampleRate: number): Promise<RNNoiseFilter> {
  const filter = new RNNoiseFilter();
  await filter.start(sampleRate, 1);
  return filter;
}

describe('RNNoiseFilter as a stream', () => {
  for (const name of ['speech-in-noise-8k', 'speech-16k'] as const) {
    const { audio, sampleRate } = fixture(name);
    const input = withTrailingSilence(audio, sampleRate, TAIL_SECS);

    it(`returns as many samples as it gets for chunks of ${CHUNK_SIZES.join(', ')} samples at ${sampleRate} Hz, the same output whatever the split`, async () => {
      const reference = filterInChunks(await startedFilter(sampleRate), input, input.length);
      for (const chunkSamples of CHUNK_SIZES) {
        const output = filterInChunks(await startedFilter(sampleRate), input, chunkSamples);
        expect(output.length).toBe(input.length);
        expect(output).toEqual(reference);
      }
    });

    it(`delays the audio by exactly latencyMs at ${sampleRate} Hz, with zeros before it`, async () => {
      const filter = await startedFilter(sampleRate);
      const output = filterInChunks(filter, input, 160);
      const delay = (filter.latencyMs! * sampleRate) / 1000;
      expect(Number.isInteger(delay)).toBe(true);
      expect(bestLag(input, output, sampleRate / 10)).toBe(delay);
      const heldBack = output.subarray(0, delay - (sampleRate / 1000) * 10);
      expect(heldBack.every((sample) => sample === 0)).toBe(true);
    });
  }

  it('has a latency of about 33 ms at 8 kHz and 26 ms at 16 kHz with the default resamplers', async () => {
    expect((await startedFilter(8000)).latencyMs).toBeCloseTo(32.625, 3);
    expect((await startedFilter(16_000)).latencyMs).toBeCloseTo(26.3125, 3);
  });

  it('gives after reset() the same output as a fresh filter on the same audio', async () => {
    const { audio, sampleRate } = fixture('speech-in-noise-8k');
    const fresh = filterInChunks(await startedFilter(sampleRate), audio, 160);
    const reused = await startedFilter(sampleRate);
    filterInChunks(reused, fixture('noise-8k').audio.subarray(0, 4321), 160);
    reused.reset();
    expect(reused.lastVoiceProbability).toBe(0);
    expect(filterInChunks(reused, audio, 160)).toEqual(fresh);
  });

  it('keeps a state per filter: two filters fed in turn give what each gives alone', async () => {
    const { audio: speech, sampleRate } = fixture('speech-in-noise-8k');
    const noise = fixture('noise-8k').audio.subarray(0, speech.length);
    const speechAlone = filterInChunks(await startedFilter(sampleRate), speech, 160);
    const noiseAlone = filterInChunks(await startedFilter(sampleRate), noise, 160);
    const first = await startedFilter(sampleRate);
    const second = await startedFilter(sampleRate);
    const speechOut = new Int16Array(speech.length);
    const noiseOut = new Int16Array(noise.length);
    for (let offset = 0; offset < speech.length; offset += 160) {
      speechOut.set(first.filter(speech.slice(offset, offset + 160)), offset);
      noiseOut.set(second.filter(noise.slice(offset, offset + 160)), offset);
    }
    expect(speechOut).toEqual(speechAlone);
    expect(noiseOut).toEqual(noiseAlone);
  });

  it('writes into the array it is given and returns that array', async () => {
    const filter = await startedFilter(8000);
    const chunk = fixture('noise-8k').audio.slice(0, 160);
    expect(filter.filter(chunk)).toBe(chunk);
  });

  it('runs at any rate core resamples to and from 48 kHz, e.g. 44.1 and 48 kHz', async () => {
    for (const sampleRate of [44_100, 48_000]) {
      const filter = await startedFilter(sampleRate);
      const chunk = new Int16Array(sampleRate / 50);
      for (let call = 0; call < 10; call++) expect(filter.filter(chunk).length).toBe(chunk.length);
    }
  });
});
