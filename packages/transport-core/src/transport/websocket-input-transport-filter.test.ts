import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AudioInFilter } from '../audio/audio-in-filter.js';
import { bytesFromInt16, parseWav } from '../audio/index.js';
import { ManualClock } from '../clock/index.js';
import type { InputAudioRawFrame } from '../frames/audio-frames.js';
import { FilterEnableFrame } from '../frames/user-input-frames.js';
import { EnergyVADAnalyzer } from '../vad/energy-vad-analyzer.js';
import {
  FrameRecorder,
  RecordingLogger,
  RecordingSocket,
  runPipeline,
  tone,
} from './__fixtures__/harness.js';
import { RawAudioSerializer } from './raw-audio-serializer.js';
import { WebSocketTransport } from './websocket-transport.js';
import {
  resolveWebSocketTransportParams,
  type WebSocketTransportParams,
} from './websocket-transport-params.js';

const FRAME_SAMPLES = 160; // 20 ms at 8 kHz

/** Two phrases: speech from 0.8 to 1.55 s and from 2.55 to 4.54 s. */
const speech = parseWav(
  readFileSync(new URL('../vad/__fixtures__/speech-8k.wav', import.meta.url)),
).audio;

/** A real, simple filter: multiplies the audio by `gain`, keeping a log of what it was asked. */
class GainFilter implements AudioInFilter {
  readonly calls: string[] = [];
  constructor(readonly gain: number) {}
  start(sampleRate: number, numChannels: number): void {
    this.calls.push(`start ${sampleRate} ${numChannels}`);
  }
  filter(audio: Int16Array): Int16Array {
    const out = new Int16Array(audio.length);
    for (let index = 0; index < audio.length; index++) out[index] = audio[index]! * this.gain;
    return out;
  }
  reset(): void {
    this.calls.push('reset');
  }
  stop(): void {
    this.calls.push('stop');
  }
}

function setUp(params: WebSocketTransportParams = {}) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  const logger = new RecordingLogger();
  const transport = new WebSocketTransport(socket, {
    serializer: new RawAudioSerializer(),
    audioOutEndSilenceSecs: 0,
    ...params,
  });
  const recorder = new FrameRecorder();
  const run = runPipeline([transport.input(), recorder, transport.output()], { clock, logger });
  return { socket, transport, recorder, logger, ...run };
}

async function play(run: { socket: RecordingSocket; clock: ManualClock }, audio: Int16Array) {
  for (let offset = 0; offset < audio.length; offset += FRAME_SAMPLES) {
    run.socket.receive(bytesFromInt16(audio.slice(offset, offset + FRAME_SAMPLES)));
    await run.clock.advance(20);
  }
}

function firstSamples(recorder: FrameRecorder): number[] {
  return recorder
    .ofType('InputAudioRawFrame')
    .map((frame) => (frame as InputAudioRawFrame).audio[0]!);
}

describe('audioInFilter', () => {
  it('is started with the caller audio rate and channels, filters every frame, and is stopped at the end', async () => {
    const filter = new GainFilter(0.5);
    const run = setUp({ audioInFilter: filter });
    await run.clock.advance(0);
    await play(run, tone(3 * FRAME_SAMPLES, 1000));
    expect(firstSamples(run.recorder)).toEqual([500, 500, 500]);
    await run.task.cancel();
    await run.running;
    expect(filter.calls).toEqual(['start 8000 1', 'stop']);
  });

  it('is what the VAD hears: speech filtered to silence starts no turn', async () => {
    const starts = async (params: WebSocketTransportParams) => {
      const run = setUp({ vadAnalyzer: new EnergyVADAnalyzer(), ...params });
      await run.clock.advance(0);
      await play(run, speech);
      return run.recorder.ofType('UserStartedSpeakingFrame').length;
    };
    expect(await starts({})).toBe(2);
    expect(await starts({ audioInFilter: new GainFilter(0) })).toBe(0);
  });

  it('is turned off and back on by FilterEnableFrame, and reset before it works again', async () => {
    const filter = new GainFilter(2);
    const run = setUp({ audioInFilter: filter });
    await run.clock.advance(0);
    await play(run, tone(FRAME_SAMPLES, 100));
    run.recorder.pushFrame(new FilterEnableFrame(false), 'upstream');
    await run.clock.advance(0);
    await play(run, tone(FRAME_SAMPLES, 100));
    run.task.queueFrame(new FilterEnableFrame(true));
    await run.clock.advance(0);
    await play(run, tone(FRAME_SAMPLES, 100));
    expect(firstSamples(run.recorder)).toEqual([200, 100, 200]);
    expect(filter.calls).toEqual(['start 8000 1', 'reset']);
  });

  it('holds caller audio until a filter that starts asynchronously is ready, and loses none', async () => {
    let ready: () => void = () => {};
    const filter = new GainFilter(3);
    filter.start = () => new Promise<void>((resolve) => (ready = resolve));
    const run = setUp({ audioInFilter: filter });
    await run.clock.advance(0);
    await play(run, tone(4 * FRAME_SAMPLES, 10));
    expect(firstSamples(run.recorder)).toEqual([]);
    ready();
    await run.clock.advance(0);
    expect(firstSamples(run.recorder)).toEqual([30, 30, 30, 30]);
  });

  it('goes on unfiltered, with an error logged, when the filter throws', async () => {
    const filter = new GainFilter(2);
    let frames = 0;
    filter.filter = (audio) => {
      if (++frames === 2) throw new Error('filter broke');
      return audio.map((sample) => sample * 2);
    };
    const run = setUp({ audioInFilter: filter });
    await run.clock.advance(0);
    await play(run, tone(3 * FRAME_SAMPLES, 100));
    expect(firstSamples(run.recorder)).toEqual([200, 100, 100]);
    expect(run.logger.at('error').join('\n')).toMatch(
      /audioInFilter failed \(filter broke\); caller audio goes on unfiltered/,
    );
    expect(filter.calls).toEqual(['start 8000 1', 'stop']);
  });

  it('goes on unfiltered when the filter returns another number of samples', async () => {
    const filter = new GainFilter(2);
    filter.filter = (audio) => audio.subarray(1);
    const run = setUp({ audioInFilter: filter });
    await run.clock.advance(0);
    await play(run, tone(2 * FRAME_SAMPLES, 100));
    expect(
      run.recorder
        .ofType('InputAudioRawFrame')
        .map((frame) => (frame as InputAudioRawFrame).audio.length),
    ).toEqual([FRAME_SAMPLES, FRAME_SAMPLES]);
    expect(run.logger.at('error').join('\n')).toMatch(/returned 159 samples for 160 samples/);
  });

  it('goes on unfiltered when the filter cannot start', async () => {
    const filter = new GainFilter(2);
    filter.start = () => Promise.reject(new RangeError('RNNoise needs 8000 or 16000 Hz'));
    const run = setUp({ audioInFilter: filter });
    await run.clock.advance(0);
    await play(run, tone(FRAME_SAMPLES, 100));
    expect(firstSamples(run.recorder)).toEqual([100]);
    expect(run.logger.at('error').join('\n')).toMatch(/audioInFilter could not start/);
  });

  it('is refused at construction when it is not a filter', () => {
    expect(() =>
      resolveWebSocketTransportParams({
        audioInFilter: { start() {} } as unknown as AudioInFilter,
      }),
    ).toThrow(
      /audioInFilter must have start\(sampleRate, numChannels\), filter\(audio\) and stop\(\) methods; filter is undefined/,
    );
  });
});
