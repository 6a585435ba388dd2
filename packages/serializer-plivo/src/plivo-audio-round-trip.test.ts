import {
  bytesFromInt16,
  InputAudioRawFrame,
  int16FromBytes,
  type MediaFormat,
  OutputAudioRawFrame,
  pcmToUlaw,
  silentLogger,
  ulawToPcm,
} from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { PlivoFrameSerializer } from './plivo-frame-serializer.js';

const PIPELINE_SAMPLE_RATE_HZ = 16_000;
const CHUNK_MS = 20;
const TONE_SECONDS = 1;
const TONE_AMPLITUDE = 8_000;
const TONE_FREQUENCIES_HZ = [440, 1_250];
/** Samples at each end left out of the comparison: resampler start-up and held-back tail. */
const EDGE_MS = 10;

/** A two-tone test signal sampled at `sampleRate`, as exact floating-point values. */
function tone(sampleRate: number, seconds = TONE_SECONDS): Float64Array {
  const signal = new Float64Array(Math.round(sampleRate * seconds));
  for (let index = 0; index < signal.length; index++) {
    let value = 0;
    for (const frequency of TONE_FREQUENCIES_HZ) {
      value += Math.sin((2 * Math.PI * frequency * index) / sampleRate);
    }
    signal[index] = (TONE_AMPLITUDE / TONE_FREQUENCIES_HZ.length) * value;
  }
  return signal;
}

function toInt16(signal: Float64Array): Int16Array {
  return Int16Array.from(signal, (value) => Math.round(value));
}

/** Signal-to-noise ratio of `actual` against `expected`, in dB, over their common middle. */
function snrDb(expected: ArrayLike<number>, actual: ArrayLike<number>, sampleRate: number): number {
  const edge = Math.round((sampleRate * EDGE_MS) / 1000);
  const end = Math.min(expected.length, actual.length) - edge;
  let signal = 0;
  let noise = 0;
  for (let index = edge; index < end; index++) {
    signal += expected[index]! ** 2;
    noise += (expected[index]! - actual[index]!) ** 2;
  }
  return 10 * Math.log10(signal / Math.max(noise, 1e-9));
}

function concat(chunks: readonly Int16Array[]): Int16Array {
  const result = new Int16Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

interface CodecCase {
  name: string;
  format: MediaFormat;
  encode(pcm: Int16Array): Uint8Array;
  decode(bytes: Uint8Array): Int16Array;
  /**
   * Lowest acceptable SNR of the inbound stage, in dB (the round trip may lose 3 dB more).
   * Measured: μ-law 38 dB (its quantisation), L16 81–83 dB (the resampler's 80 dB stopband);
   * a wrong codec or byte order gives less than 10 dB.
   */
  minimumSnrDb: number;
}

const CASES: CodecCase[] = [
  {
    name: 'μ-law 8 kHz',
    format: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
    encode: pcmToUlaw,
    decode: ulawToPcm,
    minimumSnrDb: 32,
  },
  {
    name: 'L16 8 kHz',
    format: { encoding: 'L16', sampleRate: 8000, channels: 1 },
    encode: (pcm) => bytesFromInt16(pcm).slice(),
    decode: (bytes) => int16FromBytes(bytes),
    minimumSnrDb: 70,
  },
  {
    name: 'L16 16 kHz',
    format: { encoding: 'L16', sampleRate: 16000, channels: 1 },
    encode: (pcm) => bytesFromInt16(pcm).slice(),
    decode: (bytes) => int16FromBytes(bytes),
    minimumSnrDb: 70,
  },
];

describe('PlivoFrameSerializer audio round trip', () => {
  it.each(CASES)(
    '$name: a tone in is decoded and resampled to the pipeline rate, and comes back out the same',
    (codec) => {
      const serializer = new PlivoFrameSerializer({
        streamId: 'stream-1',
        mediaFormat: codec.format,
        autoHangUp: false,
      });
      serializer.setup({
        audioInSampleRate: PIPELINE_SAMPLE_RATE_HZ,
        audioOutSampleRate: PIPELINE_SAMPLE_RATE_HZ,
        logger: silentLogger,
      });
      const streamRate = codec.format.sampleRate;
      const sent = toInt16(tone(streamRate));
      const wire = codec.encode(sent);
      const bytesPerChunk = (wire.length / (TONE_SECONDS * 1000)) * CHUNK_MS;

      const received: Int16Array[] = [];
      for (let offset = 0; offset < wire.length; offset += bytesPerChunk) {
        const payload = Buffer.from(wire.subarray(offset, offset + bytesPerChunk)).toString(
          'base64',
        );
        const text = JSON.stringify({
          event: 'media',
          streamId: 'stream-1',
          media: { track: 'inbound', chunk: 1, timestamp: '0', payload },
        });
        const frame = serializer.deserialize(text);
        if (frame === undefined) continue;
        expect(InputAudioRawFrame.is(frame as InputAudioRawFrame)).toBe(true);
        expect((frame as InputAudioRawFrame).sampleRate).toBe(PIPELINE_SAMPLE_RATE_HZ);
        expect((frame as InputAudioRawFrame).numChannels).toBe(1);
        received.push((frame as InputAudioRawFrame).audio);
      }
      const inbound = concat(received);
      // Against the exact tone at the pipeline rate: wire quantisation plus resampling error.
      const inboundSnr = snrDb(tone(PIPELINE_SAMPLE_RATE_HZ), inbound, PIPELINE_SAMPLE_RATE_HZ);
      expect(inboundSnr).toBeGreaterThan(codec.minimumSnrDb);

      const samplesPerChunk = (PIPELINE_SAMPLE_RATE_HZ * CHUNK_MS) / 1000;
      const played: Int16Array[] = [];
      for (let offset = 0; offset < inbound.length; offset += samplesPerChunk) {
        const chunk = inbound.slice(offset, offset + samplesPerChunk);
        const text = serializer.serialize(new OutputAudioRawFrame(chunk, PIPELINE_SAMPLE_RATE_HZ));
        if (text === undefined) continue;
        const message = JSON.parse(text as string);
        expect(message.media).toMatchObject({
          contentType: codec.format.encoding === 'PCMU' ? 'audio/x-mulaw' : 'audio/x-l16',
          sampleRate: streamRate,
        });
        played.push(codec.decode(Buffer.from(message.media.payload, 'base64')));
      }
      const outbound = concat(played);
      expect(outbound.length).toBeGreaterThan(streamRate * TONE_SECONDS * 0.9);
      // Against what was sent: both directions' quantisation and resampling.
      const roundTripSnr = snrDb(sent, outbound, streamRate);
      expect(roundTripSnr).toBeGreaterThan(codec.minimumSnrDb - 3);
      console.log(
        `${codec.name}: inbound SNR ${inboundSnr.toFixed(1)} dB, round trip ${roundTripSnr.toFixed(1)} dB`,
      );
    },
  );
});
