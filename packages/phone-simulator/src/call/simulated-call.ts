import {
  type Clock,
  isSilence,
  type Logger,
  pcmToWav,
  silentLogger,
  systemClock,
  TypedEventEmitter,
} from '@x/transport-core';
import WebSocket from 'ws';
import { decodeBase64 } from '../audio/base64.js';
import {
  type AudioInput,
  FRAME_DURATION_MS,
  prepareCallerAudio,
  silenceFramePayload,
} from '../audio/caller-audio.js';
import { type MediaCodec, resolveCodec } from '../audio/media-codec.js';
import { PlayoutBuffer } from '../playout/playout-buffer.js';
import { TimelineRecorder } from '../playout/timeline-recorder.js';
import { createDialect } from '../providers/create-dialect.js';
import { snippet } from '../providers/message-reading.js';
import {
  type BotCommand,
  type CallIds,
  checkDtmfDigits,
  type ProtocolViolation,
  type ProviderDialect,
} from '../providers/provider-dialect.js';
import type { ProviderName } from '../providers/provider-name.js';
import { signedUpgradeHeaders } from '../signing/upgrade-headers.js';
import { MediaTicker } from '../timing/media-ticker.js';
import type { WebhookAnswer } from '../webhook/webhook-dial-options.js';
import { connect } from './call-connection.js';
import type {
  CallEvent,
  CallEventMap,
  CallEventOf,
  CallEventType,
  HangUpSide,
  ProtocolError,
} from './call-events.js';
import { CallMetrics } from './call-metrics.js';
import { type CallOptions, defaultCallOptions, sendsStopOnHangUp } from './call-options.js';
import {
  checkScript,
  DTMF_DIGIT_INTERVAL_MS,
  prepareStep,
  type ScriptAction,
  type StepTime,
} from './call-script.js';
import type { BotUtterance, CallSummary, ClearRecord } from './call-summary.js';
import { CallerStream, type SentAudio } from './caller-stream.js';
import { resolveStreamTarget, type StreamTarget } from './stream-target.js';

/**
 * A frame due this soon is sent on the current tick: timers may fire up to a millisecond early,
 * and waiting a whole tick for the rest would make the frame 20 ms late.
 */
const FRAME_DUE_TOLERANCE_MS = 2;
/** Most caller frames sent in one tick when the event loop fell behind. */
const MAX_CATCH_UP_FRAMES = 50;
/** Events kept in the call's log for `waitFor` and `events()`. */
const MAX_EVENT_LOG_ENTRIES = 1_000;
/** Protocol errors kept with their messages (all are counted). */
const MAX_PROTOCOL_ERRORS_KEPT = 100;
/** Utterances kept in the summary. */
const MAX_UTTERANCES_KEPT = 1_000;
/** Default time `waitFor` waits, in wall milliseconds. */
export const DEFAULT_WAIT_TIMEOUT_MS = 10_000;
/** Events that happen at most once; `waitFor` looks for them from the call's start. */
const ONCE_EVENTS: readonly CallEventType[] = ['first-bot-audio', 'closed'];

/** Options of `SimulatedCall.waitFor`. */
export interface WaitForOptions<T extends CallEventType> {
  /**
   * Accept only events reported at or after this call time (an utterance's end is reported once
   * the utterance gap has passed, after its `atMs`). Default: now; the call's start for
   * `first-bot-audio` and `closed`, which happen once.
   */
  sinceMs?: number;
  /** Accept only events this predicate approves, e.g. a mark with a given name. */
  where?: (event: CallEventOf<T>) => boolean;
  /** Reject after this many wall milliseconds. Default 10,000. */
  timeoutMs?: number;
}

/** What the caller heard, as PCM on the call's timeline (silence where nothing played). */
export interface RecordedAudio {
  /** Mono PCM16 samples from call time 0. */
  audio: Int16Array;
  /** Samples per second (the codec rate). */
  sampleRate: number;
}

interface TimedAction {
  readonly atMs: number;
  readonly run: () => void;
}

interface EventTrigger {
  readonly type: CallEventType;
  readonly occurrence: number;
  readonly delayMs: number;
  readonly run: () => void;
}

interface Waiter {
  readonly type: CallEventType;
  readonly sinceMs: number;
  readonly where: ((event: CallEvent) => boolean) | undefined;
  readonly resolve: (event: CallEvent) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * One simulated phone call to a bot, speaking a provider's media-stream protocol. Create it with
 * `startCall` (it is connected and has sent the opening messages when the promise resolves),
 * then say things, press keys, wait for what the bot does, and hang up; or give it a script.
 *
 * Time: call time 0 is when the stream starts; caller frame k (20 ms) is sent at 20·k ms. In
 * real-time mode a shared drift-corrected tick paces the frames. In fast mode the call runs on a
 * virtual timeline: queued caller audio and the script's timed steps are sent as fast as the
 * event loop allows (letting the bot's messages in between frames) and the clock jumps ahead
 * with them; while waiting for something the bot does, time flows at wall speed. The bot's audio
 * plays out on that timeline either way.
 */
export class SimulatedCall {
  /** Provider simulated. */
  readonly provider: ProviderName;
  /** The call's ids (Twilio SIDs, Telnyx ids, Plivo UUIDs). */
  readonly ids: CallIds;
  /** Codec of the stream, both directions. */
  readonly codec: MediaCodec;
  /** True on the fast virtual timeline. */
  readonly fast: boolean;
  /** URL connected to (as given, or as the webhook's markup named it). */
  readonly url: string;
  /** What the webhook answered (status, stream URL, parameters); undefined without `webhook`. */
  readonly webhookAnswer: WebhookAnswer | undefined;

  readonly #options: CallOptions;
  readonly #socket: WebSocket;
  readonly #dialect: ProviderDialect;
  readonly #clock: Clock;
  readonly #ticker: MediaTicker;
  readonly #metrics: CallMetrics;
  readonly #logger: Logger;
  readonly #recorder: TimelineRecorder | undefined;
  readonly #playout: PlayoutBuffer;
  readonly #caller: CallerStream;
  readonly #emitter: TypedEventEmitter<CallEventMap>;
  readonly #startedAt = new Date();
  readonly #ended: Promise<CallSummary>;
  #resolveEnded!: (summary: CallSummary) => void;
  #unsubscribeTick: (() => void) | undefined;
  #originMs = 0;
  #skippedMs = 0;
  #state: 'open' | 'closing' | 'closed' = 'open';
  #endMs: number | undefined;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #nextFrameIndex = 0;
  #pumping = false;
  #timeline: TimedAction[] = [];
  #triggers: EventTrigger[] = [];
  #eventCounts = new Map<CallEventType, number>();
  /** Events with the call time they were reported (a `bot-audio-end` is reported after its `atMs`). */
  #eventLog: { event: CallEvent; reportedAtMs: number }[] = [];
  #waiters = new Set<Waiter>();
  #lastCallerActivityMs = 0;
  #lastAudibleEndMs = 0;
  #hangUpWhenQuietMs: number | undefined;
  #maxDurationMs: number;
  #sendStop: boolean;
  // statistics
  #framesSent = 0;
  #framesLost = 0;
  #audioFramesSent = 0;
  #dtmfSent = '';
  #firstBotAudioMs: number | undefined;
  #botMediaMessages = 0;
  #lastBotMediaWallMs: number | undefined;
  #lastBotMediaDurationMs = 0;
  #utterances: BotUtterance[] = [];
  #botDtmf = '';
  #clears: ClearRecord[] = [];
  #marksReceived = 0;
  #marksAnsweredAfterPlayout = 0;
  #marksAnsweredOnClear = 0;
  #marksDroppedOnClear = 0;
  #underrunCount = 0;
  #underrunTotalMs = 0;
  #protocolErrors: ProtocolError[] = [];
  #protocolErrorCount = 0;
  #close: { code: number; reason: string } | undefined;
  #hungUpBy: HangUpSide | undefined;
  #socketError: Error | undefined;

  private constructor(
    socket: WebSocket,
    dialect: ProviderDialect,
    codec: MediaCodec,
    options: CallOptions,
    target: StreamTarget,
  ) {
    this.#socket = socket;
    this.#dialect = dialect;
    this.#options = options;
    this.provider = options.provider;
    this.ids = dialect.ids;
    this.codec = codec;
    this.url = target.url;
    this.webhookAnswer = target.webhookAnswer;
    this.fast = options.fast ?? defaultCallOptions.fast;
    this.#clock = options.clock ?? systemClock;
    this.#ticker =
      options.ticker ??
      (options.clock ? new MediaTicker({ clock: options.clock }) : MediaTicker.shared());
    this.#metrics = options.metrics ?? new CallMetrics();
    this.#logger = options.logger ?? silentLogger;
    this.#maxDurationMs = options.maxDurationMs ?? defaultCallOptions.maxDurationMs;
    this.#hangUpWhenQuietMs = options.hangUpWhenQuietMs;
    this.#sendStop = options.sendStopOnHangUp ?? sendsStopOnHangUp(options.provider);
    this.#recorder =
      (options.record ?? defaultCallOptions.record)
        ? new TimelineRecorder(
            codec.sampleRate,
            options.maxRecordingMs ?? defaultCallOptions.maxRecordingMs,
          )
        : undefined;
    this.#playout = new PlayoutBuffer({
      sampleRate: codec.sampleRate,
      recorder: this.#recorder,
      utteranceGapMs: options.utteranceGapMs ?? defaultCallOptions.utteranceGapMs,
      maxBufferedMs: options.maxBufferedAudioMs ?? defaultCallOptions.maxBufferedAudioMs,
      listener: {
        markPlayed: (name, atMs) => this.#answerMark(name, atMs, false),
        utteranceStarted: (atMs) => {
          if (this.#utterances.length < MAX_UTTERANCES_KEPT) {
            this.#utterances.push({ startMs: atMs, endMs: undefined, endReason: undefined });
          }
          this.#emit({ type: 'bot-audio-start', atMs });
        },
        utteranceEnded: (atMs, reason) => {
          const last = this.#utterances[this.#utterances.length - 1];
          if (last && last.endMs === undefined) {
            last.endMs = atMs;
            last.endReason = reason;
          }
          this.#emit({ type: 'bot-audio-end', atMs, reason });
        },
        underrun: (gapMs) => {
          this.#underrunCount++;
          this.#underrunTotalMs += gapMs;
          this.#metrics.underrunGapMs.record(gapMs);
        },
      },
    });
    this.#caller = new CallerStream(silenceFramePayload(codec), (atMs) => {
      this.#lastCallerActivityMs = atMs;
      this.#emit({ type: 'caller-audio-end', atMs });
    });
    this.#emitter = new TypedEventEmitter<CallEventMap>({ logger: this.#logger });
    this.#ended = new Promise((resolve) => {
      this.#resolveEnded = resolve;
    });
  }

  /**
   * Connects and starts the stream (after the webhook, with `webhook`); see `startCall`, which is
   * this function.
   * @throws WebhookRefusedError when the webhook does not answer with a stream.
   * @throws CallRefusedError when the server answers the upgrade with an HTTP status instead.
   */
  static async start(options: CallOptions): Promise<SimulatedCall> {
    const codec = resolveCodec(options.provider, {
      codec: options.codec ?? defaultCallOptions.codec,
      sampleRate: options.sampleRate,
    });
    const steps = options.script ?? [];
    checkScript(steps);
    const preparedSteps = await Promise.all(steps.map((step) => prepareStep(step, codec)));
    const target = await resolveStreamTarget(options);
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.authToken !== undefined) {
      Object.assign(
        headers,
        signedUpgradeHeaders({
          provider: options.provider,
          url: target.signedUrl,
          authToken: options.authToken,
          signatureUrl: options.signatureUrl,
        }),
      );
    }
    const dialect = createDialect(options.provider, {
      codec,
      ids: target.ids,
      customParameters: target.customParameters,
      from: options.from,
      to: options.to,
      streamAuthToken: options.provider === 'telnyx' ? options.authToken : undefined,
    });
    const socket = await connect(
      target.connectUrl,
      headers,
      options.connectTimeoutMs ?? defaultCallOptions.connectTimeoutMs,
    );
    const call = new SimulatedCall(socket, dialect, codec, options, target);
    call.#begin(preparedSteps);
    return call;
  }

  #begin(scriptSteps: readonly { at: StepTime; action: ScriptAction }[]): void {
    this.#socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    this.#socket.on('close', (code, reason) => this.#onClose(code, reason.toString()));
    this.#socket.on('error', (error) => {
      this.#socketError ??= error;
      this.#logger.warn({ err: error, callId: this.ids.callId }, 'call socket error');
    });
    this.#unsubscribeTick = this.#ticker.subscribe(() => this.#onTick());
    // line call time up with the shared tick so frame k is due exactly on a tick
    const nextTick = this.#ticker.nextTickAtMs ?? this.#clock.now();
    this.#originMs = nextTick - this.#ticker.intervalMs;
    for (const message of this.#dialect.openingMessages()) this.#send(message);
    this.#sendDueFrames(this.now());
    for (const step of scriptSteps) this.#armStep(step.at, step.action);
    this.#kickFastPump();
  }

  /** The call time now, in milliseconds (virtual in fast mode). */
  now(): number {
    if (this.#endMs !== undefined) return this.#endMs;
    return this.#clock.now() - this.#originMs + this.#skippedMs;
  }

  /** True until the socket has closed. */
  get isOpen(): boolean {
    return this.#state === 'open';
  }

  /** Bot audio received and not yet played, in milliseconds. */
  get bufferedBotAudioMs(): number {
    this.#playout.advanceTo(this.now());
    return this.#playout.bufferedMs;
  }

  /** Resolves with the summary once the call has ended, whoever ended it. */
  get ended(): Promise<CallSummary> {
    return this.#ended;
  }

  /**
   * Says `audio` after anything already queued. Resolves when its last frame is sent (at once in
   * fast mode), with the call times it spanned; `completed` is false when the call ended first.
   */
  async sendAudio(audio: AudioInput): Promise<SentAudio> {
    const prepared = await prepareCallerAudio(audio, this.codec);
    return this.#enqueueCaller(prepared.frames);
  }

  /** Says nothing for `durationMs` (rounded up to 20 ms frames) after anything already queued. */
  sendSilence(durationMs: number): Promise<SentAudio> {
    if (!Number.isFinite(durationMs) || durationMs < 0) {
      throw new RangeError(`silence duration must be ≥ 0 ms, got ${durationMs}`);
    }
    return this.#enqueueCaller(Math.ceil(durationMs / FRAME_DURATION_MS));
  }

  /**
   * Presses `digits` now, one every `intervalMs` (default 250). Resolves after the last one is
   * sent. DTMF messages go alongside the media, which keeps flowing.
   */
  async sendDtmf(digits: string, intervalMs: number = DTMF_DIGIT_INTERVAL_MS): Promise<void> {
    checkDtmfDigits(digits);
    const startMs = this.now();
    const sent = [...digits].map(
      (digit, index) =>
        new Promise<void>((resolve) => {
          const pressAtMs = startMs + index * intervalMs;
          this.#schedule(pressAtMs, () => {
            this.#pressDigit(digit, pressAtMs);
            resolve();
          });
        }),
    );
    this.#kickFastPump();
    await Promise.race([Promise.all(sent), this.#ended]);
  }

  /**
   * Waits for the next event of `type` (see `WaitForOptions.sinceMs` for which count) and
   * resolves with it. Rejects when the call ends first or after `timeoutMs` wall milliseconds.
   */
  waitFor<T extends CallEventType>(
    type: T,
    options: WaitForOptions<T> = {},
  ): Promise<CallEventOf<T>> {
    const sinceMs = options.sinceMs ?? (ONCE_EVENTS.includes(type) ? 0 : this.now());
    const where = options.where as ((event: CallEvent) => boolean) | undefined;
    const logged = this.#eventLog.find(
      (entry) =>
        entry.event.type === type &&
        entry.reportedAtMs >= sinceMs &&
        (where === undefined || where(entry.event)),
    );
    if (logged) return Promise.resolve(logged.event as CallEventOf<T>);
    if (this.#state === 'closed') {
      return Promise.reject(new Error(`call ended before a "${type}" event`));
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        type,
        sinceMs,
        where,
        resolve: resolve as (event: CallEvent) => void,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(
            new Error(
              `no "${type}" event within ${timeoutMs} ms (call time ${Math.round(this.now())} ms)`,
            ),
          );
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Adds a handler for `type`; returns a function that removes it. */
  on<T extends CallEventType>(
    type: T,
    handler: (event: CallEventOf<T>) => void | Promise<void>,
  ): () => void {
    return this.#emitter.on(type, handler as (...args: CallEventMap[T]) => void);
  }

  /** Events so far (the last 1,000), oldest first. */
  events(): readonly CallEvent[] {
    return this.#eventLog.map((entry) => entry.event);
  }

  /**
   * Ends the call as the provider does when the caller hangs up: `stop` (except Plivo), then
   * close. `by: 'api'` records that the call was ended through the provider's REST API instead
   * (the wire looks the same). Resolves with the final summary.
   */
  hangUp(by: 'caller' | 'api' = 'caller'): Promise<CallSummary> {
    if (this.#state !== 'open') return this.#ended;
    this.#finishTimeline(by);
    if (this.#sendStop) {
      const stop = this.#dialect.stopMessage();
      if (stop !== undefined) this.#send(stop);
    }
    this.#closeSocket(1000, '');
    return this.#ended;
  }

  /** A snapshot of everything measured so far (final once `ended` resolves). */
  summary(): CallSummary {
    const now = this.now();
    if (this.#state === 'open') this.#playout.advanceTo(now);
    const pendingMarks =
      this.#marksReceived -
      this.#marksAnsweredAfterPlayout -
      this.#marksAnsweredOnClear -
      this.#marksDroppedOnClear;
    return {
      provider: this.provider,
      url: this.url,
      ids: { ...this.ids },
      webhook: this.webhookAnswer
        ? {
            url: this.webhookAnswer.url,
            statusCode: this.webhookAnswer.statusCode,
            streamUrl: this.webhookAnswer.streamUrl,
            parameters: { ...this.webhookAnswer.parameters },
          }
        : undefined,
      codec: { name: this.codec.name, sampleRate: this.codec.sampleRate },
      fast: this.fast,
      startedAt: this.#startedAt.toISOString(),
      durationMs: now,
      firstBotAudioMs: this.#firstBotAudioMs,
      caller: {
        framesSent: this.#framesSent,
        framesLost: this.#framesLost,
        audioSentMs: this.#audioFramesSent * FRAME_DURATION_MS,
        dtmfSent: this.#dtmfSent,
      },
      bot: {
        mediaMessages: this.#botMediaMessages,
        audioReceivedMs: this.#playout.receivedMs,
        audioPlayedMs: this.#playout.playedMs,
        unplayedAtEndMs: this.#playout.bufferedMs,
        utterances: this.#utterances.map((utterance) => ({ ...utterance })),
        dtmfReceived: this.#botDtmf,
      },
      clears: this.#clears.map((clear) => ({ ...clear })),
      marks: {
        received: this.#marksReceived,
        answeredAfterPlayout: this.#marksAnsweredAfterPlayout,
        answeredOnClear: this.#marksAnsweredOnClear,
        droppedOnClear: this.#marksDroppedOnClear,
        pending: pendingMarks,
      },
      underruns: { count: this.#underrunCount, totalMs: this.#underrunTotalMs },
      protocolErrors: this.#protocolErrors.map((error) => ({ ...error })),
      protocolErrorCount: this.#protocolErrorCount,
      close: this.#close ? { ...this.#close } : undefined,
      hungUpBy: this.#hungUpBy,
      sendLatenessMs:
        !this.fast && this.#options.metrics === undefined
          ? this.#metrics.sendLatenessMs.percentiles()
          : undefined,
      recording: this.#recorder
        ? {
            sampleRate: this.#recorder.sampleRate,
            durationMs: (this.#recordingEndSample() * 1000) / this.#recorder.sampleRate,
            truncated: this.#recorder.truncated,
          }
        : undefined,
    };
  }

  /** What the caller heard from call time 0 to now (or the end), silence where nothing played. */
  recording(): RecordedAudio {
    const recorder = this.#requireRecorder();
    this.#playout.advanceTo(this.now());
    return { audio: recorder.read(0, this.#recordingEndSample()), sampleRate: recorder.sampleRate };
  }

  /** The recording as a mono WAV file. */
  recordingWav(): Uint8Array {
    const { audio, sampleRate } = this.recording();
    return pcmToWav(audio, sampleRate, 1);
  }

  /** What the caller heard between two call times (default: until now). */
  heard(fromMs: number, toMs: number = this.now()): Int16Array {
    const recorder = this.#requireRecorder();
    this.#playout.advanceTo(this.now());
    const rate = recorder.sampleRate;
    return recorder.read(Math.floor((fromMs * rate) / 1000), Math.floor((toMs * rate) / 1000));
  }

  #requireRecorder(): TimelineRecorder {
    if (!this.#recorder)
      throw new Error('this call was started with record: false; nothing was recorded');
    return this.#recorder;
  }

  #recordingEndSample(): number {
    const recorder = this.#recorder!;
    const nowSample = Math.floor((this.now() * recorder.sampleRate) / 1000);
    return Math.min(recorder.maxSamples, Math.max(recorder.endSample, nowSample));
  }

  // ---- caller side -------------------------------------------------------------------------

  #enqueueCaller(frames: readonly string[] | number): Promise<SentAudio> {
    if (this.#state !== 'open') {
      const now = this.now();
      return Promise.resolve({ startMs: now, endMs: now, completed: false });
    }
    const sent = this.#caller.enqueue(frames, this.now());
    this.#kickFastPump();
    return sent;
  }

  /** Sends one DTMF digit stamped with the call time it was pressed at (its scheduled time). */
  #pressDigit(digit: string, atMs: number): void {
    if (this.#state !== 'open') return;
    this.#send(this.#dialect.dtmfMessage(digit, atMs));
    this.#dtmfSent += digit;
    this.#lastCallerActivityMs = atMs;
    this.#emit({ type: 'dtmf', atMs, digit });
  }

  /** Sends every frame due by call time `now`; records how late each went in real time. */
  #sendDueFrames(now: number): void {
    let sent = 0;
    while (
      this.#state === 'open' &&
      this.#nextFrameIndex * FRAME_DURATION_MS <= now + FRAME_DUE_TOLERANCE_MS &&
      sent < MAX_CATCH_UP_FRAMES
    ) {
      const dueMs = this.#nextFrameIndex * FRAME_DURATION_MS;
      if (!this.fast && this.#nextFrameIndex > 0) this.#metrics.sendLatenessMs.record(now - dueMs);
      this.#sendFrame();
      sent++;
    }
    if (sent === MAX_CATCH_UP_FRAMES) {
      // too far behind to catch up: skip the missed frames as a phone's jitter would
      this.#nextFrameIndex = Math.floor(now / FRAME_DURATION_MS) + 1;
    }
  }

  #sendFrame(): void {
    const frameIndex = this.#nextFrameIndex++;
    const queued = this.#caller.hasQueuedAudio;
    const payload = this.#caller.next(frameIndex * FRAME_DURATION_MS);
    if (this.#options.loseCallerFrames?.(frameIndex)) {
      this.#framesLost++;
      return;
    }
    this.#send(this.#dialect.mediaMessage(payload, frameIndex));
    this.#framesSent++;
    if (queued) this.#audioFramesSent++;
  }

  // ---- time ------------------------------------------------------------------------------

  #onTick(): void {
    if (this.#state !== 'open') return;
    const now = this.now();
    this.#sendDueFrames(now);
    this.#runDueActions(now);
    this.#playout.advanceTo(this.now());
    this.#checkEndConditions();
  }

  /** Schedules `run` at call time `atMs` (at once if past). */
  #schedule(atMs: number, run: () => void): void {
    const action = { atMs, run };
    const index = this.#timeline.findIndex((other) => other.atMs > atMs);
    if (index === -1) this.#timeline.push(action);
    else this.#timeline.splice(index, 0, action);
    if (atMs <= this.now()) this.#runDueActions(this.now());
    this.#kickFastPump();
  }

  #runDueActions(now: number): void {
    while (this.#state === 'open' && this.#timeline.length > 0 && this.#timeline[0]!.atMs <= now) {
      this.#timeline.shift()!.run();
    }
  }

  #checkEndConditions(): void {
    if (this.#state !== 'open') return;
    const now = this.now();
    if (now >= this.#maxDurationMs) {
      void this.hangUp();
      return;
    }
    const quietMs = this.#hangUpWhenQuietMs;
    if (
      quietMs !== undefined &&
      this.#triggers.length === 0 &&
      this.#timeline.length === 0 &&
      !this.#caller.hasQueuedAudio &&
      now - Math.max(this.#lastAudibleEndMs, this.#lastCallerActivityMs) >= quietMs
    ) {
      void this.hangUp();
    }
  }

  /**
   * Fast mode: sends queued caller audio, then silence up to the next timed script action, as
   * fast as the event loop allows, one frame per turn so the bot's replies land in between.
   * It stops while the script waits for something the bot does (time then flows at wall speed).
   */
  #kickFastPump(): void {
    if (!this.fast || this.#pumping || this.#state !== 'open') return;
    this.#pumping = true;
    void this.#pumpFast().finally(() => {
      this.#pumping = false;
    });
  }

  async #pumpFast(): Promise<void> {
    while (this.#state === 'open') {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.#state !== 'open') return;
      this.#runDueActions(this.now());
      const hasAudio = this.#caller.hasQueuedAudio;
      const nextAction = this.#timeline[0];
      const skipToAction = nextAction !== undefined && this.#triggers.length === 0;
      if (!hasAudio && !skipToAction) return;
      const frameStartMs = this.#nextFrameIndex * FRAME_DURATION_MS;
      if (nextAction !== undefined && nextAction.atMs < frameStartMs) {
        // an action falls before the next frame: move the clock to it exactly and run it
        if (nextAction.atMs > this.now()) this.#skippedMs += nextAction.atMs - this.now();
        this.#runDueActions(this.now());
        continue;
      }
      if (frameStartMs > this.now()) this.#skippedMs += frameStartMs - this.now();
      this.#sendFrame();
      this.#playout.advanceTo(this.now());
      this.#checkEndConditions();
    }
  }

  // ---- script ------------------------------------------------------------------------------

  #armStep(at: StepTime, action: ScriptAction): void {
    const run = (): void => this.#runScriptAction(action);
    if (typeof at === 'number') {
      this.#schedule(at, run);
      return;
    }
    const trigger: EventTrigger = {
      type: at.after,
      occurrence: at.occurrence ?? 1,
      delayMs: at.delayMs ?? 0,
      run,
    };
    const seen = this.#eventCounts.get(trigger.type) ?? 0;
    if (seen >= trigger.occurrence) {
      const event = [...this.#eventLog]
        .reverse()
        .find((entry) => entry.event.type === trigger.type)?.event;
      this.#schedule((event?.atMs ?? this.now()) + trigger.delayMs, run);
      return;
    }
    this.#triggers.push(trigger);
  }

  #runScriptAction(action: ScriptAction): void {
    if ('play' in action) {
      void this.#enqueueCaller(action.play.frames);
    } else if ('dtmf' in action) {
      void this.sendDtmf(action.dtmf);
    } else {
      void this.hangUp();
    }
  }

  // ---- bot side ----------------------------------------------------------------------------

  #onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.#state !== 'open') return;
    const now = this.now();
    const message = isBinary ? toBytes(data) : data.toString();
    const reading = this.#dialect.readBotMessage(message);
    for (const violation of reading.violations) this.#reportViolation(violation, message, now);
    if (reading.command) this.#execute(reading.command, now);
  }

  #execute(command: BotCommand, now: number): void {
    switch (command.kind) {
      case 'audio':
        this.#receiveAudio(command.payload, command.byteLength, now);
        return;
      case 'mark':
        this.#marksReceived++;
        this.#playout.enqueueMark(command.name, now);
        return;
      case 'clear': {
        const result = this.#playout.clear(now);
        this.#clears.push({ atMs: now, discardedMs: result.discardedMs });
        this.#lastAudibleEndMs = Math.min(this.#lastAudibleEndMs, now);
        this.#lastBotMediaWallMs = undefined;
        for (const name of result.pendingMarks) {
          if (this.#dialect.answersPendingMarksOnClear) this.#answerMark(name, now, true);
          else this.#marksDroppedOnClear++;
        }
        const answer = this.#dialect.clearAnswer();
        if (answer !== undefined) this.#send(answer);
        this.#emit({
          type: 'clear',
          atMs: now,
          discardedMs: result.discardedMs,
          pendingMarks: result.pendingMarks,
        });
        return;
      }
      case 'dtmf':
        this.#botDtmf += command.digits;
        this.#emit({ type: 'bot-dtmf', atMs: now, digits: command.digits });
        return;
    }
  }

  #receiveAudio(payload: string, byteLength: number, now: number): void {
    const samples = byteLength / this.codec.bytesPerSample;
    const durationMs = (samples * 1000) / this.codec.sampleRate;
    const continuing = this.#playout.utteranceActive;
    const needsPcm = this.#recorder !== undefined || this.#hangUpWhenQuietMs !== undefined;
    const pcm = needsPcm ? this.codec.decode(decodeBase64(payload)) : undefined;
    if (!this.#playout.enqueueAudio(samples, this.#recorder ? pcm : undefined, now)) {
      this.#reportViolation(
        {
          rule: 'buffer-limit',
          detail: `more than ${this.#options.maxBufferedAudioMs ?? defaultCallOptions.maxBufferedAudioMs} ms of bot audio buffered unplayed; the simulator dropped this message`,
          rejected: true,
        },
        payload,
        now,
      );
      return;
    }
    this.#botMediaMessages++;
    if (pcm && !isSilence(pcm)) this.#lastAudibleEndMs = now + this.#playout.bufferedMs;
    const wallNow = this.#clock.now();
    if (!this.fast && continuing && this.#lastBotMediaWallMs !== undefined) {
      this.#metrics.outboundJitterMs.record(
        Math.abs(wallNow - this.#lastBotMediaWallMs - this.#lastBotMediaDurationMs),
      );
    }
    this.#lastBotMediaWallMs = wallNow;
    this.#lastBotMediaDurationMs = durationMs;
    if (this.#firstBotAudioMs === undefined) {
      this.#firstBotAudioMs = now;
      this.#metrics.firstAudioMs.record(now);
      this.#emit({ type: 'first-bot-audio', atMs: now });
    }
  }

  #answerMark(name: string, atMs: number, onClear: boolean): void {
    if (this.#state !== 'open') return;
    this.#send(this.#dialect.markAnswer(name));
    if (onClear) this.#marksAnsweredOnClear++;
    else this.#marksAnsweredAfterPlayout++;
    this.#emit({ type: 'mark', atMs, name, onClear });
  }

  #reportViolation(violation: ProtocolViolation, message: string | Uint8Array, atMs: number): void {
    this.#protocolErrorCount++;
    const error: ProtocolError = {
      ...violation,
      atMs,
      message:
        typeof message === 'string'
          ? snippet(message, 300)
          : `<binary frame of ${message.length} bytes>`,
    };
    if (this.#protocolErrors.length < MAX_PROTOCOL_ERRORS_KEPT) this.#protocolErrors.push(error);
    if (this.#options.sendErrorFrames ?? defaultCallOptions.sendErrorFrames) {
      const frame = this.#dialect.errorMessage(violation);
      if (frame !== undefined) this.#send(frame);
    }
    this.#emit({ type: 'protocol-error', atMs, error });
  }

  // ---- events and ending -------------------------------------------------------------------

  #emit(event: CallEvent): void {
    this.#eventCounts.set(event.type, (this.#eventCounts.get(event.type) ?? 0) + 1);
    const reportedAtMs = Math.max(event.atMs, this.now());
    this.#eventLog.push({ event, reportedAtMs });
    if (this.#eventLog.length > MAX_EVENT_LOG_ENTRIES) this.#eventLog.shift();
    for (const waiter of [...this.#waiters]) {
      if (
        waiter.type === event.type &&
        reportedAtMs >= waiter.sinceMs &&
        (!waiter.where || waiter.where(event))
      ) {
        this.#waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(event);
      }
    }
    const count = this.#eventCounts.get(event.type)!;
    const fired = this.#triggers.filter(
      (trigger) => trigger.type === event.type && trigger.occurrence <= count,
    );
    if (fired.length > 0) {
      this.#triggers = this.#triggers.filter((trigger) => !fired.includes(trigger));
      for (const trigger of fired) this.#schedule(event.atMs + trigger.delayMs, trigger.run);
    }
    void this.#emitter.emit(event.type, event as never);
  }

  #send(message: string): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    this.#socket.send(message);
  }

  /** Stops the call's timeline at now: what has played stays, nothing more plays or is sent. */
  #finishTimeline(side: HangUpSide): void {
    const now = this.now();
    this.#playout.advanceTo(now);
    this.#endMs = now;
    this.#state = 'closing';
    this.#hungUpBy ??= side;
    this.#unsubscribeTick?.();
    this.#unsubscribeTick = undefined;
    this.#caller.cancel(now);
    this.#timeline = [];
    this.#triggers = [];
  }

  #closeSocket(code: number, reason: string): void {
    this.#socket.close(code, reason);
    this.#closeTimer = setTimeout(
      () => this.#socket.terminate(),
      this.#options.closeTimeoutMs ?? defaultCallOptions.closeTimeoutMs,
    );
    this.#closeTimer.unref?.();
  }

  #onClose(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    if (this.#state === 'open') this.#finishTimeline(this.#socketError ? 'error' : 'bot');
    this.#state = 'closed';
    if (this.#closeTimer) clearTimeout(this.#closeTimer);
    this.#close = { code, reason };
    const atMs = this.now();
    this.#emit({ type: 'closed', atMs, code, reason, by: this.#hungUpBy! });
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(
        new Error(
          `call ended (${this.#hungUpBy} hung up, close code ${code}) before a "${waiter.type}" event`,
        ),
      );
    }
    this.#waiters.clear();
    this.#resolveEnded(this.summary());
  }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/**
 * Calls the bot at `options.url` as `options.provider` would: with `options.webhook`, first posts
 * the provider's signed call webhook and reads the stream the answer names; then connects (with
 * the provider's upgrade headers and signature), sends the opening messages and starts streaming
 * the caller's audio (silence until told otherwise). Resolves with the live call once the stream
 * has started.
 * @throws WebhookRefusedError when the webhook does not answer with a stream.
 * @throws CallRefusedError when the server answers the upgrade with an HTTP status instead.
 */
export function startCall(options: CallOptions): Promise<SimulatedCall> {
  return SimulatedCall.start(options);
}

/** The outcome of `runCall`. */
export interface CallResult {
  /** Everything measured. */
  summary: CallSummary;
  /** What the caller heard, when recorded. */
  recording: RecordedAudio | undefined;
}

/**
 * Runs a whole scripted call: starts it, lets the script play out, and resolves once the call
 * has ended (by the script, `hangUpWhenQuietMs`, `maxDurationMs` or the bot).
 */
export async function runCall(options: CallOptions): Promise<CallResult> {
  const call = await startCall(options);
  const summary = await call.ended;
  return { summary, recording: options.record === false ? undefined : call.recording() };
}
