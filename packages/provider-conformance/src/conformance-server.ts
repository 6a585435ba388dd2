import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  detectProvider,
  Pipeline,
  PipelineTask,
  POLICY_VIOLATION_CLOSE_CODE,
  rejectUpgrade,
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
  type TelephonyProvider,
  type VerificationResult,
  WebSocketTransport,
} from '@x/transport-core';
import { type WebSocket, WebSocketServer } from 'ws';
import { CallLog } from './call-log.js';
import { ConformanceBot } from './conformance-bot.js';
import {
  CONFORMANCE_PUBLIC_STREAM_URL,
  CONFORMANCE_STREAM_PATH,
  publicUrlOf,
} from './conformance-urls.js';
import { ServedCall, type ServedStream } from './served-call.js';

/** Rate of audio inside the suite's pipelines, in Hz: telephony audio is resampled to it and back. */
export const PIPELINE_SAMPLE_RATE_HZ = 16_000;
/**
 * How far ahead of real time the transport may send bot audio, in milliseconds: in effect all of
 * it at once, so the phone holds what the bot said and a mark waits there behind its audio, as
 * with a provider that buffers. Pacing is core's concern, tested there.
 */
export const BOT_AUDIO_LEAD_MS = 60_000;
/**
 * Custom parameter every webhook answer gives the stream, besides the call token (letters and
 * digits only: Plivo's `extraHeaders` allow no more).
 */
export const CONFORMANCE_STREAM_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({
  suite: 'conformance',
});
/** Bound on the opening messages of a stream, in milliseconds. */
const DETECTION_TIMEOUT_MS = 5_000;
/** Largest webhook body read, in bytes. */
const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;
/** Longest WebSocket close reason, in bytes (RFC 6455 allows 123). */
const MAX_CLOSE_REASON_BYTES = 123;
/** Bound on waiting for a served stream, in milliseconds. */
const STREAM_WAIT_MS = 5_000;
/** Bound on waiting for running calls when the server closes, in milliseconds. */
const CLOSE_WAIT_MS = 5_000;

/** Options of `ConformanceServer.start`. */
export interface ConformanceServerOptions {
  /** The provider under test: its webhooks, upgrades and streams are the only ones served. */
  provider: TelephonyProvider;
  /**
   * Serve streams `checkStream` refuses, as not call-bound (a server that accepts unproven
   * calls); default false: they are closed with 1008 before any pipeline exists.
   */
  serveUnboundStreams?: boolean;
}

/** A webhook the server received: what `verifyWebhook` said and the call it named. */
export interface ReceivedWebhook {
  verification: VerificationResult;
  /** `callIdOfWebhook` of a verified webhook; undefined otherwise. */
  callId: string | undefined;
}

/**
 * The suite's voice-bot server on 127.0.0.1, the way a user's server runs one provider: the
 * webhook (`POST /<name>`: verified, answered with the call-bound markup), the stream endpoint
 * (`/stream`: upgrade verified, provider detected, stream checked, then the provider's
 * serializer, a `WebSocketTransport` and a `ConformanceBot`). Every stream is recorded.
 */
export class ConformanceServer {
  /** Streams detected so far, in order. */
  readonly streams: ServedStream[] = [];
  /** Webhooks received so far, in order. */
  readonly webhooks: ReceivedWebhook[] = [];
  /** Upgrades refused because `verifyUpgrade` failed. */
  upgradesRefused = 0;
  readonly #http: Server;
  readonly #sockets: WebSocketServer;
  readonly #provider: TelephonyProvider;
  readonly #serveUnboundStreams: boolean;
  readonly #running = new Set<Promise<void>>();
  readonly #streamWaiters = new Set<() => void>();

  private constructor(options: ConformanceServerOptions) {
    this.#provider = options.provider;
    this.#serveUnboundStreams = options.serveUnboundStreams ?? false;
    this.#sockets = new WebSocketServer({ noServer: true, ...TELEPHONY_WEBSOCKET_SERVER_OPTIONS });
    this.#http = createServer((request, response) => this.#onRequest(request, response));
    this.#http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.#onUpgrade(request, socket, head),
    );
  }

  /** Starts a server on 127.0.0.1 and an ephemeral port. */
  static async start(options: ConformanceServerOptions): Promise<ConformanceServer> {
    const server = new ConformanceServer(options);
    server.#http.listen(0, '127.0.0.1');
    await once(server.#http, 'listening');
    return server;
  }

  /** Where the phone connects the stream: `ws://127.0.0.1:<port>/stream`. */
  get streamUrl(): string {
    return `ws://${this.#host()}${CONFORMANCE_STREAM_PATH}`;
  }

  /** Where the phone posts the webhook: `http://127.0.0.1:<port>/<provider name>`. */
  get webhookUrl(): string {
    return `http://${this.#host()}/${this.#provider.name}`;
  }

  /** Resolves with the stream whose start named `callId`, once it was detected. */
  streamFor(callId: string, timeoutMs: number = STREAM_WAIT_MS): Promise<ServedStream> {
    const find = (): ServedStream | undefined =>
      this.streams.find((stream) => stream.callData.callId === callId);
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = (): void => {
        const stream = find();
        if (!stream) return;
        this.#streamWaiters.delete(waiter);
        clearTimeout(timer);
        resolve(stream);
      };
      const timer = setTimeout(() => {
        this.#streamWaiters.delete(waiter);
        reject(new Error(`no stream for call ${callId} reached the server within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#streamWaiters.add(waiter);
    });
  }

  /** Drops every connection, waits (bounded) for running calls to end, and stops listening. */
  async close(): Promise<void> {
    for (const client of this.#sockets.clients) client.terminate();
    this.#sockets.close();
    this.#http.closeAllConnections();
    const closed = new Promise<void>((resolve) => this.#http.close(() => resolve()));
    await Promise.race([
      Promise.allSettled([...this.#running]),
      new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref()),
    ]);
    await closed;
  }

  #host(): string {
    const { port } = this.#http.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  #onRequest(request: IncomingMessage, response: ServerResponse): void {
    if (request.method !== 'POST' || request.url !== `/${this.#provider.name}`) {
      response.writeHead(404).end();
      return;
    }
    readBody(request)
      .then(
        (rawBody) => this.#answerWebhook(request, rawBody, response),
        () => response.writeHead(413).end(),
      )
      .catch((error: unknown) => {
        // the provider threw: the test sees a 500 naming the error
        response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
  }

  #answerWebhook(request: IncomingMessage, rawBody: Buffer, response: ServerResponse): void {
    const provider = this.#provider;
    const signed = {
      method: 'POST',
      url: publicUrlOf({ url: request.url ?? '/', headers: request.headers }, false),
      headers: request.headers,
      rawBody,
    };
    const verification = provider.verifyWebhook(signed);
    const callId = verification.ok ? provider.callIdOfWebhook(signed) : undefined;
    this.webhooks.push({ verification, callId });
    if (!verification.ok) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end(verification.reason);
      return;
    }
    const answer = provider.answerWebhook(signed, {
      streamUrl: CONFORMANCE_PUBLIC_STREAM_URL,
      parameters: CONFORMANCE_STREAM_PARAMETERS,
    });
    response.writeHead(200, { 'content-type': answer.contentType }).end(answer.body);
  }

  #onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => {
      // a phone that goes away during the upgrade is no failure of the provider's
    });
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== CONFORMANCE_STREAM_PATH) {
      rejectUpgrade(socket, 404, 'no such stream endpoint');
      return;
    }
    const verification = this.#provider.verifyUpgrade({
      method: 'GET',
      url: publicUrlOf({ url: request.url ?? '/', headers: request.headers }, true),
      headers: request.headers,
    });
    if (!verification.ok) {
      this.upgradesRefused++;
      rejectUpgrade(socket, 403, verification.reason);
      return;
    }
    this.#sockets.handleUpgrade(request, socket, head, (webSocket) => {
      const serving = this.#serve(webSocket).catch(() => webSocket.terminate());
      this.#running.add(serving);
      void serving.finally(() => this.#running.delete(serving));
    });
  }

  async #serve(socket: WebSocket): Promise<void> {
    const provider = this.#provider;
    const call = await detectProvider(socket, [provider], {
      timeoutMs: DETECTION_TIMEOUT_MS,
    }).catch(() => undefined);
    if (call === undefined) {
      socket.close(POLICY_VIOLATION_CLOSE_CODE, 'no call started');
      return;
    }
    const { callData } = call;
    const streamCheck = provider.checkStream(callData);
    if (!streamCheck.ok && !this.#serveUnboundStreams) {
      call.takeMessages();
      socket.close(
        POLICY_VIOLATION_CLOSE_CODE,
        closeReason(`stream refused: ${streamCheck.reason}`),
      );
      this.#record({ callData, upgradeVerified: true, streamCheck, call: undefined });
      return;
    }
    const log = new CallLog();
    const serializer = provider.createSerializer(callData, {
      callBound: streamCheck.ok,
      upgradeVerified: true,
      logger: log,
    });
    const transport = new WebSocketTransport(
      socket,
      {
        serializer,
        audioInEnabled: true,
        audioOutEnabled: true,
        audioOutEndSilenceSecs: 0,
        audioOutMaxLeadMs: BOT_AUDIO_LEAD_MS,
      },
      { initialMessages: call, logger: log },
    );
    const bot = new ConformanceBot();
    const task = new PipelineTask(new Pipeline([transport.input(), bot, transport.output()]), {
      audioInSampleRate: PIPELINE_SAMPLE_RATE_HZ,
      audioOutSampleRate: PIPELINE_SAMPLE_RATE_HZ,
      logger: log,
    });
    const finished = task.run();
    this.#record({
      callData,
      upgradeVerified: true,
      streamCheck,
      call: new ServedCall(task, serializer, bot, log, finished),
    });
    await finished;
  }

  #record(stream: ServedStream): void {
    this.streams.push(stream);
    for (const waiter of [...this.#streamWaiters]) waiter();
  }
}

/** The request body, refused past `MAX_WEBHOOK_BODY_BYTES`. */
async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_WEBHOOK_BODY_BYTES) throw new RangeError('webhook body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** `reason` cut to what a close frame carries. */
function closeReason(reason: string): string {
  const bytes = Buffer.from(reason);
  if (bytes.length <= MAX_CLOSE_REASON_BYTES) return reason;
  return bytes
    .subarray(0, MAX_CLOSE_REASON_BYTES)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}
