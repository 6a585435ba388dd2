import {
  alawToPcm,
  type Frame,
  InputAudioRawFrame,
  type MediaFormat,
  OutputAudioRawFrame,
  pcmToAlaw,
  pcmToUlaw,
  silentLogger,
  ulawToPcm,
} from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import {
  concatPcm,
  littleEndianBytes,
  samplesFromLittleEndian,
  snrDb,
  tone,
} from './__fixtures__/audio.js';
import {
  CALL_CONTROL_ID,
  mediaMessage,
  outboundPayload,
  STREAM_ID,
} from './__fixtures__/telnyx-stream.js';
import { TelnyxFrameSerializer } from './telnyx-frame-serializer.js';

const PIPELINE_SAMPLE_RATE_HZ = 16000;
const CHUNK_MS = 20;
const DURATION_MS = 400;
const TONE_HZ = 440;
/** Filter edges: the first and last milliseconds are not compared. */
const EDGE_MS = 5;

interface CodecCase {
  format: MediaFormat;
  encode(pcm: Int16Array): Uint8Array;
  decode(payload: Uint8Array): Int16Array;
  /** Lowest acceptable SNR over the whole round trip, in dB. */
  minimumSnrDb: number;
}

const CASES: CodecCase[] = [
  {
    format: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
    encode: pcmToUlaw,
    decode: ulawToPcm,
    minimumSnrDb: 30,
  },
  {
    format: { encoding: 'PCMA', sampleRate: 8000, channels: 1 },
    encode: pcmToAlaw,
    decode: alawToPcm,
    minimumSnrDb: 30,
  },
  {
    format: { encoding: 'L16', sampleRate: 8000, channels: 1 },
    encode: littleEndianBytes,
    decode: samplesFromLittleEndian,
    minimumSnrDb: 50,
  },
  {
    format: { encoding: 'L16', sampleRate: 16000, channels: 1 },
    encode: littleEndianBytes,
    decode: samplesFromLittleEndian,
    minimumSnrDb: 50,
  },
];

function samplesIn(sampleRate: number, milliseconds: number): number {
  return (sampleRate * milliseconds) / 1000;
}

describe.each(CASES)('audio round trip, $format.encoding at $format.sampleRate Hz', (codec) => {
  it('decodes a tone to the pipeline rate and encodes it back, sample for sample', () => {
    const serializer = new TelnyxFrameSerializer({
      streamId: STREAM_ID,
      callId: CALL_CONTROL_ID,
      callerAudioFormat: codec.format,
      autoHangUp: false,
    });
    serializer.setup({
      audioInSampleRate: PIPELINE_SAMPLE_RATE_HZ,
      audioOutSampleRate: PIPELINE_SAMPLE_RATE_HZ,
      logger: silentLogger,
    });
    const wireRate = codec.format.sampleRate;
    const caller = tone(TONE_HZ, wireRate, DURATION_MS);
    const wireChunk = samplesIn(wireRate, CHUNK_MS);

    // In: 20 ms media messages → pipeline audio.
    const received: Int16Array[] = [];
    for (let chunk = 0; chunk * wireChunk < caller.length; chunk++) {
      const payload = codec.encode(caller.subarray(chunk * wireChunk, (chunk + 1) * wireChunk));
      const result = serializer.deserialize(mediaMessage(payload, chunk + 1));
      for (const frame of result === undefined ? [] : ([] as Frame[]).concat(result)) {
        expect(InputAudioRawFrame.is(frame)).toBe(true);
        expect((frame as InputAudioRawFrame).sampleRate).toBe(PIPELINE_SAMPLE_RATE_HZ);
        received.push((frame as InputAudioRawFrame).audio);
      }
    }
    const inPipeline = concatPcm(received);
    const expectedInPipeline = tone(TONE_HZ, PIPELINE_SAMPLE_RATE_HZ, DURATION_MS);
    const pipelineEdge = samplesIn(PIPELINE_SAMPLE_RATE_HZ, EDGE_MS);
    expect(inPipeline.length).toBeGreaterThan(expectedInPipeline.length - 4 * pipelineEdge);
    expect(
      snrDb(expectedInPipeline, inPipeline, pipelineEdge, inPipeline.length - pipelineEdge),
    ).toBeGreaterThan(codec.minimumSnrDb);

    // Out: the same audio as 20 ms bot frames → wire payloads.
    const pipelineChunk = samplesIn(PIPELINE_SAMPLE_RATE_HZ, CHUNK_MS);
    const sent: Int16Array[] = [];
    for (let start = 0; start < inPipeline.length; start += pipelineChunk) {
      const frame = new OutputAudioRawFrame(
        inPipeline.slice(start, start + pipelineChunk),
        PIPELINE_SAMPLE_RATE_HZ,
      );
      const message = serializer.serialize(frame);
      if (message !== undefined) sent.push(codec.decode(outboundPayload(message)));
    }
    const backOnWire = concatPcm(sent);
    const wireEdge = samplesIn(wireRate, EDGE_MS);
    expect(backOnWire.length).toBeGreaterThan(caller.length - 8 * wireEdge);
    expect(snrDb(caller, backOnWire, wireEdge, backOnWire.length - wireEdge)).toBeGreaterThan(
      codec.minimumSnrDb,
    );
  });
});
