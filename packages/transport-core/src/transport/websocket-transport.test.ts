import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { bytesFromInt16, int16FromBytes } from '../audio/index.js';
import { ManualClock, systemClock } from '../clock/index.js';
import { OutputAudioRawFrame, TTSAudioRawFrame } from '../frames/audio-frames.js';
import type { Frame } from '../frames/frame.js';
import { CancelFrame, EndFrame } from '../frames/lifecycle-frames.js';
import type { HangUpOutcome } from '../telephony/call-hang-up.js';
import {
  activeHandleCounts,
  connectClient,
  EchoProcessor,
  eventually,
  FrameRecorder,
  LoopbackServer,
  RecordingLogger,
  RecordingSocket,
  runPipeline,
  tone,
} from './__fixtures__/harness.js';
import { ORIGIN_REJECTED_CLOSE_CODE } from './origin.js';
import { RawAudioSerializer } from './raw-audio-serializer.js';
import { WebSocketReadyState } from './websocket-like.js';
import { WebSocketMessageBuffer } from './websocket-message-buffer.js';
import { WebSocketTransport } from './websocket-transport.js';
import type { WebSocketTransportParams } from './websocket-transport-params.js';

/** A raw-audio serializer that records its hang-ups, each by the frame that ended the call. */
class HangUpRecordingSerializer extends RawAudioSerializer {
  readonly hangUps: string[] = [];
  #endedBy = 'nothing';
  override serialize(frame: Frame) {
    if (EndFrame.is(frame) || CancelFrame.is(frame)) this.#endedBy = frame.type;
    return super.serialize(frame);
  }
  async hangUp(): Promise<HangUpOutcome> {
    this.hangUps.push(this.#endedBy);
    return 'hung-up';
  }
}

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(): Promise<{ server: LoopbackServer; url: string }> {
  const server = new LoopbackServer();
  servers.push(server);
  return { server, url: await server.listen() };
}

interface CallOptions {
  params?: WebSocketTransportParams;
  clock?: ManualClock;
  withEcho?: boolean;
  headers?: Record<string, string>;
  request?: boolean;
}

/** Connects a client, builds the transport on the server socket and runs an (echo) pipeline. */
async function startCall(options: CallOptions = {}) {
  const { server, url } = await startServer();
  const clientPromise = connectClient(`${url}/media`, options.headers);
  const { socket, request } = await server.nextSocket();
  const serializer = new HangUpRecordingSerializer();
  const logger = new RecordingLogger();
  const listenersBefore = listenerTotal(socket);
  const transport = new WebSocketTransport(
    socket,
    { serializer, audioOutEndSilenceSecs: 0, ...options.params },
    { logger, request: options.request ? request : undefined },
  );
  const events: string[] = [];
  transport.on('clientConnected', () => {
    events.push('clientConnected');
  });
  transport.on('clientDisconnected', () => {
    events.push('clientDisconnected');
  });
  transport.on('sessionTimeout', () => {
    events.push('sessionTimeout');
  });
  const recorder = new FrameRecorder();
  const processors =
    options.withEcho === false
      ? [transport.input(), recorder, transport.output()]
      : [transport.input(), recorder, new EchoProcessor(), transport.output()];
  const run = runPipeline(processors, { clock: options.clock ?? (systemClock as never) });
  const client = await clientPromise;
  const received: (string | Buffer)[] = [];
  client.on('message', (data: Buffer, isBinary: boolean) => {
    received.push(isBinary ? data : data.toString());
  });
  /** Listeners of ours still on the socket. */
  const ourListeners = () => listenerTotal(socket) - listenersBefore;
  return {
    server,
    client,
    socket,
    transport,
    serializer,
    logger,
    events,
    recorder,
    received,
    ourListeners,
    ...run,
  };
}

/** Listeners on the socket of the kinds the transport uses (ws's server adds a `close` one). */
function listenerTotal(socket: WebSocket): number {
  return ['message', 'close', 'error'].reduce((sum, type) => sum + socket.listenerCount(type), 0);
}

describe('WebSocketTransport over a real socket', () => {
  it('completes an echo call: audio in, audio back, end drains then closes with 1000', async () => {
    const call = await startCall();
    await eventually(() => call.events.includes('clientConnected'));
    for (let index = 0; index < 6; index++)
      call.client.send(bytesFromInt16(tone(160, 100 + index)));
    const echoed: number[] = [];
    await eventually(() => {
      echoed.splice(
        0,
        echoed.length,
        ...call.received.flatMap((data) => [...int16FromBytes(data as Buffer)]),
      );
      return echoed.length >= 960;
    });
    expect(echoed.slice(0, 960)).toEqual(
      Array.from({ length: 960 }, (_, index) => 100 + Math.floor(index / 160)),
    );
    const closed = once(call.client, 'close');
    call.task.stopWhenDone();
    const [code] = await closed;
    expect(code).toBe(1000);
    await call.running;
    expect(call.task.finishReason).toBe('end');
    expect(call.events).toEqual(['clientConnected']);
    expect(call.serializer.hangUps).toEqual(['EndFrame']);
    expect(call.ourListeners()).toBe(0);
  });

  it('fires clientDisconnected once when the client terminates abruptly, and leaves no handles', async () => {
    const before = activeHandleCounts();
    const call = await startCall({ params: { sessionTimeoutSecs: 60 } });
    await eventually(() => call.events.includes('clientConnected'));
    call.client.send(bytesFromInt16(tone(1600, 5)));
    call.client.terminate();
    await call.running;
    expect(call.events).toEqual(['clientConnected', 'clientDisconnected']);
    expect(call.transport.disconnectReason).toBe('remote-close');
    expect(call.task.finishReason).toBe('cancel');
    expect(call.serializer.hangUps).toEqual([]); // the caller is gone: no hang-up request
    expect(call.ourListeners()).toBe(0);
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await eventually(() => {
      const after = activeHandleCounts();
      return ['Timeout', 'TCPSocketWrap', 'TCPServerWrap'].every(
        (type) => (after[type] ?? 0) <= (before[type] ?? 0),
      );
    });
  });

  it('fires clientDisconnected once when the client closes normally, and ends the pipeline', async () => {
    const call = await startCall();
    await eventually(() => call.events.includes('clientConnected'));
    call.client.close(1000, 'bye');
    await call.running;
    expect(call.events).toEqual(['clientConnected', 'clientDisconnected']);
    expect(call.serializer.hangUps).toEqual([]);
    expect(call.transport.callerHungUp).toBe(true);
  });

  it('never fires clientDisconnected for its own close', async () => {
    const call = await startCall();
    await eventually(() => call.events.includes('clientConnected'));
    const closed = once(call.client, 'close');
    await call.task.cancel();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(call.events).toEqual(['clientConnected']);
    expect(call.serializer.hangUps).toEqual(['CancelFrame']);
  });

  it('makes no hang-up request after the provider said stop', async () => {
    const call = await startCall();
    await eventually(() => call.events.includes('clientConnected'));
    call.client.send('{"type":"stop"}');
    await eventually(() => call.recorder.types().includes('StreamStoppedFrame'));
    call.task.stopWhenDone();
    await call.running;
    expect(call.serializer.hangUps).toEqual([]);
    expect(call.events).toEqual(['clientConnected']);
  });

  it('skips malformed messages, counts them by kind, logs each kind once, and the call goes on', async () => {
    const call = await startCall();
    await eventually(() => call.events.includes('clientConnected'));
    call.client.send('not json');
    call.client.send('also not json');
    call.client.send('[1, 2]');
    call.client.send(new Uint8Array([1, 2, 3]));
    call.client.send(bytesFromInt16(tone(320, 42))); // one whole 40 ms chunk
    await eventually(() => call.received.length >= 1);
    expect(int16FromBytes(call.received[0] as Buffer)[0]).toBe(42);
    expect(call.transport.stats.messagesSkippedByKind).toEqual({
      'invalid-json': 2,
      'invalid-message': 1,
      'invalid-audio': 1,
    });
    const warnings = call.logger.at('warn').filter((line) => line.includes('skipping'));
    expect(warnings).toHaveLength(3);
    expect(call.events).toEqual(['clientConnected']);
    await call.task.cancel();
  });

  it('keeps going when the serializer throws something other than a rejection', async () => {
    const call = await startCall();
    const original = call.serializer.deserialize.bind(call.serializer);
    call.serializer.deserialize = (data) => {
      if (data === 'explode') throw new TypeError('cannot read properties of undefined');
      return original(data);
    };
    await eventually(() => call.events.includes('clientConnected'));
    call.client.send('explode');
    call.client.send(bytesFromInt16(tone(320, 7)));
    await eventually(() => call.received.length >= 1);
    expect(call.transport.stats.messagesSkippedByKind).toEqual({ 'deserialize-error': 1 });
    await call.task.cancel();
  });

  it('holds messages that arrive before the pipeline starts and processes them in order', async () => {
    const { server, url } = await startServer();
    const client = await connectClient(url);
    for (let index = 0; index < 5; index++) client.send(bytesFromInt16(tone(160, index + 1)));
    const { socket } = await server.nextSocket();
    const transport = new WebSocketTransport(socket, {
      serializer: new RawAudioSerializer(),
      audioOutEndSilenceSecs: 0,
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // messages arrive, pipeline not started
    const recorder = new FrameRecorder();
    const run = runPipeline([transport.input(), recorder, transport.output()], {
      clock: systemClock as never,
    });
    await eventually(() => recorder.ofType('InputAudioRawFrame').length === 5);
    const firstSamples = recorder
      .ofType('InputAudioRawFrame')
      .map((frame) => (frame as unknown as { audio: Int16Array }).audio[0]);
    expect(firstSamples).toEqual([1, 2, 3, 4, 5]);
    await run.task.cancel();
  });

  it('takes over messages a detection step already read, losing none', async () => {
    const { server, url } = await startServer();
    const client = await connectClient(url);
    const { socket } = await server.nextSocket();
    const buffer = new WebSocketMessageBuffer(socket);
    client.send('{"event":"connected"}');
    client.send('{"event":"start"}');
    for (let index = 0; index < 3; index++) client.send(bytesFromInt16(tone(160, index + 1)));
    expect(await buffer.message(1)).toBe('{"event":"start"}');
    const transport = new WebSocketTransport(
      socket,
      { serializer: new RawAudioSerializer(), audioOutEndSilenceSecs: 0 },
      { initialMessages: buffer },
    );
    expect(socket.listenerCount('message')).toBe(1);
    const recorder = new FrameRecorder();
    const run = runPipeline([transport.input(), recorder, transport.output()], {
      clock: systemClock as never,
    });
    client.send(bytesFromInt16(tone(160, 4)));
    await eventually(() => recorder.ofType('InputAudioRawFrame').length === 4);
    expect(recorder.ofType('InputTransportMessageFrame')).toHaveLength(2);
    const order = recorder.frames
      .filter((entry) => entry.direction === 'downstream')
      .map((entry) =>
        entry.frame.type === 'InputAudioRawFrame'
          ? (entry.frame as unknown as { audio: Int16Array }).audio[0]
          : entry.frame.type,
      )
      .filter((value) => value !== 'StartFrame' && value !== 'ClientConnectedFrame');
    expect(order).toEqual(['InputTransportMessageFrame', 'InputTransportMessageFrame', 1, 2, 3, 4]);
    await run.task.cancel();
  });

  it('ends the call within the bound when the peer stops reading', async () => {
    const clock = new ManualClock();
    const maxBufferedBytes = 256 * 1024;
    const call = await startCall({
      clock,
      withEcho: false,
      params: { wsMaxBufferedBytes: maxBufferedBytes, audioOut10msChunks: 50 },
    });
    // 48 kHz would need pipeline rates; 8 kHz chunks of 500 ms are 8000 bytes
    const peerSocket = (call.client as unknown as { _socket: { pause(): void } })._socket;
    peerSocket.pause();
    let maxBuffered = 0;
    const send = call.socket.send.bind(call.socket);
    call.socket.send = ((data: Uint8Array) => {
      send(data);
      maxBuffered = Math.max(maxBuffered, call.socket.bufferedAmount);
    }) as typeof call.socket.send;
    await clock.advance(0);
    const chunkSamples = 4000;
    for (let round = 0; round < 4000 && !call.events.includes('clientDisconnected'); round++) {
      call.task.queueFrame(new OutputAudioRawFrame(tone(chunkSamples * 4, 3), 8000));
      await clock.advance(2000);
      if (round % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await clock.advance(1000);
    await call.running;
    expect(call.events).toEqual(['clientConnected', 'clientDisconnected']);
    expect(call.transport.disconnectReason).toBe('write-bound-exceeded');
    expect(maxBuffered).toBeGreaterThan(maxBufferedBytes);
    expect(maxBuffered).toBeLessThanOrEqual(maxBufferedBytes + chunkSamples * 2);
    expect(call.task.finishReason).toBe('cancel');
    // the socket stays contained (an error listener) until its close event, then nothing is left
    await eventually(() => call.socket.readyState === WebSocketReadyState.CLOSED);
    await eventually(() => call.ourListeners() === 0);
  }, 30_000);

  it('fires clientDisconnected once when a send fails, and ends the pipeline', async () => {
    const call = await startCall({ withEcho: false });
    await eventually(() => call.events.includes('clientConnected'));
    call.socket.send = () => {
      throw new Error('socket write failed');
    };
    call.task.queueFrame(new TTSAudioRawFrame(tone(3200, 1), 8000));
    await call.running;
    expect(call.events).toEqual(['clientConnected', 'clientDisconnected']);
    expect(call.transport.disconnectReason).toBe('send-failed');
    expect(call.serializer.hangUps).toEqual([]);
  });

  it('fires sessionTimeout once, from pipeline start', async () => {
    const clock = new ManualClock();
    const call = await startCall({ clock, params: { sessionTimeoutSecs: 2 } });
    await clock.advance(0);
    await eventually(() => call.events.includes('clientConnected'));
    await clock.advance(1999);
    expect(call.events).not.toContain('sessionTimeout');
    await clock.advance(1);
    await clock.advance(10_000);
    expect(call.events.filter((event) => event === 'sessionTimeout')).toHaveLength(1);
    void call.task.cancel();
    await clock.advance(0);
    await call.running;
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses an origin that is not allowed with close code 4003 and ends the pipeline', async () => {
    const call = await startCall({
      request: true,
      headers: { Origin: 'https://evil.example' },
      params: { allowedOrigins: ['https://app.example'] },
    });
    const [code, reason] = await once(call.client, 'close');
    expect(code).toBe(ORIGIN_REJECTED_CLOSE_CODE);
    expect(reason.toString()).toContain("origin 'https://evil.example' not allowed");
    await call.running;
    expect(call.transport.originRejected).toBe(true);
    expect(call.events).toEqual([]);
    expect(call.serializer.hangUps).toEqual([]);
  });

  it('accepts an allowed origin (any case) and a request without Origin', async () => {
    const allowed = await startCall({
      request: true,
      headers: { Origin: 'HTTPS://APP.example' },
      params: { allowedOrigins: ['https://app.example'] },
    });
    await eventually(() => allowed.events.includes('clientConnected'));
    await allowed.task.cancel();
    const telephony = await startCall({
      request: true,
      params: { allowedOrigins: ['https://app.example'] },
    });
    await eventually(() => telephony.events.includes('clientConnected'));
    await telephony.task.cancel();
  });
});

describe('WebSocketTransport with a WHATWG-shaped socket', () => {
  it('fires clientDisconnected once on a socket error followed by close', async () => {
    const clock = new ManualClock();
    const socket = new RecordingSocket(clock);
    const transport = new WebSocketTransport(socket, { serializer: new RawAudioSerializer() });
    let disconnected = 0;
    transport.on('clientDisconnected', () => {
      disconnected++;
    });
    const { running } = runPipeline([transport.input(), transport.output()], { clock });
    await clock.advance(0);
    socket.fail(new Error('ECONNRESET'));
    socket.remoteClose(1006);
    await clock.advance(0);
    await running;
    expect(disconnected).toBe(1);
    expect(transport.disconnectReason).toBe('error');
    expect(socket.listenerCount()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('reports a socket that closed before the pipeline started, and ends the pipeline', async () => {
    const clock = new ManualClock();
    const socket = new RecordingSocket(clock);
    const transport = new WebSocketTransport(socket, { serializer: new RawAudioSerializer() });
    let disconnected = 0;
    transport.on('clientDisconnected', () => {
      disconnected++;
    });
    socket.remoteClose(1001);
    const { running, task } = runPipeline([transport.input(), transport.output()], { clock });
    await clock.advance(0);
    await running;
    expect(disconnected).toBe(1);
    expect(task.finishReason).toBe('cancel');
  });

  it('logs an error thrown by an event handler and goes on', async () => {
    const clock = new ManualClock();
    const socket = new RecordingSocket(clock);
    const logger = new RecordingLogger();
    const transport = new WebSocketTransport(
      socket,
      { serializer: new RawAudioSerializer() },
      { logger },
    );
    transport.on('clientConnected', () => {
      throw new Error('handler bug');
    });
    const { running, task } = runPipeline([transport.input(), transport.output()], { clock });
    await clock.advance(0);
    expect(logger.at('error').some((line) => line.includes('clientConnected'))).toBe(true);
    socket.remoteClose(1000);
    await clock.advance(0);
    await running;
    expect(task.finishReason).toBe('cancel');
  });

  it('names the parameter when a value is out of range', () => {
    const socket = new RecordingSocket(new ManualClock());
    expect(() => new WebSocketTransport(socket, { audioOut10msChunks: 0 })).toThrow(
      /audioOut10msChunks.*0/,
    );
    expect(() => new WebSocketTransport(socket, { wsCloseTimeoutMs: -1 })).toThrow(
      /wsCloseTimeoutMs.*-1/,
    );
    expect(() => new WebSocketTransport(socket, { audioOutSampleRate: 22_050 })).toThrow(/22050/);
    expect(socket.listenerCount()).toBe(0);
  });

  it('serializes nothing and ignores messages without a serializer', async () => {
    const clock = new ManualClock();
    const socket = new RecordingSocket(clock);
    const transport = new WebSocketTransport(socket, { audioOutEndSilenceSecs: 0 });
    const recorder = new FrameRecorder();
    const { task, running } = runPipeline([transport.input(), recorder, transport.output()], {
      clock,
    });
    await clock.advance(0);
    socket.receive(bytesFromInt16(tone(160, 1)));
    task.queueFrame(new OutputAudioRawFrame(tone(320, 1), 8000));
    task.stopWhenDone();
    await clock.advance(100);
    await running;
    expect(socket.sent).toEqual([]);
    expect(recorder.ofType('InputAudioRawFrame')).toEqual([]);
  });
});
