import {
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  type Logger,
  OutputAudioRawFrame,
  silentLogger,
} from '@x/transport-core';
import WebSocket from 'ws';
import type { ListenOptions } from '../listen-options.js';
import {
  createTelephonyServer,
  type ListeningAddress,
  type TelephonyServer,
} from '../telephony-server.js';
import type { TelephonyServerOptions } from '../telephony-server-options.js';

/** Sends every caller audio frame back as bot audio (the simplest bot there is). */
export class EchoProcessor extends FrameProcessor {
  echoes = 0;
  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (InputAudioRawFrame.is(frame)) {
      this.echoes++;
      this.pushFrame(new OutputAudioRawFrame(frame.audio, frame.sampleRate), 'downstream');
      return;
    }
    this.pushFrame(frame, direction);
  }
}

/** A listening server and its address. */
export interface TestServer {
  server: TelephonyServer;
  address: ListeningAddress;
  /** `ws://127.0.0.1:port<path>`. */
  socketUrl(path?: string): string;
  /** `http://127.0.0.1:port<path>`. */
  httpUrl(path: string): string;
}

const started: TelephonyServer[] = [];

/**
 * Creates a server (silent unless `TELEPHONY_TEST_LOG_LEVEL` says otherwise, echo bot unless
 * given) and listens on 127.0.0.1 with a free port (and `listenOptions`). `closeTestServers`
 * closes them all.
 */
export async function startTestServer(
  options: Partial<TelephonyServerOptions> & Pick<TelephonyServerOptions, 'providers'>,
  listenOptions: ListenOptions = {},
): Promise<TestServer> {
  const server = createTelephonyServer({
    bot: () => [new EchoProcessor()],
    logger: silentLogger,
    ...options,
  });
  started.push(server);
  const address = await server.listen({ port: 0, host: '127.0.0.1', ...listenOptions });
  return {
    server,
    address,
    socketUrl: (path = '/ws') => `${address.url.replace(/^http/, 'ws')}${path}`,
    httpUrl: (path) => `${address.url}${path}`,
  };
}

/** Closes every server `startTestServer` started. */
export async function closeTestServers(): Promise<void> {
  await Promise.all(started.splice(0).map((server) => server.close()));
}

/** What a test WebSocket client saw. */
export interface TestStream {
  /** The open socket, or undefined when the upgrade was refused. */
  readonly socket: WebSocket | undefined;
  /** The HTTP status of a refused upgrade. */
  readonly status: number | undefined;
  /** The body of a refused upgrade. */
  readonly body: string;
  /** Text messages received, in order. */
  readonly messages: string[];
  /** Resolves with the close code and reason once the socket has closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Sends text messages, in order. */
  send(...messages: string[]): void;
}

/** Opens a WebSocket to `url`; resolves once it is open or refused. */
export function openStream(url: string, headers: Record<string, string> = {}): Promise<TestStream> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    const messages: string[] = [];
    let resolveClosed: (close: { code: number; reason: string }) => void = () => {};
    const closed = new Promise<{ code: number; reason: string }>((done) => {
      resolveClosed = done;
    });
    socket.on('error', () => {});
    socket.on('message', (data) => messages.push(data.toString()));
    socket.on('close', (code, reason) => resolveClosed({ code, reason: reason.toString() }));
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => {
        resolveClosed({ code: 0, reason: 'refused' });
        resolve({
          socket: undefined,
          status: response.statusCode,
          body,
          messages,
          closed,
          send: () => {},
        });
      });
    });
    socket.on('open', () => {
      resolve({
        socket,
        status: undefined,
        body: '',
        messages,
        closed,
        send: (...texts) => {
          for (const text of texts) socket.send(text);
        },
      });
    });
  });
}

/** Polls until `predicate` holds (bounded by `timeoutMs`, default 5 s). */
export async function eventually(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One line a `recordingLogger` kept. */
export interface RecordedLine {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every line (with the fields of its children's bindings). */
export function recordingLogger(
  lines: RecordedLine[] = [],
  bindings: Record<string, unknown> = {},
): { lines: RecordedLine[]; logger: Logger } {
  const record =
    (level: string) =>
    (fieldsOrMessage: object | string, message?: string): void => {
      lines.push(
        typeof fieldsOrMessage === 'string'
          ? { level, message: fieldsOrMessage, fields: { ...bindings } }
          : { level, message: message ?? '', fields: { ...bindings, ...fieldsOrMessage } },
      );
    };
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }).logger,
  };
  return { lines, logger };
}
