import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { type Clock, ManualClock } from '../../clock/index.js';
import { OutputAudioRawFrame } from '../../frames/audio-frames.js';
import type { Frame } from '../../frames/frame.js';
import { silentLogger } from '../../logging/logger.js';
import type { FrameDirection } from '../../pipeline/frame-direction.js';
import { FrameProcessor } from '../../pipeline/frame-processor.js';
import { Pipeline } from '../../pipeline/pipeline.js';
import { PipelineTask, type PipelineTaskParams } from '../../pipeline/pipeline-task.js';
import type { WebSocketCloseEventLike, WebSocketLike } from '../websocket-like.js';

/** Records every frame that passes, with its direction, and passes it on. */
export class FrameRecorder extends FrameProcessor {
  readonly frames: { frame: Frame; direction: FrameDirection }[] = [];
  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    this.frames.push({ frame, direction });
    this.pushFrame(frame, direction);
  }
  /** Type names of the frames seen going `direction`. */
  types(direction: FrameDirection = 'downstream'): string[] {
    return this.frames
      .filter((entry) => entry.direction === direction)
      .map((entry) => entry.frame.type);
  }
  /** Frames seen going `direction` whose type (or a parent type) is `type`. */
  ofType(type: string, direction: FrameDirection = 'downstream'): Frame[] {
    return this.frames
      .filter((entry) => entry.direction === direction && entry.frame.types.includes(type))
      .map((entry) => entry.frame);
  }
}

/** A WHATWG-shaped socket that records what is sent and when (on `clock`). */
export class RecordingSocket implements WebSocketLike {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: { data: string | Uint8Array; atMs: number }[] = [];
  closeCalls: { code?: number; reason?: string }[] = [];
  /** When false, `close` does not complete the handshake (the close event never comes). */
  closeHandshake = true;
  /** When set, `send` throws it. */
  sendError: Error | undefined;
  readonly #listeners = new Map<string, Set<(event: never) => void>>();
  constructor(readonly clock: Clock) {}

  send(data: string | Uint8Array): void {
    if (this.sendError) throw this.sendError;
    this.sent.push({ data, atMs: this.clock.now() });
  }
  close(code?: number, reason?: string): void {
    this.closeCalls.push({ code, reason });
    if (this.readyState >= 2) return;
    this.readyState = 2;
    if (this.closeHandshake) {
      queueMicrotask(() => this.remoteClose(code ?? 1005, reason ?? ''));
    }
  }
  terminated = false;
  terminate(): void {
    this.terminated = true;
    if (this.readyState === 3) return;
    queueMicrotask(() => this.remoteClose(1006, ''));
  }
  addEventListener(type: string, listener: (event: never) => void): void {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener);
  }
  removeEventListener(type: string, listener: (event: never) => void): void {
    this.#listeners.get(type)?.delete(listener);
  }
  listenerCount(type?: string): number {
    if (type) return this.#listeners.get(type)?.size ?? 0;
    let total = 0;
    for (const set of this.#listeners.values()) total += set.size;
    return total;
  }
  receive(data: string | Uint8Array): void {
    this.#dispatch('message', { data });
  }
  remoteClose(code = 1000, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.#dispatch('close', { code, reason } satisfies WebSocketCloseEventLike);
  }
  fail(error: Error): void {
    this.#dispatch('error', { error });
  }
  /** Binary payloads sent, in order. */
  binary(): { data: Uint8Array; atMs: number }[] {
    return this.sent.filter((entry) => typeof entry.data !== 'string') as {
      data: Uint8Array;
      atMs: number;
    }[];
  }
  /** Text payloads sent, in order. */
  text(): string[] {
    return this.sent
      .filter((entry) => typeof entry.data === 'string')
      .map((entry) => entry.data as string);
  }
  #dispatch(type: string, event: unknown): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      (listener as (event: unknown) => void)(event);
    }
  }
}

/** A pipeline `[input, middle..., output, after]` run by a task on a manual clock. */
export function runPipeline(
  processors: FrameProcessor[],
  params: PipelineTaskParams = {},
): { task: PipelineTask; clock: ManualClock; after: FrameRecorder; running: Promise<void> } {
  const clock = (params.clock as ManualClock | undefined) ?? new ManualClock();
  const after = new FrameRecorder({ name: 'after-output' });
  const task = new PipelineTask(new Pipeline([...processors, after]), {
    audioInSampleRate: 8000,
    audioOutSampleRate: 8000,
    // tests are silent unless they ask: pass a RecordingLogger to check what is logged
    logger: silentLogger,
    ...params,
    clock,
  });
  const running = task.run();
  return { task, clock, after, running };
}

/** A `ws` server on 127.0.0.1 (port 0) using the `noServer` + `handleUpgrade` pattern. */
export class LoopbackServer {
  readonly http: Server;
  readonly wss = new WebSocketServer({ noServer: true });
  readonly #waiting: ((entry: { socket: WebSocket; request: IncomingMessage }) => void)[] = [];
  readonly #accepted: { socket: WebSocket; request: IncomingMessage }[] = [];
  onConnection: ((socket: WebSocket, request: IncomingMessage) => void) | undefined;

  constructor() {
    this.http = createServer();
    this.http.on('upgrade', (request, socket, head) => {
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        if (this.onConnection) {
          this.onConnection(ws, request);
          return;
        }
        const waiter = this.#waiting.shift();
        if (waiter) waiter({ socket: ws, request });
        else this.#accepted.push({ socket: ws, request });
      });
    });
  }

  async listen(): Promise<string> {
    this.http.listen(0, '127.0.0.1');
    await once(this.http, 'listening');
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  nextSocket(): Promise<{ socket: WebSocket; request: IncomingMessage }> {
    const accepted = this.#accepted.shift();
    if (accepted) return Promise.resolve(accepted);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

/** Opens a client and waits until it is open. */
export async function connectClient(
  url: string,
  headers: Record<string, string> = {},
): Promise<WebSocket> {
  const client = new WebSocket(url, { headers });
  await once(client, 'open');
  return client;
}

/** Resolves when `predicate` holds, polling real time (bounded). */
export async function eventually(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** PCM16 samples of a constant value (easy to recognise on the wire). */
export function tone(samples: number, value: number): Int16Array {
  return new Int16Array(samples).fill(value);
}

/** A logger that keeps every line, for assertions on what was logged. */
export class RecordingLogger {
  readonly lines: { level: string; message: string; fields: object }[] = [];
  debug = (fields: object | string, message?: string): void => this.#log('debug', fields, message);
  info = (fields: object | string, message?: string): void => this.#log('info', fields, message);
  warn = (fields: object | string, message?: string): void => this.#log('warn', fields, message);
  error = (fields: object | string, message?: string): void => this.#log('error', fields, message);
  #log(level: string, fields: object | string, message?: string): void {
    if (typeof fields === 'string') this.lines.push({ level, message: fields, fields: {} });
    else this.lines.push({ level, message: message ?? '', fields });
  }
  /** Lines at `level`. */
  at(level: string): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }
}

/** Turns caller audio into bot audio: a minimal echo bot. */
export class EchoProcessor extends FrameProcessor {
  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (direction === 'downstream' && frame.type === 'InputAudioRawFrame') {
      const audio = frame as unknown as {
        audio: Int16Array;
        sampleRate: number;
        numChannels: number;
      };
      this.pushFrame(new OutputAudioRawFrame(audio.audio, audio.sampleRate, audio.numChannels));
      return;
    }
    this.pushFrame(frame, direction);
  }
}

/** Timers and sockets the process holds open, by type. */
export function activeHandleCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}
