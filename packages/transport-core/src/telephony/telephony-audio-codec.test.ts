import { describe, expect, it } from 'vitest';
import { pcmToAlaw, pcmToUlaw, ulawToPcm } from '../audio/index.js';
import { TelephonyAudioCodec } from './telephony-audio-codec.js';

const SAMPLE_RATE_8K = 8000;

function sine(
  frequencyHz: number,
  sampleRate: number,
  samples: number,
  amplitude = 8000,
): Int16Array {
  const pcm = new Int16Array(samples);
  for (let index = 0; index < samples; index++) {
    pcm[index] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * index) / sampleRate));
  }
  return pcm;
}

/** Signal-to-noise ratio of `actual` against `expected`, in dB, over their common length. */
function snrDb(expected: Int16Array, actual: Int16Array, skip = 0): number {
  let signal = 0;
  let noise = 0;
  const length = Math.min(expected.length, actual.length);
  for (let index = skip; index < length - skip; index++) {
    signal += expected[index]! ** 2;
    noise += (expected[index]! - actual[index]!) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

function concat(chunks: Int16Array[]): Int16Array {
  const total = new Int16Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    total.set(chunk, offset);
    offset += chunk.length;
  }
  return total;
}

describe('TelephonyAudioCodec', () => {
  it('decodes PCMU at 8 kHz without resampling when the pipeline runs at 8 kHz', () => {
    const codec = new TelephonyAudioCodec(
      { encoding: 'PCMU', sampleRate: SAMPLE_RATE_8K, channels: 1 },
      { pipelineSampleRate: SAMPLE_RATE_8K },
    );
    expect([...codec.decode(new Uint8Array([0xff, 0xfe, 0x7e, 0x80, 0x00, 0x7f]))]).toEqual([
      0, 8, -8, 32124, -32124, 0,
    ]);
  });

  it('decodes A-law and little-endian L16 by the stream format', () => {
    const alaw = new TelephonyAudioCodec(
      { encoding: 'PCMA', sampleRate: SAMPLE_RATE_8K, channels: 1 },
      { pipelineSampleRate: SAMPLE_RATE_8K },
    );
    expect([...alaw.decode(new Uint8Array([0xd5, 0x55, 0xaa, 0x2a]))]).toEqual([
      8, -8, 32256, -32256,
    ]);
    const l16 = new TelephonyAudioCodec(
      { encoding: 'L16', sampleRate: SAMPLE_RATE_8K, channels: 1 },
      { pipelineSampleRate: SAMPLE_RATE_8K },
    );
    expect([...l16.decode(Buffer.from('AADoAxj8', 'base64'))]).toEqual([0, 1000, -1000]);
    expect(
      Buffer.from(l16.encode(new Int16Array([0, 1000, -1000]), SAMPLE_RATE_8K)).toString('base64'),
    ).toBe('AADoAxj8');
  });

  it('round-trips a 1 kHz tone through μ-law 8 kHz and a 16 kHz pipeline in 20 ms chunks', () => {
    const codec = new TelephonyAudioCodec(
      { encoding: 'PCMU', sampleRate: SAMPLE_RATE_8K, channels: 1 },
      { pipelineSampleRate: 16_000 },
    );
    const tone = sine(1000, SAMPLE_RATE_8K, 8000);
    const wire = pcmToUlaw(tone);
    const decoded: Int16Array[] = [];
    for (let offset = 0; offset < wire.length; offset += 160) {
      decoded.push(codec.decode(wire.subarray(offset, offset + 160)));
    }
    const pipelineAudio = concat(decoded);
    expect(pipelineAudio.length).toBeGreaterThan(15_000);
    const encoded: Uint8Array[] = [];
    for (let offset = 0; offset < pipelineAudio.length; offset += 320) {
      encoded.push(codec.encode(pipelineAudio.subarray(offset, offset + 320), 16_000));
    }
    const back = concat(encoded.map((bytes) => ulawToPcm(bytes)));
    // G.711 quantisation twice bounds the SNR near 35 dB; resampling must not make it worse.
    expect(snrDb(tone, back, 200)).toBeGreaterThan(30);
  });

  it('encodes to A-law exactly like the codec when no resampling is needed', () => {
    const codec = new TelephonyAudioCodec(
      { encoding: 'PCMA', sampleRate: SAMPLE_RATE_8K, channels: 1 },
      { pipelineSampleRate: SAMPLE_RATE_8K },
    );
    const tone = sine(440, SAMPLE_RATE_8K, 160);
    expect(codec.encode(tone, SAMPLE_RATE_8K)).toEqual(pcmToAlaw(tone));
  });

  it('refuses encodings other than PCMU, PCMA and L16, naming them', () => {
    expect(
      () =>
        new TelephonyAudioCodec(
          { encoding: 'OPUS' as 'PCMU', sampleRate: 48_000, channels: 1 },
          { pipelineSampleRate: 16_000 },
        ),
    ).toThrow(/unsupported audio encoding "OPUS"/);
  });

  it('gives caller-audio frames the wire audio only when the call rate differs from the pipeline rate', () => {
    const payload = pcmToUlaw(sine(440, SAMPLE_RATE_8K, 160));
    const resampling = new TelephonyAudioCodec(
      { encoding: 'PCMU', sampleRate: SAMPLE_RATE_8K, channels: 1 },
      { pipelineSampleRate: 16_000 },
    );
    let frame = resampling.decodeFrame(payload);
    for (let index = 0; index < 3 && frame === undefined; index++) {
      frame = resampling.decodeFrame(payload);
    }
    expect(frame?.sampleRate).toBe(16_000);
    expect(frame?.wireAudio?.sampleRate).toBe(SAMPLE_RATE_8K);
    expect(frame?.wireAudio?.audio).toEqual(ulawToPcm(payload));
    const same = new TelephonyAudioCodec(
      { encoding: 'PCMU', sampleRate: SAMPLE_RATE_8K, channels: 1 },
      { pipelineSampleRate: SAMPLE_RATE_8K },
    );
    const direct = same.decodeFrame(payload);
    expect(direct?.audio).toEqual(ulawToPcm(payload));
    expect(direct?.wireAudio).toBeUndefined();
    expect('wireAudio' in direct!).toBe(false);
  });
});
