import {
  type CallData,
  type Clock,
  childLogger,
  EndFrame,
  type Frame,
  type FrameSerializer,
  type Logger,
  Pipeline,
  type PipelineRunner,
  PipelineTask,
  POLICY_VIOLATION_CLOSE_CODE,
  ProviderDetectionError,
  type TimerHandle,
  WebSocketTransport,
} from '@x/transport-core';
import type { WebSocket } from 'ws';
import type { CallRegistry, TrackedCall } from './call-registry.js';
import { closeSocket } from './close-socket.js';
import { type DetectedTelephonyCall, detectTelephonyCall } from './detect-call.js';
import { admitStream } from './provider-policy.js';
import type { TelephonyServerLimits } from './server-limits.js';
import {
  type Bot,
  type BotSession,
  type CallEnd,
  type CallEndReason,
  type IncomingCall,
  isBotSession,
  type TelephonyCall,
} from './telephony-call.js';
import { type TelephonyServerMetrics, UNKNOWN_PROVIDER_LABEL } from './telephony-server-metrics.js';
import type { CallPipelineSettings, CallTransportSettings } from './telephony-server-options.js';
import type { AcceptedStream } from './upgrade-route.js';

/** Close code for a call ended by a failure on our side (RFC 6455 1011). */
const INTERNAL_ERROR_CLOSE_CODE = 1011;

/** What serving one stream needs from the server. */
export interface CallSessionContext {
  logger: Logger;
  clock: Clock;
  metrics: TelephonyServerMetrics;
  calls: CallRegistry;
  runner: PipelineRunner;
  limits: Readonly<TelephonyServerLimits>;
  allowUnverified: boolean;
  bot: Bot;
  pipeline: CallPipelineSettings;
  transportSettings(call: IncomingCall): CallTransportSettings;
  wrapSerializer:
    | ((serializer: FrameSerializer, call: IncomingCall) => FrameSerializer)
    | undefined;
  callStarted(call: TelephonyCall): void;
  callEnded(call: TelephonyCall, end: CallEnd): void;
}

/**
 * Serves one accepted WebSocket, from its first message to the end of its call: detects the
 * provider (closing the stream with 1008 when none speaks it or the start does not come in time),
 * admits it (`admitStream`: unauthenticated, without a valid call token, or unverifiable streams
 * are closed with 1008 before any pipeline exists), builds the provider's serializer and the
 * transport, asks the bot for its processors and runs the pipeline to its end.
 *
 * Rejects only with the bot's own failure (after the call was ended and counted), for
 * `superviseCall` to log with the call's fields; `describe` receives those fields as they become
 * known.
 */
export async function serveStream(
  socket: WebSocket,
  stream: AcceptedStream,
  context: CallSessionContext,
  describe: (fields: Record<string, unknown>) => void,
): Promise<void> {
  const { metrics, clock } = context;
  let detected: DetectedTelephonyCall;
  try {
    detected = await detectTelephonyCall(socket, stream.providers, {
      timeoutMs: context.limits.startTimeoutMs,
      clock,
      logger: context.logger,
    });
  } catch (error) {
    const failure = error instanceof ProviderDetectionError ? error.failure : 'error';
    const message = error instanceof Error ? error.message : String(error);
    metrics.streamRefused(stream.trustedEndpoint?.label ?? UNKNOWN_PROVIDER_LABEL, failure);
    context.logger.debug({ failure }, `stream closed before a call started: ${message}`);
    closeSocket(socket, POLICY_VIOLATION_CLOSE_CODE, message, clock);
    return;
  }
  const { provider, callData } = detected;
  const label = stream.trustedEndpoint?.label ?? provider.name;
  describe({ provider: label, callId: callData.callId });
  const logger = childLogger(context.logger, { provider: label, callId: callData.callId });
  const upgradeVerified = stream.verified.has(provider);
  const admission = admitStream(provider, callData, {
    upgradeVerified,
    trusted: stream.trustedEndpoint !== undefined,
    allowUnverified: context.allowUnverified,
  });
  if (!admission.ok) {
    detected.takeMessages();
    metrics.streamRefused(label, admission.reason);
    logger.warn({ reason: admission.reason }, `stream refused: ${admission.message}`);
    closeSocket(socket, POLICY_VIOLATION_CLOSE_CODE, admission.message, clock);
    return;
  }
  const incoming: IncomingCall = {
    provider,
    data: callData,
    label,
    callBound: admission.callBound,
    upgradeVerified,
  };
  let serializer: FrameSerializer;
  try {
    serializer = createSerializer(incoming, context, logger);
  } catch (error) {
    // e.g. a media format the provider package cannot serve: the call is refused, not failed
    const message = error instanceof Error ? error.message : String(error);
    detected.takeMessages();
    metrics.streamRefused(label, 'serializer');
    logger.warn({ err: error }, `stream refused: ${message}`);
    closeSocket(socket, POLICY_VIOLATION_CLOSE_CODE, message, clock);
    return;
  }
  let transport: WebSocketTransport;
  try {
    transport = createTransport(socket, incoming, serializer, detected, context, logger);
  } catch (error) {
    detected.takeMessages();
    metrics.streamRefused(label, 'setup-failed');
    logger.error({ err: error }, 'cannot set the call up: check the transport settings');
    closeSocket(socket, INTERNAL_ERROR_CLOSE_CODE, 'internal error', clock);
    return;
  }
  stream.ticket.started();
  const call = new ServedCall(incoming, transport, logger, context);
  await call.run();
}

/** The provider's serializer of the call, wrapped by `wrapSerializer` when one is set. */
function createSerializer(
  incoming: IncomingCall,
  context: CallSessionContext,
  logger: Logger,
): FrameSerializer {
  const created = incoming.provider.createSerializer(incoming.data, {
    callBound: incoming.callBound,
    upgradeVerified: incoming.upgradeVerified,
    logger,
  });
  return context.wrapSerializer ? context.wrapSerializer(created, incoming) : created;
}

/** The call's transport: the user's settings, the server's limits, the detected messages first. */
function createTransport(
  socket: WebSocket,
  incoming: IncomingCall,
  serializer: FrameSerializer,
  detected: DetectedTelephonyCall,
  context: CallSessionContext,
  logger: Logger,
): WebSocketTransport {
  const { vadAnalyzer, ...settings } = context.transportSettings(incoming);
  return new WebSocketTransport(
    socket,
    {
      ...settings,
      serializer,
      vadAnalyzer: vadAnalyzer?.(incoming),
      firstAudioTimeoutMs: context.limits.firstAudioTimeoutMs,
      maxInboundMessagesPerSecond: context.limits.maxMediaMessagesPerSecond,
    },
    {
      initialMessages: detected,
      logger,
      inputName: `${incoming.label}-input`,
      outputName: `${incoming.label}-output`,
    },
  );
}

/** One call: the bot's processors between the transport's input and output, run to the end. */
class ServedCall implements TelephonyCall, TrackedCall {
  readonly provider: IncomingCall['provider'];
  readonly data: CallData;
  readonly label: string;
  readonly callBound: boolean;
  readonly upgradeVerified: boolean;
  readonly transport: WebSocketTransport;
  readonly logger: Logger;
  readonly #context: CallSessionContext;
  readonly #abort = new AbortController();
  readonly #startedMs: number;
  #task: PipelineTask | undefined;
  #pipelineStarted = false;
  #botEnd: BotSession['end'];
  #pendingFrames: Frame[] = [];
  #endReason: string | undefined;
  #cancelReason: string | undefined;
  #endTimer: TimerHandle | undefined;
  #ended: CallEnd | undefined;
  #resolveFinished: () => void = () => {};
  readonly #finished = new Promise<void>((resolve) => {
    this.#resolveFinished = resolve;
  });

  constructor(
    incoming: IncomingCall,
    transport: WebSocketTransport,
    logger: Logger,
    context: CallSessionContext,
  ) {
    this.provider = incoming.provider;
    this.data = incoming.data;
    this.label = incoming.label;
    this.callBound = incoming.callBound;
    this.upgradeVerified = incoming.upgradeVerified;
    this.transport = transport;
    this.logger = logger;
    this.#context = context;
    this.#startedMs = context.clock.now();
  }

  get id(): string {
    return this.data.callId;
  }

  get task(): PipelineTask | undefined {
    return this.#task;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  queueFrames(frames: Iterable<Frame>): void {
    if (this.#ended) return;
    if (this.#task) this.#task.queueFrames(frames);
    else this.#pendingFrames.push(...frames);
  }

  end(reason: string): void {
    if (this.#ended || this.#endReason !== undefined || this.#cancelReason !== undefined) return;
    this.#endReason = reason;
    this.logger.info({ reason }, 'ending the call');
    this.#endTimer = this.#context.clock.setTimeout(() => {
      this.#endTimer = undefined;
      this.logger.warn(
        { timeoutMs: this.#context.limits.endOfCallTimeoutMs },
        'the end of the call outlasted its bound; cancelling it',
      );
      void this.cancel(reason);
    }, this.#context.limits.endOfCallTimeoutMs);
    if (this.#task) this.#endTask(this.#task, reason);
  }

  async cancel(reason: string): Promise<void> {
    if (!this.#ended && this.#cancelReason === undefined) {
      this.#cancelReason = reason;
      this.#abort.abort();
      if (this.#task) {
        await this.#task.cancel(reason);
      } else {
        // the bot is still being set up: the call ends now, whatever the bot does later
        await this.transport.close(1001, 'call cancelled');
        this.#finish(undefined);
      }
    }
    await this.#finished;
  }

  /** Runs the call to its end; rejects with the bot's failure once the call is ended. */
  async run(): Promise<void> {
    const context = this.#context;
    context.calls.track(this, this.#finished);
    context.metrics.callStarted(this.label);
    this.transport.on('sessionTimeout', () => this.end('session timeout'));
    this.logger.info(
      {
        from: this.data.from,
        to: this.data.to,
        encoding: this.data.mediaFormat.encoding,
        sampleRate: this.data.mediaFormat.sampleRate,
        callBound: this.callBound,
      },
      'call started',
    );
    context.callStarted(this);
    try {
      const setup = await context.bot(this);
      if (this.#ended) {
        this.logger.info('the bot was set up after the call ended; its processors are not started');
        return;
      }
      const processors = isBotSession(setup) ? setup.processors : setup;
      if (!Array.isArray(processors)) {
        throw new TypeError(
          'the bot must return its processors (an array) or { processors, end? }',
        );
      }
      if (isBotSession(setup) && typeof setup.end === 'function') {
        const end = setup.end;
        this.#botEnd = (reason) => end.call(setup, reason);
      }
      const task = new PipelineTask(
        new Pipeline([this.transport.input(), ...processors, this.transport.output()]),
        { ...context.pipeline, logger: this.logger },
      );
      this.#task = task;
      task.on('started', () => {
        this.#pipelineStarted = true;
      });
      if (this.#pendingFrames.length > 0) task.queueFrames(this.#pendingFrames.splice(0));
      if (this.#cancelReason !== undefined) void task.cancel(this.#cancelReason);
      else if (this.#endReason !== undefined) this.#endTask(task, this.#endReason);
      await context.runner.run(task);
      this.#finish(undefined);
    } catch (error) {
      if (!this.#ended) {
        this.#abort.abort();
        await this.transport.close(INTERNAL_ERROR_CLOSE_CODE, 'internal error');
        this.#finish({ error });
        throw error;
      }
      this.logger.warn({ err: error }, 'the bot failed after the call ended');
    }
  }

  /** Ends a created task: the bot's way once the pipeline runs, else with an `EndFrame`. */
  #endTask(task: PipelineTask, reason: string): void {
    const botEnd = this.#botEnd;
    if (botEnd && this.#pipelineStarted) {
      try {
        botEnd(reason);
        return;
      } catch (error) {
        this.logger.error(
          { err: error },
          'the bot failed to end the call; ending it with an EndFrame',
        );
      }
    }
    task.queueFrame(new EndFrame(reason));
  }

  /** Records the end of the call once: counted, logged, reported; `failure` when the bot failed. */
  #finish(failure: { error: unknown } | undefined): void {
    if (this.#ended) return;
    if (this.#endTimer !== undefined) this.#context.clock.clearTimeout(this.#endTimer);
    this.#endTimer = undefined;
    this.#abort.abort();
    const reason = this.#endReasonOf(failure);
    const end: CallEnd = {
      reason,
      detail: this.#cancelReason ?? this.#endReason,
      durationMs: this.#context.clock.now() - this.#startedMs,
      ...(failure !== undefined && { error: failure.error }),
    };
    this.#ended = end;
    this.#context.metrics.callEnded(this.label, reason);
    this.logger.info(
      {
        reason,
        detail: end.detail,
        seconds: Math.round(end.durationMs / 100) / 10,
        finish: this.#task?.finishReason,
      },
      'call ended',
    );
    this.#context.callEnded(this, end);
    this.#resolveFinished();
  }

  #endReasonOf(failure: { error: unknown } | undefined): CallEndReason {
    if (failure !== undefined) return 'failed';
    const lost = this.transport.disconnectReason;
    if (lost !== undefined) return lost;
    const finish = this.#task?.finishReason;
    return finish === 'end' || finish === 'stop' ? 'ended' : 'cancelled';
  }
}
