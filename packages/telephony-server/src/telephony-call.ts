import type {
  CallData,
  ConnectionLossReason,
  Frame,
  FrameProcessor,
  Logger,
  PipelineTask,
  TelephonyProvider,
  WebSocketTransport,
} from '@x/transport-core';

/** A call the server is about to serve: its stream passed every check. */
export interface IncomingCall {
  /** The provider whose protocol the stream speaks. */
  readonly provider: TelephonyProvider;
  /** What the stream's start message says: call id, stream id, from, to, custom parameters, codec. */
  readonly data: CallData;
  /** Label in logs and metrics: the provider's name, or a trusted endpoint's label. */
  readonly label: string;
  /**
   * The stream proved it belongs to its call (its start carried the call token of a verified
   * webhook): only then may its serializer hang the call up over the provider's REST API.
   */
  readonly callBound: boolean;
  /** The upgrade request passed the provider's own signature or token check. */
  readonly upgradeVerified: boolean;
}

/** One call in progress, as the bot sees it. */
export interface TelephonyCall extends IncomingCall {
  /** The call id (Twilio `CallSid`, Telnyx `call_control_id`, Plivo `CallUUID`). */
  readonly id: string;
  /**
   * The call's transport. The server puts `transport.input()` before the bot's processors and
   * `transport.output()` after them; listen to its events here.
   */
  readonly transport: WebSocketTransport;
  /** Logger of the call (bound to the provider and the call id). */
  readonly logger: Logger;
  /** The pipeline task, once the bot has returned its processors. */
  readonly task: PipelineTask | undefined;
  /** Aborted when the call ends: pass it to anything the bot starts for this call. */
  readonly signal: AbortSignal;
  /** Queues frames at the start of the pipeline (held until it has started). */
  queueFrames(frames: Iterable<Frame>): void;
  /**
   * Ends the call the normal way: the bot's own `end` (e.g. a goodbye) when it gave one and the
   * pipeline runs, else an `EndFrame`, which sends what is queued, hangs up once (bounded) and
   * closes. Bounded by `limits.endOfCallTimeoutMs`, after which the call is cancelled. Once only.
   */
  end(reason: string): void;
  /** Ends the call at once (`CancelFrame`); resolves when it has ended. */
  cancel(reason: string): Promise<void>;
}

/** What a bot gives for one call when it wants a say in how the call ends. */
export interface BotSession {
  /** The processors between the transport's input and output, in order. */
  processors: readonly FrameProcessor[];
  /**
   * Ends the call the bot's way when the server asks (drain, session timeout, `call.end`), e.g.
   * say goodbye, then push an `EndTaskFrame` upstream. Called at most once, only while the
   * pipeline runs. Without it the server queues an `EndFrame`.
   */
  end?(reason: string): void;
}

/** What `Bot` returns: the processors, or a `BotSession`. */
export type BotSetup = readonly FrameProcessor[] | BotSession;

/**
 * The user's bot: builds the processors of one call (sync or async). A throw or rejection ends
 * that call only (logged with its call id, close 1011); the server keeps serving.
 */
export type Bot = (call: TelephonyCall) => BotSetup | Promise<BotSetup>;

/** Why a call ended. */
export type CallEndReason =
  /** The peer went away or broke a limit (remote close, reset, no audio, media flood, …). */
  | ConnectionLossReason
  /** The pipeline ended the normal way (`EndFrame`: the bot, `call.end`, the drain). */
  | 'ended'
  /** The pipeline was cancelled (`call.cancel`, `close()`, an end that outlasted its bound). */
  | 'cancelled'
  /** The bot function threw, or a processor's setup failed. */
  | 'failed';

/** How a call ended, for the `callEnded` event. */
export interface CallEnd {
  /** Why the call ended. */
  readonly reason: CallEndReason;
  /** The reason given to `call.end` / `call.cancel`, when one was. */
  readonly detail: string | undefined;
  /** Milliseconds from the start of the call to its end (on the server's clock). */
  readonly durationMs: number;
  /** What the bot threw, for `failed`. */
  readonly error?: unknown;
}

/** Events of `TelephonyServer`. */
export type TelephonyServerEvents = {
  /** A call started: its stream passed every check and the bot is being set up. */
  callStarted: [call: TelephonyCall];
  /** A call ended (fires once per `callStarted`). */
  callEnded: [call: TelephonyCall, end: CallEnd];
};

/** Whether a bot setup is a `BotSession`. */
export function isBotSession(setup: BotSetup): setup is BotSession {
  return (
    !Array.isArray(setup) && typeof setup === 'object' && setup !== null && 'processors' in setup
  );
}
