import { describe, expect, it } from 'vitest';
import { parseWav, pcmToWav, WAV_HEADER_BYTES } from './wav.js';

/** pipecat-behaviour.md §1.10: 1 channel, 8000 Hz, data `0102` × 4. */
const PIPECAT_HEADER_HEX =
  '524946462c00000057415645666d74201000000001000100401f0000803e0000020010006461746108000000';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function chunk(id: string, body: Uint8Array): Uint8Array {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'ascii');
  header.writeUInt32LE(body.length, 4);
  const padding = body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([header, body, padding]);
}

function riff(...chunks: Uint8Array[]): Uint8Array {
  const body = Buffer.concat([Buffer.from('WAVE'), ...chunks]);
  const header = Buffer.alloc(8);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(body.length, 4);
  return new Uint8Array(Buffer.concat([header, body]));
}

function fmt(formatTag: number, channels: number, rate: number, bits: number): Uint8Array {
  const body = Buffer.alloc(16);
  body.writeUInt16LE(formatTag, 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(rate, 4);
  body.writeUInt32LE(rate * channels * (bits / 8), 8);
  body.writeUInt16LE(channels * (bits / 8), 12);
  body.writeUInt16LE(bits, 14);
  return body;
}

describe('pcmToWav', () => {
  it('writes the 44-byte header of the Pipecat vector', () => {
    const pcm = new Int16Array(4).fill(0x0201);
    const wav = pcmToWav(pcm, 8000);
    expect(wav).toHaveLength(52);
    expect(hex(wav)).toBe(`${PIPECAT_HEADER_HEX}${'0102'.repeat(4)}`);
  });

  it('drops trailing samples that do not complete a frame', () => {
    const wav = pcmToWav(Int16Array.of(1, 2, 3), 16000, 2);
    expect(wav).toHaveLength(WAV_HEADER_BYTES + 4);
    expect(Buffer.from(wav).readUInt32LE(40)).toBe(4);
    expect(Buffer.from(wav).readUInt16LE(32)).toBe(4);
  });

  it('rejects a bad sample rate or channel count, naming the value', () => {
    expect(() => pcmToWav(new Int16Array(2), 0)).toThrow(/got 0/);
    expect(() => pcmToWav(new Int16Array(2), 8000.5)).toThrow(/8000.5/);
    expect(() => pcmToWav(new Int16Array(2), 8000, 0)).toThrow(/got 0/);
  });
});

describe('parseWav', () => {
  it('reads back what pcmToWav wrote', () => {
    const pcm = Int16Array.from({ length: 10 }, (_, index) => index * 1000 - 5000);
    const parsed = parseWav(pcmToWav(pcm, 24000, 2));
    expect(parsed.sampleRate).toBe(24000);
    expect(parsed.numChannels).toBe(2);
    expect(Array.from(parsed.audio)).toEqual(Array.from(pcm));
  });

  it('skips unknown chunks, including odd-sized ones with a pad byte', () => {
    const data = Buffer.from(Int16Array.of(7, -7).buffer);
    const wav = riff(
      chunk('LIST', Buffer.from('INFOabc')),
      chunk('fmt ', fmt(1, 1, 8000, 16)),
      chunk('fact', Buffer.alloc(4)),
      chunk('data', data),
    );
    const parsed = parseWav(wav);
    expect(parsed).toMatchObject({ sampleRate: 8000, numChannels: 1 });
    expect(Array.from(parsed.audio)).toEqual([7, -7]);
  });

  it('reads a WAV that starts at an odd byte offset', () => {
    const wav = pcmToWav(Int16Array.of(300, -300), 8000);
    const shifted = new Uint8Array(wav.length + 1);
    shifted.set(wav, 1);
    expect(Array.from(parseWav(shifted.subarray(1)).audio)).toEqual([300, -300]);
  });

  it('rejects 8-bit, float and μ-law WAVs, naming the format', () => {
    const data = chunk('data', Buffer.alloc(4));
    expect(() => parseWav(riff(chunk('fmt ', fmt(1, 1, 8000, 8)), data))).toThrow(
      /format tag 0x1 with 8 bits.*only 16-bit integer PCM/,
    );
    expect(() => parseWav(riff(chunk('fmt ', fmt(3, 1, 8000, 32)), data))).toThrow(
      /format tag 0x3 with 32 bits/,
    );
    expect(() => parseWav(riff(chunk('fmt ', fmt(7, 1, 8000, 8)), data))).toThrow(/format tag 0x7/);
  });

  it('rejects a truncated data chunk, naming the declared and available sizes', () => {
    const wav = pcmToWav(new Int16Array(100), 8000);
    expect(() => parseWav(wav.subarray(0, 100))).toThrow(/declares 200 bytes but only 56 remain/);
  });

  it('rejects data that is not a whole number of frames', () => {
    const wav = riff(chunk('fmt ', fmt(1, 2, 8000, 16)), chunk('data', Buffer.alloc(6)));
    expect(() => parseWav(wav)).toThrow(/6 bytes, not a whole number of 4-byte frames/);
  });

  it('rejects files that are not RIFF/WAVE or have no data chunk', () => {
    expect(() => parseWav(new Uint8Array(4))).toThrow(/shorter than a RIFF header/);
    expect(() => parseWav(new TextEncoder().encode('RIFF\0\0\0\0AVI LIST'))).toThrow(
      /expected "RIFF…WAVE"/,
    );
    expect(() => parseWav(riff(chunk('fmt ', fmt(1, 1, 8000, 16))))).toThrow(/no data chunk/);
    expect(() => parseWav(riff(chunk('data', Buffer.alloc(2))))).toThrow(/before the fmt chunk/);
  });

  it('reads a data chunk of unknown length (0xffffffff) to the end of the file', () => {
    const wav = Buffer.from(pcmToWav(Int16Array.of(1, 2, 3), 8000));
    wav.writeUInt32LE(0xffff_ffff, 40);
    expect(Array.from(parseWav(wav).audio)).toEqual([1, 2, 3]);
  });

  it('accepts WAVE_FORMAT_EXTENSIBLE with the PCM sub-format', () => {
    const body = Buffer.alloc(40);
    Buffer.from(fmt(0xfffe, 1, 16000, 16)).copy(body);
    body.writeUInt16LE(22, 16);
    body.writeUInt16LE(16, 18);
    body.writeUInt16LE(1, 24);
    const wav = riff(chunk('fmt ', body), chunk('data', Buffer.from(Int16Array.of(5).buffer)));
    expect(parseWav(wav)).toMatchObject({ sampleRate: 16000, numChannels: 1 });
  });
});
