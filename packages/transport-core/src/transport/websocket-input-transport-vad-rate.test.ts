import { describe, expect, it } from 'vitest';
import { pcmToUlaw } from '../audio/index.js';
import { ManualClock } from '../clock/index.js';
import type { Frame } from '../frames/frame.js';
import type { FrameSerializer, FrameSerializerSetup } from '../serializer/frame-serializer.js';
import { TelephonyAudioCodec } from '../telephony/telephony-audio-codec.js';
import { VADAnalyzer } from '../vad/vad-analyzer.js';
import {
  FrameRecorder,
  RecordingLogger,
  RecordingSocket,
  runPipeline,
} from './__fixtures__/harness.js';
import { WebSocketTransport } from './websocket-transport.js';

const WIRE_RATE_HZ = 8000;
const PIPELINE_RATE_HZ = 16_000;
/** 20 ms of 8 kHz μ-law, as a provider sends it. */
const MEDIA_BYTES = 160;

/** A telephony-like serializer: binary μ-law at 8 kHz in, caller audio at the pipeline rate out. */
class MulawSerializer implements FrameSerializer {
  readonly name = 'mulaw-8k';
  #codec: TelephonyAudioCodec | undefined;
  setup(setup: FrameSerializerSetup): void {
    this.#codec = new TelephonyAudioCodec(
      { encoding: 'PCMU', sampleRate: WIRE_RATE_HZ, channels: 1 },
      { pipelineSampleRate: setup.audioInSampleRate },
    );
  }
  serialize(): undefined {
    return undefined;
  }
  deserialize(data: string | Uint8Array): Frame | undefined {
    return typeof data === 'string' ? undefined : this.#codec?.decodeFrame(data);
  }
}

/** A VAD that supports the given rates and records the rate of every window it analyses. */
class RateRecordingVAD extends VADAnalyzer {
  readonly analyzedRates = new Set<number>();
  constructor(readonly supportedRates: readonly number[]) {
    super();
  }
  protected supportsSampleRate(sampleRate: number): boolean {
    return this.supportedRates.includes(sampleRate);
  }
  protected windowSamplesFor(sampleRate: number): number {
    return sampleRate / 50;
  }
  protected voiceConfidence(): number {
    this.analyzedRates.add(this.sampleRate);
    return 0;
  }
}

async function callWith(vad: RateRecordingVAD) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  const logger = new RecordingLogger();
  const transport = new WebSocketTransport(
    socket,
    { serializer: new MulawSerializer(), vadAnalyzer: vad, audioOutEndSilenceSecs: 0 },
    { logger },
  );
  const { task } = runPipeline([transport.input(), new FrameRecorder(), transport.output()], {
    clock,
    audioInSampleRate: PIPELINE_RATE_HZ,
    audioOutSampleRate: PIPELINE_RATE_HZ,
  });
  await clock.advance(0);
  const silence = pcmToUlaw(new Int16Array(MEDIA_BYTES));
  for (let index = 0; index < 10; index++) {
    socket.receive(silence);
    await clock.advance(20);
  }
  const input = transport.input();
  const vadSampleRate = input.vadSampleRate;
  await task.cancel();
  return { vadSampleRate, logger };
}

describe('WebSocketInputTransport VAD rate', () => {
  it("analyses caller audio at the call's own rate when the engine supports it", async () => {
    const vad = new RateRecordingVAD([WIRE_RATE_HZ, PIPELINE_RATE_HZ]);
    const { vadSampleRate } = await callWith(vad);
    expect(vadSampleRate).toBe(WIRE_RATE_HZ);
    expect([...vad.analyzedRates]).toEqual([WIRE_RATE_HZ]);
  });

  it('analyses at the pipeline rate when the engine does not support the call rate', async () => {
    const vad = new RateRecordingVAD([PIPELINE_RATE_HZ]);
    const { vadSampleRate } = await callWith(vad);
    expect(vadSampleRate).toBe(PIPELINE_RATE_HZ);
    expect([...vad.analyzedRates]).toEqual([PIPELINE_RATE_HZ]);
  });

  it('turns the VAD off with an error naming both rates and the supported ones when it supports neither, and the call goes on', async () => {
    const vad = new RateRecordingVAD([48_000]);
    const { vadSampleRate, logger } = await callWith(vad);
    expect(vadSampleRate).toBeUndefined();
    expect(vad.analyzedRates.size).toBe(0);
    expect(logger.at('error')).toEqual([
      "VAD disabled: RateRecordingVAD cannot analyse the caller audio at the pipeline rate (16000 Hz) or the call's rate (8000 Hz); it supports 48000 Hz: set audioInSampleRate (the pipeline's or the transport's) to one of them. The call goes on without the VAD",
    ]);
  });
});
