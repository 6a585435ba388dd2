import { describe, expect, it } from 'vitest';
import { RNNoiseFilter } from './rnnoise-filter.js';
import { sharedRNNoiseWasm } from './rnnoise-wasm.js';

describe('RNNoiseFilter lifecycle', () => {
  it('throws a clear error when filter() is called after stop()', async () => {
    const filter = new RNNoiseFilter();
    await filter.start(8000, 1);
    filter.filter(new Int16Array(160));
    await filter.stop();
    expect(() => filter.filter(new Int16Array(160))).toThrow(/called after stop\(\)/);
    expect(() => filter.reset()).toThrow(/called after stop\(\)/);
    expect(filter.latencyMs).toBeUndefined();
  });

  it('throws a clear error when filter() is called before start() has finished', () => {
    const filter = new RNNoiseFilter();
    expect(() => filter.filter(new Int16Array(160))).toThrow(/before start\(\) finished/);
  });

  it('can be stopped twice, and before it was started', async () => {
    const filter = new RNNoiseFilter();
    await filter.stop();
    await filter.stop();
    await expect(filter.start(8000, 1)).rejects.toThrow(/called after stop\(\)/);
  });

  it('does not allocate a state when stopped while its start() was loading the module', async () => {
    const filter = new RNNoiseFilter();
    const starting = filter.start(8000, 1);
    await filter.stop();
    await starting;
    expect(() => filter.filter(new Int16Array(160))).toThrow(/called after stop\(\)/);
  });

  it('rejects stereo with a RangeError naming the channel count', async () => {
    await expect(new RNNoiseFilter().start(8000, 2)).rejects.toThrow(
      new RangeError('RNNoiseFilter filters mono audio only, got 2 channels'),
    );
  });

  for (const sampleRate of [0, -8000, 8000.5, 7919]) {
    it(`rejects ${sampleRate} Hz, which core's resampler cannot convert to and from 48 kHz, with a RangeError naming it`, async () => {
      const starting = new RNNoiseFilter().start(sampleRate, 1);
      await expect(starting).rejects.toBeInstanceOf(RangeError);
      await expect(starting).rejects.toThrow(`RNNoiseFilter cannot run at ${sampleRate} Hz`);
    });
  }

  it('shares one WebAssembly module between all filters of the process', async () => {
    const [first, second] = await Promise.all([sharedRNNoiseWasm(), sharedRNNoiseWasm()]);
    expect(first).toBe(second);
  });

  it('frees its state on stop(), so a thousand calls one after another do not grow the memory', async () => {
    const wasm = await sharedRNNoiseWasm();
    const warm = new RNNoiseFilter();
    await warm.start(8000, 1);
    await warm.stop();
    const bytesBefore = wasm.HEAPF32.buffer.byteLength;
    for (let call = 0; call < 1000; call++) {
      const filter = new RNNoiseFilter();
      await filter.start(8000, 1);
      filter.filter(new Int16Array(160));
      await filter.stop();
    }
    expect(wasm.HEAPF32.buffer.byteLength).toBe(bytesBefore);
  });
});
