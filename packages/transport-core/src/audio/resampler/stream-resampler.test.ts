import { describe, expect, it } from 'vitest';
import type { ResamplerKernelName } from './polyphase-kernel.js';
import { resample as resampleWith, StreamResampler } from './stream-resampler.js';

const KERNELS: ResamplerKernelName[] = ['wasm-simd', 'javascript'];

const COMMON_RATES = [8000, 16000, 22050, 24000, 44100, 48000] as const;
const ALL_PAIRS = COMMON_RATES.flatMap((inputRate) =>
  COMMON_RATES.filter((outputRate) => outputRate !== inputRate).map(
    (outputRate) => [inputRate, outputRate] as const,
  ),
);
const DOWNSAMPLING_PAIRS = ALL_PAIRS.filter(([inputRate, outputRate]) => outputRate < inputRate);

function sine(frequencyHz: number, rate: number, seconds: number, amplitude = 16_000): Int16Array {
  const length = Math.round(rate * seconds);
  return Int16Array.from({ length }, (_, index) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * index) / rate)),
  );
}

/** Deterministic white-ish noise (xorshift32), full of content at every frequency. */
function noise(length: number, seed = 0x1234_5678, amplitude = 12_000): Int16Array {
  let state = seed >>> 0;
  return Int16Array.from({ length }, () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return Math.round((state / 0xffff_ffff - 0.5) * 2 * amplitude);
  });
}

function concat(parts: Int16Array[]): Int16Array {
  const output = new Int16Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    output.set(part, offset);
    offset += part.length;
  }
  return output;
}

function feedInChunks(resampler: StreamResampler, signal: Int16Array, chunkSizes: number[]) {
  const parts: Int16Array[] = [];
  let offset = 0;
  let turn = 0;
  while (offset < signal.length) {
    const size = chunkSizes[turn++ % chunkSizes.length]!;
    parts.push(resampler.process(signal.subarray(offset, offset + size)));
    offset += size;
  }
  parts.push(resampler.flush());
  return concat(parts);
}

function rmsOf(signal: Int16Array, from = 0, to = signal.length): number {
  let sum = 0;
  for (let index = from; index < to; index++) sum += signal[index]! ** 2;
  return Math.sqrt(sum / (to - from));
}

/** Middle of a signal, skipping 50 ms at each end where the zero-padded edges ring. */
function middle(signal: Int16Array, rate: number): Int16Array {
  const edge = Math.round(rate * 0.05);
  return signal.subarray(edge, signal.length - edge);
}

describe.each(KERNELS)('StreamResampler quality (%s kernel)', (kernel) => {
  const resample = (pcm: Int16Array, inputRate: number, outputRate: number) =>
    resampleWith(pcm, inputRate, outputRate, { kernel });

  it('keeps a 1 kHz sine through 8k → 16k → 8k at SNR ≥ 50 dB, with no added delay', () => {
    const original = sine(1000, 8000, 1);
    const up = resample(original, 8000, 16000);
    const roundTrip = resample(up, 16000, 8000);
    expect(roundTrip).toHaveLength(original.length);
    let signalEnergy = 0;
    let errorEnergy = 0;
    const edge = 400;
    for (let index = edge; index < original.length - edge; index++) {
      signalEnergy += original[index]! ** 2;
      errorEnergy += (original[index]! - roundTrip[index]!) ** 2;
    }
    const snrDb = 10 * Math.log10(signalEnergy / errorEnergy);
    expect(snrDb).toBeGreaterThanOrEqual(50);
  });

  it('upsamples a 1 kHz sine from 8 kHz to 16 kHz within 80 dB of the ideal 16 kHz sine', () => {
    const output = resample(sine(1000, 8000, 1), 8000, 16000);
    let signalEnergy = 0;
    let errorEnergy = 0;
    for (let index = 800; index < output.length - 800; index++) {
      const ideal = 16_000 * Math.sin((2 * Math.PI * 1000 * index) / 16000);
      signalEnergy += ideal ** 2;
      errorEnergy += (ideal - output[index]!) ** 2;
    }
    expect(10 * Math.log10(signalEnergy / errorEnergy)).toBeGreaterThanOrEqual(80);
  });

  it.each([
    [48000, 8000, 5000],
    [16000, 8000, 4500],
  ])(
    'attenuates a tone above the output Nyquist by ≥ 60 dB (%i → %i Hz, %i Hz tone)',
    (inputRate, outputRate, toneHz) => {
      const input = sine(toneHz, inputRate, 0.5);
      const output = resample(input, inputRate, outputRate);
      const attenuationDb = 20 * Math.log10(rmsOf(input) / rmsOf(middle(output, outputRate)));
      expect(attenuationDb).toBeGreaterThanOrEqual(60);
    },
  );

  it.each(DOWNSAMPLING_PAIRS)(
    'attenuates content just above the lower Nyquist by ≥ 60 dB (%i → %i Hz)',
    (inputRate, outputRate) => {
      const toneHz = (outputRate / 2) * 1.03;
      const input = sine(toneHz, inputRate, 0.3);
      const output = resample(input, inputRate, outputRate);
      const attenuationDb = 20 * Math.log10(rmsOf(input) / rmsOf(middle(output, outputRate)));
      expect(attenuationDb).toBeGreaterThanOrEqual(60);
    },
  );

  it.each(ALL_PAIRS)('passes a 1 kHz tone within 0.05 dB (%i → %i Hz)', (inputRate, outputRate) => {
    const input = sine(1000, inputRate, 0.3);
    const output = resample(input, inputRate, outputRate);
    const gainDb =
      20 * Math.log10(rmsOf(middle(output, outputRate)) / rmsOf(middle(input, inputRate)));
    expect(Math.abs(gainDb)).toBeLessThan(0.05);
  });

  it('passes the telephone band (3.4 kHz) within 0.1 dB when going to 8 kHz', () => {
    const input = sine(3400, 16000, 0.3);
    const output = resample(input, 16000, 8000);
    const gainDb = 20 * Math.log10(rmsOf(middle(output, 8000)) / rmsOf(middle(input, 16000)));
    expect(Math.abs(gainDb)).toBeLessThan(0.1);
  });

  it('keeps a constant level exactly (every phase has unity gain)', () => {
    const output = resample(new Int16Array(44100 * 0.3).fill(10_000), 44100, 16000);
    expect(Array.from(new Set(middle(output, 16000)))).toEqual([10_000]);
  });

  it('clamps overshoot at full scale instead of wrapping around', () => {
    const step = concat([new Int16Array(800), new Int16Array(800).fill(32_767)]);
    const output = resample(step, 8000, 16000);
    // Past the rising edge's ringing and before the falling edge at the end of the stream.
    const afterEdge = output.subarray(1600 + 40, 3200 - 40);
    expect(Math.min(...afterEdge)).toBeGreaterThan(32_000);
    expect(Math.max(...output)).toBe(32_767);
  });
});

describe.each(KERNELS)('StreamResampler streaming (%s kernel)', (kernel) => {
  const resample = (pcm: Int16Array, inputRate: number, outputRate: number) =>
    resampleWith(pcm, inputRate, outputRate, { kernel });
  const create = (inputRate: number, outputRate: number) =>
    new StreamResampler(inputRate, outputRate, { kernel });

  it.each(ALL_PAIRS)(
    'gives identical output fed in 20 ms chunks or whole (%i → %i Hz)',
    (inputRate, outputRate) => {
      const signal = noise(Math.round(inputRate * 0.25));
      const whole = feedInChunks(create(inputRate, outputRate), signal, [signal.length]);
      const chunked = feedInChunks(create(inputRate, outputRate), signal, [inputRate / 50]);
      expect(chunked).toEqual(whole);
    },
  );

  it('gives identical output for irregular chunks, including empty and one-sample ones', () => {
    const signal = noise(5000, 42);
    const whole = feedInChunks(create(22050, 8000), signal, [signal.length]);
    const ragged = feedInChunks(create(22050, 8000), signal, [1, 0, 7, 333, 2, 160]);
    expect(ragged).toEqual(whole);
  });

  it.each(ALL_PAIRS)(
    'returns ceil(n × out / in) samples over process + flush (%i → %i Hz)',
    (inputRate, outputRate) => {
      for (const length of [0, 1, 2, 3, 159, 160, 441, 1000, 4801]) {
        const resampler = create(inputRate, outputRate);
        const total = resampler.process(new Int16Array(length)).length + resampler.flush().length;
        const exact = (length * outputRate) / inputRate;
        expect(total, `n = ${length}`).toBe(Math.ceil(exact));
        expect(Math.abs(total - Math.round(exact))).toBeLessThanOrEqual(1);
      }
    },
  );

  it('holds back the filter tail until flush, which returns it', () => {
    const resampler = create(8000, 16000);
    const body = resampler.process(sine(1000, 8000, 0.02));
    expect(body.length).toBeLessThan(320);
    const tail = resampler.flush();
    expect(body.length + tail.length).toBe(320);
    expect(rmsOf(tail)).toBeGreaterThan(1000);
  });

  it('starts a fresh utterance after flush', () => {
    const signal = noise(800, 7);
    const fresh = feedInChunks(create(16000, 8000), signal, [320]);
    const reused = create(16000, 8000);
    feedInChunks(reused, noise(999, 9), [160]);
    expect(feedInChunks(reused, signal, [320])).toEqual(fresh);
  });

  it('drops held-back input on reset, without output', () => {
    const signal = noise(800, 7);
    const fresh = feedInChunks(create(8000, 24000), signal, [160]);
    const interrupted = create(8000, 24000);
    interrupted.process(noise(500, 3));
    interrupted.reset();
    expect(feedInChunks(interrupted, signal, [160])).toEqual(fresh);
  });

  it('returns the input itself when the rates are equal, and an empty tail', () => {
    const resampler = create(16000, 16000);
    const chunk = noise(320);
    expect(resampler.process(chunk)).toBe(chunk);
    expect(resampler.flush()).toHaveLength(0);
    expect(resample(chunk, 8000, 8000)).toBe(chunk);
    expect(resampleWith(chunk, 8000, 8000)).toBe(chunk);
  });

  it('keeps its buffer bounded by the largest chunk over a long stream', () => {
    const resampler = create(48000, 8000);
    const chunk = noise(960);
    let produced = 0;
    for (let turn = 0; turn < 3000; turn++) produced += resampler.process(chunk).length;
    produced += resampler.flush().length;
    expect(produced).toBe(3000 * 160);
  });
});

describe('StreamResampler input checks', () => {
  it('rejects rates that are not positive integers, naming the value', () => {
    expect(() => new StreamResampler(0, 8000)).toThrow(/input sample rate .* got 0/);
    expect(() => new StreamResampler(8000, 16000.5)).toThrow(/output sample rate .* got 16000.5/);
    expect(() => resampleWith(new Int16Array(1), -8000, -8000)).toThrow(/got -8000/);
  });

  it('rejects a ratio that would need too many filter phases', () => {
    expect(() => new StreamResampler(8000, 8001)).toThrow(/8000 Hz to 8001 Hz.*8001 filter phases/);
  });

  it('rejects design options out of range, naming the value', () => {
    expect(() => new StreamResampler(8000, 16000, { passbandFraction: 1 })).toThrow(/got 1/);
    expect(() => new StreamResampler(8000, 16000, { stopbandAttenuationDb: 5 })).toThrow(/got 5/);
  });
});

describe('StreamResampler kernels', () => {
  it('uses the WebAssembly SIMD kernel by default on Node.js', () => {
    expect(new StreamResampler(8000, 16000).kernel).toBe('wasm-simd');
    expect(new StreamResampler(8000, 16000, { kernel: 'javascript' }).kernel).toBe('javascript');
  });

  it.each(ALL_PAIRS)(
    'gives the same output from both kernels, to within one step (%i → %i Hz)',
    (inputRate, outputRate) => {
      const signal = noise(Math.round(inputRate * 0.1), 99, 30_000);
      const simd = resampleWith(signal, inputRate, outputRate, { kernel: 'wasm-simd' });
      const portable = resampleWith(signal, inputRate, outputRate, { kernel: 'javascript' });
      expect(simd).toHaveLength(portable.length);
      let largestDifference = 0;
      for (let index = 0; index < simd.length; index++) {
        largestDifference = Math.max(largestDifference, Math.abs(simd[index]! - portable[index]!));
      }
      expect(largestDifference).toBeLessThanOrEqual(1);
    },
  );

  it('handles a long one-shot signal in bounded kernel batches, like the same signal streamed', () => {
    const signal = noise(48000 * 5, 5);
    const whole = resampleWith(signal, 48000, 44100);
    const streamed = feedInChunks(new StreamResampler(48000, 44100), signal, [960]);
    expect(whole).toEqual(streamed);
  });

  it('rejects an unknown kernel name', () => {
    const options = { kernel: 'gpu' } as unknown as { kernel: 'auto' };
    expect(() => new StreamResampler(8000, 16000, options)).toThrow(/got gpu/);
  });
});
