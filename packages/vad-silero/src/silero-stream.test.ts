import { describe, expect, it } from 'vitest';
import { SileroStream } from './silero-stream.js';
import { SILERO_STATE_UNITS, sileroWindowShape } from './silero-window-shape.js';

const SHAPE_8K = sileroWindowShape(8000)!;

function ramp(length: number, start: number): Int16Array {
  return Int16Array.from({ length }, (_, index) => start + index);
}

describe('SileroStream', () => {
  it('puts the last 32 samples of the previous input in front of each 8 kHz window, zeros at first', () => {
    const stream = new SileroStream();
    stream.configure(SHAPE_8K);
    const row = new Float32Array(SHAPE_8K.inputSamples);
    stream.writeInput(ramp(256, 1), row, 0);
    expect([...row.subarray(0, 32)]).toEqual(new Array(32).fill(0));
    expect(row[32]).toBe(1 / 32_768);
    expect(row[287]).toBe(256 / 32_768);
    stream.writeInput(ramp(256, 1000), row, 0);
    expect([...row.subarray(0, 32)]).toEqual([...ramp(32, 225)].map((value) => value / 32_768));
    expect(row[32]).toBe(1000 / 32_768);
  });

  it('writes a row at any offset of a batch input', () => {
    const stream = new SileroStream();
    stream.configure(sileroWindowShape(16_000)!);
    const batch = new Float32Array(3 * 576);
    stream.writeInput(ramp(512, 7), batch, 2 * 576);
    expect(batch.subarray(0, 2 * 576).every((value) => value === 0)).toBe(true);
    expect(batch[2 * 576 + 64]).toBe(7 / 32_768);
    expect(batch[3 * 576 - 1]).toBe(518 / 32_768);
  });

  it('lays its state out as row r of a [layers, batch, units] tensor and takes it back', () => {
    const stream = new SileroStream();
    stream.configure(SHAPE_8K);
    stream.state.forEach((_, index) => {
      stream.state[index] = index + 1;
    });
    const batchSize = 3;
    const batch = new Float32Array(2 * batchSize * SILERO_STATE_UNITS);
    stream.putState(batch, batchSize, 1);
    expect(batch[1 * 128]).toBe(1); // layer 0, row 1, unit 0
    expect(batch[1 * 128 + 127]).toBe(128); // layer 0, row 1, unit 127
    expect(batch[(3 + 1) * 128]).toBe(129); // layer 1, row 1, unit 0
    expect(batch[(3 + 1) * 128 + 127]).toBe(256);
    expect(batch.filter((value) => value !== 0)).toHaveLength(256);

    const other = new SileroStream();
    other.configure(SHAPE_8K);
    other.takeState(batch, batchSize, 1, other.generation);
    expect([...other.state]).toEqual([...stream.state]);
  });

  it('starts again from zeros on reset, and ignores a state that comes back after it', () => {
    const stream = new SileroStream();
    stream.configure(SHAPE_8K);
    const row = new Float32Array(SHAPE_8K.inputSamples);
    stream.writeInput(ramp(256, 1), row, 0);
    const generation = stream.generation;
    stream.reset();
    stream.takeState(new Float32Array(256).fill(5), 1, 0, generation);
    expect(stream.state.every((value) => value === 0)).toBe(true);
    stream.writeInput(ramp(256, 1), row, 0);
    expect(row.subarray(0, 32).every((value) => value === 0)).toBe(true);
  });
});
