import { describe, expect, it } from 'vitest';
import { OutputAudioRawFrame, TTSAudioRawFrame } from '../frames/audio-frames.js';
import { OutputAudioChunker } from './output-audio-chunker.js';

function collect(outputRate: number, outputChannels: number, chunkSamples: number) {
  const chunks: { samples: number[]; source: string }[] = [];
  const chunker = new OutputAudioChunker<OutputAudioRawFrame>(
    outputRate,
    outputChannels,
    chunkSamples,
    (chunk, source) => chunks.push({ samples: [...chunk], source: source.type }),
  );
  return { chunker, chunks };
}

function sine(samples: number, rate: number, frequency: number, amplitude = 8000): Int16Array {
  return Int16Array.from({ length: samples }, (_, index) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * frequency * index) / rate)),
  );
}

describe('OutputAudioChunker', () => {
  it('cuts audio at the output rate into whole chunks and keeps the rest for later', () => {
    const { chunker, chunks } = collect(8000, 1, 4);
    chunker.push(new OutputAudioRawFrame(Int16Array.of(1, 2, 3, 4, 5, 6), 8000));
    expect(chunks.map((chunk) => chunk.samples)).toEqual([[1, 2, 3, 4]]);
    expect(chunker.pendingSamples).toBe(2);
    chunker.push(new TTSAudioRawFrame(Int16Array.of(7, 8), 8000));
    expect(chunks[1]).toEqual({ samples: [5, 6, 7, 8], source: 'TTSAudioRawFrame' });
  });

  it('pads the partial chunk with silence on flush and drops it on reset', () => {
    const { chunker, chunks } = collect(8000, 1, 4);
    chunker.push(new OutputAudioRawFrame(Int16Array.of(1, 2, 3, 4, 5), 8000));
    chunker.flush();
    expect(chunks.map((chunk) => chunk.samples)).toEqual([
      [1, 2, 3, 4],
      [5, 0, 0, 0],
    ]);
    chunker.push(new OutputAudioRawFrame(Int16Array.of(9, 9), 8000));
    chunker.reset();
    chunker.flush();
    expect(chunks).toHaveLength(2);
  });

  it('resamples with state carried across frames, so frame boundaries leave no click', () => {
    const whole = collect(8000, 1, 160);
    const split = collect(8000, 1, 160);
    const audio = sine(4800, 24_000, 440);
    whole.chunker.push(new OutputAudioRawFrame(audio, 24_000));
    whole.chunker.flush();
    for (let offset = 0; offset < audio.length; offset += 480) {
      split.chunker.push(new OutputAudioRawFrame(audio.slice(offset, offset + 480), 24_000));
    }
    split.chunker.flush();
    expect(split.chunks).toEqual(whole.chunks);
    const samples = whole.chunks.flatMap((chunk) => chunk.samples);
    expect(samples).toHaveLength(1600);
    // a 440 Hz sine at 8 kHz moves at most 2π·440/8000 × 8000 ≈ 2765 per sample
    for (let index = 1; index < 1500; index++) {
      expect(Math.abs(samples[index]! - samples[index - 1]!)).toBeLessThan(2900);
    }
  });

  it('releases the resampler tail on flush (no lost end of utterance)', () => {
    const { chunker, chunks } = collect(8000, 1, 80);
    chunker.push(new OutputAudioRawFrame(sine(480, 16_000, 300), 16_000));
    const before = chunks.flatMap((chunk) => chunk.samples).length + chunker.pendingSamples;
    chunker.flush();
    const after = chunks.flatMap((chunk) => chunk.samples);
    expect(before).toBeLessThan(240);
    expect(after.length).toBe(240); // 480 samples at 16 kHz = 240 at 8 kHz, padded to 3 × 80
    expect(after.slice(200, 240).some((sample) => sample !== 0)).toBe(true);
  });

  it('converts mono to stereo and stereo to mono', () => {
    const stereo = collect(8000, 2, 4);
    stereo.chunker.push(new OutputAudioRawFrame(Int16Array.of(1, 2), 8000, 1));
    expect(stereo.chunks[0]!.samples).toEqual([1, 1, 2, 2]);
    const mono = collect(8000, 1, 2);
    mono.chunker.push(new OutputAudioRawFrame(Int16Array.of(10, 20, 30, 50), 8000, 2));
    expect(mono.chunks[0]!.samples).toEqual([15, 40]);
  });

  it('refuses audio with more than two channels by name', () => {
    const { chunker } = collect(8000, 1, 4);
    expect(() => chunker.push(new OutputAudioRawFrame(new Int16Array(6), 8000, 3))).toThrow(
      /3 channels/,
    );
  });
});
