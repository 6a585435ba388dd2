import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  EndTaskFrame,
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  InputTransportMessageFrame,
  type Logger,
  OutputAudioRawFrame,
  Pipeline,
  PipelineTask,
  RawAudioSerializer,
  type RequestWithHeaders,
  silentLogger,
  type WebSocketLike,
  WebSocketTransport,
} from '@x/transport-core';

/** Rate of the audio the example clients send and receive (PCM16 mono). */
export const EXAMPLE_SAMPLE_RATE = 16_000;

/** Browser origins the examples accept (requests without an Origin, like telephony, pass too). */
export const EXAMPLE_ALLOWED_ORIGINS: readonly string[] = ['http://localhost:3000'];

/**
 * The bot: sends the caller's audio straight back, and ends the call (gracefully: queued audio
 * drains first) when the client sends `{"type":"hangup"}`.
 */
export class EchoBot extends FrameProcessor {
  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (direction === 'downstream' && InputAudioRawFrame.is(frame)) {
      this.pushFrame(new OutputAudioRawFrame(frame.audio, frame.sampleRate, frame.numChannels));
      return;
    }
    if (direction === 'downstream' && InputTransportMessageFrame.is(frame)) {
      const message = frame.message as { type?: unknown };
      if (message.type === 'hangup')
        this.pushFrame(new EndTaskFrame('the client asked to hang up'), 'upstream');
      return;
    }
    this.pushFrame(frame, direction);
  }
}

/**
 * Runs one echo call per accepted socket and keeps track of them, so a server can wait for its
 * calls or cancel them when it shuts down.
 */
export class EchoCalls {
  readonly #tasks = new Set<PipelineTask>();
  readonly #logger: Logger;
  #idleWaiters: (() => void)[] = [];

  constructor(logger: Logger = silentLogger) {
    this.#logger = logger;
  }

  /** Calls in progress. */
  get active(): number {
    return this.#tasks.size;
  }

  /**
   * Starts a call on a socket that was just accepted. Call it synchronously in the accept
   * callback: the transport attaches its listeners at once, so no message is lost.
   */
  start(socket: WebSocketLike, request?: RequestWithHeaders): void {
    const transport = new WebSocketTransport(
      socket,
      {
        serializer: new RawAudioSerializer(),
        allowedOrigins: EXAMPLE_ALLOWED_ORIGINS,
        // end silence is for telephony providers' playout buffers; a raw client needs none
        audioOutEndSilenceSecs: 0,
      },
      { request, logger: this.#logger },
    );
    transport.on('clientDisconnected', () => this.#logger.info('caller hung up'));
    const task = new PipelineTask(
      new Pipeline([transport.input(), new EchoBot(), transport.output()]),
      {
        audioInSampleRate: EXAMPLE_SAMPLE_RATE,
        audioOutSampleRate: EXAMPLE_SAMPLE_RATE,
        logger: this.#logger,
      },
    );
    this.#tasks.add(task);
    task
      .run()
      .catch((error: unknown) => this.#logger.error({ err: error }, 'call failed'))
      .finally(() => {
        this.#tasks.delete(task);
        if (this.#tasks.size === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      });
  }

  /** Resolves when no call is in progress. */
  idle(): Promise<void> {
    if (this.#tasks.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Cancels every call (each hangs up and closes its socket, bounded) and waits for them. */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.#tasks].map((task) => task.cancel('server shutting down')));
  }
}

/** What each example's start function returns. */
export interface ExampleServer {
  /** The port it listens on (useful with port 0). */
  readonly port: number;
  /** WebSocket URL of the media endpoint, e.g. `ws://127.0.0.1:8080/media`. */
  readonly url: string;
  /** The calls it runs. */
  readonly calls: EchoCalls;
  /** Cancels the calls and stops listening. */
  close(): Promise<void>;
}

/** True when this module is the script `node` was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && fileURLToPath(moduleUrl) === resolve(script);
}

/** The port from `PORT`, else `fallback`. */
export function portFromEnvironment(fallback: number): number {
  const port = Number(process.env.PORT ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`PORT must be an integer from 0 to 65535, got ${process.env.PORT}`);
  }
  return port;
}
