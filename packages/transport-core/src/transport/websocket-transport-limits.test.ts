import { describe, expect, it } from 'vitest';
import { bytesFromInt16 } from '../audio/index.js';
import { ManualClock } from '../clock/index.js';
import { FrameRecorder, RecordingSocket, runPipeline, tone } from './__fixtures__/harness.js';
import { RawAudioSerializer } from './raw-audio-serializer.js';
import { WebSocketTransport } from './websocket-transport.js';
import type { WebSocketTransportParams } from './websocket-transport-params.js';

/** 20 ms of 8 kHz PCM16: 320 bytes, one message. */
const MEDIA_MESSAGE = bytesFromInt16(tone(160, 100));

function setUp(params: WebSocketTransportParams) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  const transport = new WebSocketTransport(socket, {
    serializer: new RawAudioSerializer(),
    audioOutEndSilenceSecs: 0,
    ...params,
  });
  const disconnects: string[] = [];
  transport.on('clientDisconnected', () => {
    disconnects.push(transport.disconnectReason ?? 'none');
  });
  const recorder = new FrameRecorder();
  const run = runPipeline([transport.input(), recorder, transport.output()], { clock });
  return { socket, transport, recorder, disconnects, ...run };
}

describe('WebSocketTransport limits', () => {
  it('ends a call whose client sends no audio within firstAudioTimeoutMs, closing with 1008', async () => {
    const { socket, clock, running, task, disconnects } = setUp({ firstAudioTimeoutMs: 3000 });
    await clock.advance(2999);
    expect(socket.closeCalls).toEqual([]);
    await clock.advance(1);
    await running;
    expect(socket.closeCalls).toEqual([
      { code: 1008, reason: 'no caller audio within 3000 ms of the start' },
    ]);
    expect(disconnects).toEqual(['no-audio']);
    expect(task.finishReason).toBe('cancel');
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps a call whose first audio arrives in time, however quiet it is afterwards', async () => {
    const { socket, clock, task, disconnects } = setUp({ firstAudioTimeoutMs: 3000 });
    await clock.advance(2000);
    socket.receive(MEDIA_MESSAGE);
    await clock.advance(60_000);
    expect(socket.closeCalls).toEqual([]);
    expect(disconnects).toEqual([]);
    await task.cancel();
  });

  it('keeps a client streaming at a provider rate for ten minutes', async () => {
    const { socket, clock, task, disconnects, recorder } = setUp({});
    for (let timeMs = 0; timeMs < 600_000; timeMs += 20) {
      socket.receive(MEDIA_MESSAGE);
      await clock.advance(20);
    }
    expect(disconnects).toEqual([]);
    expect(recorder.ofType('InputAudioRawFrame').length).toBeGreaterThan(29_000);
    await task.cancel();
  });

  it("counts messages that came before the pipeline started on the system clock, then the pipeline's, without a jump", async () => {
    const { socket, clock, task, disconnects } = setUp({});
    // a backlog at once, before the pipeline starts: most of the 2 s burst (500 messages)
    for (let index = 0; index < 480; index++) socket.receive(MEDIA_MESSAGE);
    await clock.advance(0);
    // then a provider's normal rate on the pipeline's clock, which starts at 0
    for (let timeMs = 0; timeMs < 20_000; timeMs += 20) {
      socket.receive(MEDIA_MESSAGE);
      await clock.advance(20);
    }
    expect(disconnects).toEqual([]);
    await task.cancel();
  });

  it('disconnects a client flooding above the message ceiling once its burst is spent', async () => {
    const { socket, clock, running, task, disconnects } = setUp({
      maxInboundMessagesPerSecond: 100,
    });
    await clock.advance(0);
    let sentMs = 0;
    // 400 messages a second, four times the ceiling: the 200-message burst lasts under a second
    while (disconnects.length === 0 && sentMs < 5_000) {
      for (let index = 0; index < 2; index++) socket.receive(MEDIA_MESSAGE);
      await clock.advance(5);
      sentMs += 5;
    }
    await running;
    expect(disconnects).toEqual(['inbound-rate-exceeded']);
    expect(sentMs).toBeGreaterThan(500);
    expect(sentMs).toBeLessThan(1_000);
    expect(socket.closeCalls[0]?.code).toBe(1008);
    expect(task.finishReason).toBe('cancel');
  });

  it('disconnects a client sending more bytes a second than allowed', async () => {
    const { socket, clock, running, disconnects } = setUp({ maxInboundBytesPerSecond: 8_000 });
    await clock.advance(0);
    for (let round = 0; round < 500 && disconnects.length === 0; round++) {
      socket.receive(MEDIA_MESSAGE); // 16 kB/s
      await clock.advance(20);
    }
    await running;
    expect(disconnects).toEqual(['inbound-rate-exceeded']);
  });

  it('turns the ceiling off with Infinity', async () => {
    const { socket, clock, task, disconnects } = setUp({
      maxInboundMessagesPerSecond: Number.POSITIVE_INFINITY,
      maxInboundBytesPerSecond: Number.POSITIVE_INFINITY,
    });
    await clock.advance(0);
    for (let index = 0; index < 5_000; index++) socket.receive(MEDIA_MESSAGE);
    await clock.advance(1);
    expect(disconnects).toEqual([]);
    await task.cancel();
  });

  it('refuses limits that are not positive numbers', () => {
    const socket = new RecordingSocket(new ManualClock());
    expect(() => new WebSocketTransport(socket, { maxInboundMessagesPerSecond: 0 })).toThrow(
      /maxInboundMessagesPerSecond must be a number > 0, got 0/,
    );
    expect(() => new WebSocketTransport(socket, { firstAudioTimeoutMs: -1 })).toThrow(
      /firstAudioTimeoutMs/,
    );
  });
});
