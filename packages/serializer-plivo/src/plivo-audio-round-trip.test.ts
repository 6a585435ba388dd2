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
import { concatPcm, snrDb, toInt16, tone } from './testing-internal/audio.js';

const PIPELINE_SAMPLE_RATE_HZ = 16_000;
const CHUNK_MS = 20;
const TONE_SECONDS = 1;
/** Samples at each end left out of the comparison: resampler start-up and held-back tail. */
const EDGE_MS = 10;

function middleSnrDb(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  sampleRate: number,
): number {
  const edge = Math.round((sampleRate * EDGE_MS) / 1000);
  return snrDb(expected, actual, edge, Math.min(expected.length, actual.length) - edge);
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
      const sent = toInt16(tone(streamRate, TONE_SECONDS));
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
      const inbound = concatPcm(received);
      // Against the exact tone at the pipeline rate: wire quantisation plus resampling error.
      const inboundSnr = middleSnrDb(
        tone(PIPELINE_SAMPLE_RATE_HZ, TONE_SECONDS),
        inbound,
        PIPELINE_SAMPLE_RATE_HZ,
      );
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
      const outbound = concatPcm(played);
      expect(outbound.length).toBeGreaterThan(streamRate * TONE_SECONDS * 0.9);
      // Against what was sent: both directions' quantisation and resampling.
      const roundTripSnr = middleSnrDb(sent, outbound, streamRate);
      expect(roundTripSnr).toBeGreaterThan(codec.minimumSnrDb - 3);
      console.log(
        `${codec.name}: inbound SNR ${inboundSnr.toFixed(1)} dB, round trip ${roundTripSnr.toFixed(1)} dB`,
      );
    },
  );
});
