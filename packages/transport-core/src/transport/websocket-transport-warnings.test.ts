import { afterEach, describe, expect, it, vi } from 'vitest';
import { bytesFromInt16 } from '../audio/index.js';
import { ManualClock } from '../clock/index.js';
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
import type { WebSocketTransportParams } from './websocket-transport-params.js';

const NO_SERIALIZER_WARNING =
  'WebSocketTransport has no serializer: every inbound message is ignored and nothing is sent; pass `serializer` (a provider serializer, e.g. from detectProvider, or RawAudioSerializer for raw PCM clients)';

/** Starts a call on a recording socket; returns what the transport logged. */
async function startCall(
  params: WebSocketTransportParams,
  rates: { audioInSampleRate?: number; audioOutSampleRate?: number } = {},
) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  const logger = new RecordingLogger();
  const transport = new WebSocketTransport(
    socket,
    { audioOutEndSilenceSecs: 0, ...params },
    { logger },
  );
  const run = runPipeline([transport.input(), new FrameRecorder(), transport.output()], {
    clock,
    ...rates,
  });
  await clock.advance(0);
  return { socket, logger, transport, ...run };
}

describe('WebSocketTransport warnings', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('warns once through its logger that a transport without a serializer ignores every message and sends nothing', async () => {
    const { socket, logger, task, clock } = await startCall({});
    socket.receive('{"event":"media"}');
    socket.receive('{"event":"media"}');
    await clock.advance(20);
    expect(logger.at('warn')).toEqual([NO_SERIALIZER_WARNING]);
    await task.cancel();
  });

  it('says nothing about the serializer when it has one', async () => {
    const { logger, task } = await startCall({ serializer: new RawAudioSerializer() });
    expect(logger.at('warn')).toEqual([]);
    await task.cancel();
  });

  it('prints the missing serializer warning on the console when no logger is given anywhere', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const clock = new ManualClock();
    const transport = new WebSocketTransport(new RecordingSocket(clock), {
      audioOutEndSilenceSecs: 0,
    });
    const { task } = runPipeline([transport.input(), transport.output()], {
      clock,
      logger: undefined,
    });
    await clock.advance(0);
    await task.cancel();
    expect(warn.mock.calls.map(([line]) => String(line))).toEqual([
      expect.stringContaining(`WARN ${NO_SERIALIZER_WARNING}`),
    ]);
  });

  it("says at start that bot audio is off, and how to fix it, when the pipeline's bot rate (22050 Hz) has no whole samples per 10 ms", async () => {
    const { logger, task } = await startCall(
      { serializer: new RawAudioSerializer() },
      { audioOutSampleRate: 22_050 },
    );
    const line = logger.lines.find((entry) => entry.level === 'error');
    expect(line?.message).toBe('bot audio disabled: unusable output sample rate');
    const fields = (line?.fields ?? {}) as { err?: Error };
    expect(fields.err?.message).toBe(
      "audio output sample rate must be a multiple of 100 Hz (whole samples per 10 ms), e.g. 8000, 16000, 24000, 44100, 48000; got 22050: set the transport's audioOutSampleRate (or the pipeline's) to one",
    );
    await task.cancel();
  });

  it('turns a VAD that cannot hear 22050 Hz caller audio off with an error naming the rates it supports', async () => {
    const { socket, logger, task, clock } = await startCall(
      { serializer: new RawAudioSerializer(), vadAnalyzer: new EnergyVADAnalyzer() },
      { audioInSampleRate: 22_050, audioOutSampleRate: 24_000 },
    );
    socket.receive(bytesFromInt16(tone(441, 1000)));
    socket.receive(bytesFromInt16(tone(441, 1000)));
    await clock.advance(20);
    expect(logger.at('error')).toEqual([
      "VAD disabled: EnergyVADAnalyzer cannot analyse the caller audio at the pipeline rate (22050 Hz); it supports 8000, 12000, 16000, 24000, 32000, 48000 Hz: set audioInSampleRate (the pipeline's or the transport's) to one of them. The call goes on without the VAD",
    ]);
    await task.cancel();
  });
});
