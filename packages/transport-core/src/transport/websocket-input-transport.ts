import { downmixToMono } from '../audio/index.js';
import type { TimerHandle } from '../clock/clock.js';
import { InputAudioRawFrame } from '../frames/audio-frames.js';
import type { Frame } from '../frames/frame.js';
import {
  CancelFrame,
  CancelTaskFrame,
  EndFrame,
  InterruptionFrame,
  StartFrame,
} from '../frames/lifecycle-frames.js';
import {
  BotStartedSpeakingFrame,
  BotStoppedSpeakingFrame,
  UserSpeakingFrame,
  UserStartedSpeakingFrame,
  UserStoppedSpeakingFrame,
  VADUserStartedSpeakingFrame,
  VADUserStoppedSpeakingFrame,
} from '../frames/speech-frames.js';
import { StreamStoppedFrame } from '../frames/telephony-frames.js';
import { ClientConnectedFrame } from '../frames/transport-frames.js';
import {
  FilterEnableFrame,
  UserInputMuteFrame,
  UserMuteStartedFrame,
  UserMuteStoppedFrame,
  VADParamsUpdateFrame,
} from '../frames/user-input-frames.js';
import type { FrameDirection } from '../pipeline/frame-direction.js';
import {
  FrameProcessor,
  type FrameProcessorOptions,
  type FrameProcessorSetup,
} from '../pipeline/frame-processor.js';
import { isMessageRejectedError } from '../serializer/message-rejected-error.js';
import {
  describeSupportedSampleRates,
  type VADAnalysis,
  type VADAnalyzer,
} from '../vad/vad-analyzer.js';
import type { VADParams } from '../vad/vad-params.js';
import { AudioInFilterStage } from './audio-in-filter-stage.js';
import { CallerAudioGaps } from './caller-audio-gaps.js';
import { InterruptionGate } from './interruption-policy.js';
import type { TransportSession } from './transport-session.js';
import { UserInputMute } from './user-input-mute.js';
import type { WebSocketMessage } from './websocket-message-buffer.js';

/** While the caller speaks, a `UserSpeakingFrame` goes out every this many ms of caller audio. */
export const USER_SPEAKING_FRAME_PERIOD_MS = 200;

/**
 * While the caller speaks, if no caller audio arrives for this long (a client that stopped
 * streaming), the speech is reported stopped (Pipecat's `audio_idle_timeout`).
 */
export const VAD_AUDIO_IDLE_TIMEOUT_MS = 1000;

/** What the input processor needs from its transport. @internal */
export interface InputTransportHooks {
  /** Fires `clientConnected`. */
  clientConnected(): void;
  /** Fires `sessionTimeout`. */
  sessionTimeout(): void;
  /** True when the transport refused the connection's origin. */
  readonly originRejected: boolean;
  /** True when the app gave the transport its own logger. */
  readonly explicitLogger: boolean;
}

/**
 * The input side of a `WebSocketTransport`: turns socket messages into frames through the
 * serializer, runs the VAD on caller audio, interrupts the bot as `interruptions` says, and ends
 * the pipeline when the connection is lost. It applies the `VADParamsUpdateFrame`s and
 * `UserInputMuteFrame`s that reach it, pushed upstream by a processor or queued by the task.
 * Create it with `transport.input()`.
 */
export class WebSocketInputTransport extends FrameProcessor {
  readonly #session: TransportSession;
  readonly #hooks: InputTransportHooks;
  #running = false;
  #ending = false;
  #left = false;
  #lossPending = false;
  #inbound: Frame[] = [];
  #inboundHead = 0;
  #draining = false;
  #sessionTimer: TimerHandle | undefined;
  #firstAudioTimer: TimerHandle | undefined;
  #botSpeaking = false;
  #vad: VADAnalyzer | undefined;
  #vadSampleRate: number | undefined;
  #userSpeaking = false;
  #samplesSinceUserSpeakingFrame = 0;
  #lastCallerAudioMs = 0;
  #audioIdleTimer: TimerHandle | undefined;
  #warnedInboundOverflow = false;
  readonly #interruption: InterruptionGate;
  readonly #mute: UserInputMute;
  readonly #filter: AudioInFilterStage | undefined;
  readonly #gaps: CallerAudioGaps | undefined;
  #gapsReported = false;

  /** @internal Use `transport.input()`. */
  constructor(
    session: TransportSession,
    hooks: InputTransportHooks,
    options: FrameProcessorOptions,
  ) {
    super(options);
    this.#session = session;
    this.#hooks = hooks;
    this.#vad = session.params.vadAnalyzer;
    this.#interruption = new InterruptionGate(
      session.params.interruptions,
      session.params.minInterruptionSpeechSecs,
    );
    this.#mute = new UserInputMute(session.params.muteUserInputUntilFirstBotTurnEnds);
    const filter = session.params.audioInFilter;
    this.#filter = filter ? new AudioInFilterStage(filter) : undefined;
    this.#gaps = session.params.fillCallerAudioGaps
      ? new CallerAudioGaps(session.params.maxCallerAudioGapMs)
      : undefined;
    session.onLoss(() => this.#onConnectionLost());
  }

  /** True while the bot is speaking, as the output reported it. */
  get botSpeaking(): boolean {
    return this.#botSpeaking;
  }

  /**
   * The rate the VAD listens at, in Hz, once caller audio has arrived: the call's own (wire) rate
   * when the engine supports it, else the pipeline's; `undefined` before or without a VAD.
   */
  get vadSampleRate(): number | undefined {
    return this.#vad ? this.#vadSampleRate : undefined;
  }

  /** True while the VAD says the caller is speaking. */
  get userSpeaking(): boolean {
    return this.#userSpeaking;
  }

  /** True while the caller's input is muted (`UserInputMuteFrame`, `muteUserInputUntilFirstBotTurnEnds`). */
  get userInputMuted(): boolean {
    return this.#mute.muted;
  }

  override async setup(setup: FrameProcessorSetup): Promise<void> {
    await super.setup(setup);
    this.#session.useRuntime(setup, this.#hooks.explicitLogger);
    this.logger = this.#session.logger;
    this.#session.connection.join();
    if (this.#session.params.serializer === undefined) {
      this.logger.warn(
        'WebSocketTransport has no serializer: every inbound message is ignored and nothing is sent; pass `serializer` (a provider serializer, e.g. from detectProvider, or RawAudioSerializer for raw PCM clients)',
      );
    }
  }

  override async cleanup(): Promise<void> {
    this.#stop();
    void this.#leave();
    await super.cleanup();
  }

  protected override processFrame(frame: Frame, direction: FrameDirection): Promise<void> | void {
    if (StartFrame.is(frame)) {
      this.pushFrame(frame, direction);
      return this.#start(frame);
    }
    if (EndFrame.is(frame) || CancelFrame.is(frame)) {
      this.#stop();
      // leave first, so the output (downstream) is the last user and closes the socket
      void this.#leave();
      this.pushFrame(frame, direction);
    } else {
      if (frame.kind === 'system') this.#applySystemFrame(frame);
      this.pushFrame(frame, direction);
    }
  }

  /**
   * Acts on the system frames the input follows, whichever way they come: the bot speaking
   * (from the output, upstream), and user input controls (pushed upstream by a processor or
   * queued downstream by the task).
   */
  #applySystemFrame(frame: Frame): void {
    if (BotStartedSpeakingFrame.is(frame)) this.#botSpeaking = true;
    else if (BotStoppedSpeakingFrame.is(frame)) this.#botStoppedSpeaking();
    else if (UserInputMuteFrame.is(frame)) this.#setMuted(frame.muted);
    else if (VADParamsUpdateFrame.is(frame)) this.#updateVADParams(frame.params);
    else if (FilterEnableFrame.is(frame)) this.#enableFilter(frame.enabled);
  }

  #enableFilter(enabled: boolean): void {
    if (this.#filter?.setEnabled(enabled)) {
      this.logger.debug(enabled ? 'audioInFilter on' : 'audioInFilter off');
    } else {
      this.logger.debug('FilterEnableFrame ignored: the transport has no audioInFilter');
    }
  }

  #setMuted(muted: boolean): void {
    if (this.#mute.set(muted)) this.#muteChanged();
  }

  #botStoppedSpeaking(): void {
    this.#botSpeaking = false;
    if (this.#mute.botTurnEnded()) this.#muteChanged();
  }

  /**
   * The input was just muted or unmuted. Muting ends the caller's turn at once (stop frames; a
   * pending interruption is dropped); either way the VAD starts afresh, as it hears nothing while
   * muted.
   */
  #muteChanged(): void {
    const muted = this.#mute.muted;
    this.logger.debug(muted ? 'caller input muted' : 'caller input unmuted');
    if (muted && this.#userSpeaking) this.#userStopped(this.#vad?.params.stopSecs ?? 0);
    this.pushFrame(muted ? new UserMuteStartedFrame() : new UserMuteStoppedFrame());
    if (this.#vad && this.#vad.sampleRate !== 0) this.#vad.reset();
  }

  /**
   * Applies a `VADParamsUpdateFrame`: the VAD keeps its state. A bad value throws (the base
   * class turns it into an `ErrorFrame`) and leaves the params as they were.
   */
  #updateVADParams(params: Readonly<Partial<VADParams>>): void {
    const vad = this.#vad;
    if (!vad) {
      this.logger.debug('VADParamsUpdateFrame ignored: the transport runs no VAD');
      return;
    }
    vad.setParams(params);
    this.logger.debug({ params: vad.params }, 'VAD params updated');
  }

  /**
   * Starts the call: the `audioInFilter` first (caller audio is read once it has started), then
   * the timers and the connection's messages.
   */
  #start(frame: StartFrame): Promise<void> | void {
    const session = this.#session;
    const rates = session.start(frame);
    const filterStarted = this.#filter?.start(
      rates.audioInSampleRate,
      session.params.audioInChannels,
      this.logger,
    );
    if (filterStarted === undefined) {
      this.#begin(rates.audioInSampleRate);
      return;
    }
    return filterStarted.then(() => {
      if (!this.#ending) this.#begin(rates.audioInSampleRate);
    });
  }

  #begin(audioInSampleRate: number): void {
    const session = this.#session;
    const connection = session.connection;
    if (this.#hooks.originRejected || connection.closedByUs) {
      this.pushFrame(new CancelTaskFrame('the connection was refused'), 'upstream');
      return;
    }
    if (connection.lost || this.#lossPending) {
      this.pushFrame(
        new CancelTaskFrame('the client disconnected before the pipeline started'),
        'upstream',
      );
      return;
    }
    this.#running = true;
    // The VAD's rate is settled by the first caller audio (the call's wire rate when the engine
    // supports it); set the pipeline rate now when it can, so analysis starts without a reset.
    if (this.#vad?.canAnalyzeSampleRate(audioInSampleRate)) {
      this.#vad.setSampleRate(audioInSampleRate);
    }
    const timeoutSecs = session.params.sessionTimeoutSecs;
    if (timeoutSecs !== undefined) {
      this.#sessionTimer = this.clock.setTimeout(() => {
        this.#sessionTimer = undefined;
        this.logger.info({ timeoutSecs }, 'session timeout');
        this.#hooks.sessionTimeout();
      }, timeoutSecs * 1000);
    }
    const firstAudioTimeoutMs = session.params.firstAudioTimeoutMs;
    if (firstAudioTimeoutMs !== undefined) {
      this.#firstAudioTimer = this.clock.setTimeout(() => {
        this.#firstAudioTimer = undefined;
        connection.endForPolicy(
          'no-audio',
          `no caller audio within ${firstAudioTimeoutMs} ms of the start`,
        );
      }, firstAudioTimeoutMs);
    }
    this.#hooks.clientConnected();
    this.pushFrame(new ClientConnectedFrame());
    if (this.#mute.muted) this.pushFrame(new UserMuteStartedFrame()); // muted until the greeting ends
    connection.deliverTo(this.#onMessage);
  }

  #stop(): void {
    this.#ending = true;
    this.#running = false;
    if (this.#sessionTimer !== undefined) this.clock.clearTimeout(this.#sessionTimer);
    this.#sessionTimer = undefined;
    this.#clearFirstAudioTimer();
    this.#clearAudioIdleTimer();
    this.#inbound = [];
    this.#inboundHead = 0;
    this.#filter?.stop();
  }

  async #leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    await this.#session.connection.leave();
  }

  #onConnectionLost(): void {
    if (!this.#running) {
      if (!this.#ending) this.#lossPending = true;
      return;
    }
    this.#stop();
    this.pushFrame(new CancelTaskFrame('the client disconnected'), 'upstream');
  }

  readonly #onMessage = (message: WebSocketMessage): void => {
    const serializer = this.#session.params.serializer;
    if (!serializer) return;
    let result: Frame | readonly Frame[] | undefined;
    try {
      result = serializer.deserialize(message);
    } catch (error) {
      this.#skip(error, message);
      return;
    }
    if (result === undefined) return;
    if (Array.isArray(result)) {
      for (const frame of result as readonly Frame[]) this.#route(frame);
    } else {
      this.#route(result as Frame);
    }
  };

  #skip(error: unknown, message: WebSocketMessage): void {
    const rejected = isMessageRejectedError(error);
    const kind = rejected ? error.kind : 'deserialize-error';
    if (!this.#session.stats.countSkipped(kind)) return;
    const size = typeof message === 'string' ? message.length : message.byteLength;
    this.logger.warn(
      { kind, messageSize: size, err: rejected ? undefined : error },
      `skipping inbound messages of kind "${kind}" (first one: ${
        rejected ? error.reason : error instanceof Error ? error.message : String(error)
      }); the call goes on`,
    );
  }

  #route(frame: Frame): void {
    if (StreamStoppedFrame.is(frame)) this.#session.connection.callerHungUp = true;
    if (!this.#running) return;
    if (!InputAudioRawFrame.is(frame)) {
      if (this.#draining) this.#enqueue(frame);
      else this.#pushInbound(frame);
      return;
    }
    if (this.#firstAudioTimer !== undefined) this.#clearFirstAudioTimer();
    if (!this.#session.params.audioInEnabled) return;
    // gaps are followed while muted too, so unmuting does not look like one
    const silence = this.#gaps === undefined ? undefined : this.#silenceBefore(frame);
    if (this.#mute.muted) return;
    const filter = this.#filter;
    if (silence !== undefined) this.#routeAudio(filter ? filter.apply(silence) : silence);
    this.#routeAudio(filter ? filter.apply(frame) : frame);
  }

  /** Caller audio (filtered) to the VAD and on, in order behind any analysis still pending. */
  #routeAudio(frame: InputAudioRawFrame): void {
    if (this.#draining) {
      this.#enqueue(frame);
      return;
    }
    this.#pushInbound(frame);
    if (!this.#vad) return;
    // Nothing waits: the VAD usually answers at once (no promise per message); an engine that
    // answers later holds what follows until it has.
    const pending = this.#analyze(frame);
    if (pending !== undefined) void this.#drainAfter(pending);
  }

  /**
   * The silence to insert before `frame` when the provider's timestamps or chunk numbers show
   * audio went missing, as a frame like it (with `wireAudio` when it has one).
   */
  #silenceBefore(frame: InputAudioRawFrame): InputAudioRawFrame | undefined {
    const timestampMs = frame.mediaTimestampMs;
    const chunk = frame.mediaChunk;
    if (timestampMs === undefined && chunk === undefined) return undefined;
    const gaps = this.#gaps!;
    const wire = frame.wireAudio;
    const durationMs =
      wire === undefined
        ? (frame.numFrames * 1000) / frame.sampleRate
        : (wire.audio.length * 1000) / wire.sampleRate;
    const silenceMs = gaps.silenceBefore(timestampMs, chunk, durationMs, this.clock.now());
    if (silenceMs <= 0) {
      if (gaps.stoppedAsUnreliable && !this.#gapsReported) this.#reportUnreliableGaps();
      return undefined;
    }
    const samples = Math.floor((silenceMs * frame.sampleRate) / 1000);
    if (samples === 0) return undefined;
    const silence = new InputAudioRawFrame(
      new Int16Array(samples * frame.numChannels),
      frame.sampleRate,
      frame.numChannels,
    );
    if (wire !== undefined) {
      const wireSamples = Math.round((samples * wire.sampleRate) / frame.sampleRate);
      silence.wireAudio = { audio: new Int16Array(wireSamples), sampleRate: wire.sampleRate };
    }
    const insertedMs = (samples * 1000) / frame.sampleRate;
    gaps.inserted(insertedMs);
    const stats = this.#session.stats;
    if (stats.callerAudioGapsFilled++ === 0) {
      this.logger.debug(
        { silenceMs: insertedMs, mediaTimestampMs: timestampMs, mediaChunk: chunk },
        'caller audio went missing: inserting silence in its place (fillCallerAudioGaps)',
      );
    }
    stats.callerSilenceInsertedMs += insertedMs;
    return silence;
  }

  #reportUnreliableGaps(): void {
    this.#gapsReported = true;
    this.logger.warn(
      'most caller audio frames look like they follow a gap: the provider numbers its media in another way than expected; no more silence is inserted for this call',
    );
  }

  /** Queues a frame behind a pending analysis, dropping it past `inboundQueueLimit`. */
  #enqueue(frame: Frame): void {
    if (this.#inbound.length - this.#inboundHead >= this.#session.params.inboundQueueLimit) {
      this.#session.stats.messagesDropped++;
      if (!this.#warnedInboundOverflow) {
        this.#warnedInboundOverflow = true;
        this.logger.warn(
          { limit: this.#session.params.inboundQueueLimit },
          'the VAD is falling behind the caller audio; dropping inbound frames',
        );
      }
      return;
    }
    this.#inbound.push(frame);
  }

  #pushInbound(frame: Frame): void {
    if (InputAudioRawFrame.is(frame)) {
      if (this.#session.params.audioInPassthrough) this.pushFrame(frame);
    } else {
      this.pushFrame(frame);
    }
  }

  /**
   * Holds inbound frames while the VAD works on `pending`, then hands them on in order, each
   * audio frame analysed before the next.
   */
  async #drainAfter(pending: Promise<void>): Promise<void> {
    this.#draining = true;
    try {
      await pending;
      while (this.#running && this.#inboundHead < this.#inbound.length) {
        const frame = this.#inbound[this.#inboundHead]!;
        this.#inbound[this.#inboundHead++] = undefined as unknown as Frame;
        const isAudio = InputAudioRawFrame.is(frame);
        if (isAudio && this.#mute.muted) continue; // muted while it waited
        this.#pushInbound(frame);
        if (this.#vad && isAudio) {
          const next = this.#analyze(frame);
          if (next !== undefined) await next;
        }
      }
    } finally {
      this.#inbound = [];
      this.#inboundHead = 0;
      this.#draining = false;
    }
  }

  /** Runs the VAD on a frame: synchronously, or a promise when the engine answers later. */
  #analyze(frame: InputAudioRawFrame): Promise<void> | undefined {
    const vad = this.#vad;
    if (!vad) return undefined;
    this.#lastCallerAudioMs = this.clock.now();
    const source = this.#vadSource(frame, vad);
    if (!source) return undefined;
    const { audio, sampleRate } = source;
    let analysis: VADAnalysis | Promise<VADAnalysis>;
    try {
      if (vad.sampleRate !== sampleRate) vad.setSampleRate(sampleRate);
      analysis = vad.analyze(audio);
    } catch (error) {
      this.#vadFailed(error);
      return undefined;
    }
    if (!(analysis instanceof Promise)) {
      this.#afterAnalysis(vad, analysis, audio.length, sampleRate);
      return undefined;
    }
    return analysis.then(
      (result) => this.#afterAnalysis(vad, result, audio.length, sampleRate),
      (error: unknown) => this.#vadFailed(error),
    );
  }

  #vadFailed(error: unknown): void {
    this.logger.error({ err: error }, 'VAD failed; caller audio goes on without it');
    this.#vad = undefined;
  }

  #afterAnalysis(
    vad: VADAnalyzer,
    { transitions, state }: VADAnalysis,
    samples: number,
    sampleRate: number,
  ): void {
    // an analysis that finished after the input was muted heard audio from before the mute
    if (!this.#running || this.#mute.muted) return;
    // an indexed loop: no iterator per message (transitions are usually empty)
    for (let index = 0; index < transitions.length; index++) {
      if (transitions[index] === 'started') this.#userStarted(vad);
      else this.#userStopped(vad.params.stopSecs);
    }
    if (this.#userSpeaking && (state === 'speaking' || state === 'stopping')) {
      if (this.#interruption.pending) {
        const speechSecs = state === 'speaking' ? samples / sampleRate : 0;
        this.#interruptIfDue(speechSecs);
      }
      this.#samplesSinceUserSpeakingFrame += samples;
      if (
        this.#samplesSinceUserSpeakingFrame * 1000 >=
        USER_SPEAKING_FRAME_PERIOD_MS * sampleRate
      ) {
        this.#samplesSinceUserSpeakingFrame = 0;
        this.pushFrame(new UserSpeakingFrame());
      }
    }
  }

  /**
   * The audio the VAD hears: the frame's wire audio (the call's own rate, before resampling) when
   * the engine supports that rate, else the pipeline audio (mixed down to mono). Says once which
   * rate it settled on; without a supported rate the VAD is turned off with an error.
   */
  #vadSource(
    frame: InputAudioRawFrame,
    vad: VADAnalyzer,
  ): { audio: Int16Array; sampleRate: number } | undefined {
    const wire = frame.wireAudio;
    let source: { audio: Int16Array; sampleRate: number };
    if (wire !== undefined && vad.canAnalyzeSampleRate(wire.sampleRate)) {
      source = wire;
    } else if (vad.canAnalyzeSampleRate(frame.sampleRate)) {
      source = {
        audio: frame.numChannels === 2 ? downmixToMono(frame.audio, 2) : frame.audio,
        sampleRate: frame.sampleRate,
      };
    } else {
      const callRate = wire === undefined ? '' : ` or the call's rate (${wire.sampleRate} Hz)`;
      this.logger.error(
        { pipelineSampleRate: frame.sampleRate, wireSampleRate: wire?.sampleRate },
        `VAD disabled: ${vad.constructor.name} cannot analyse the caller audio at the pipeline rate (${frame.sampleRate} Hz)${callRate}; ${describeSupportedSampleRates(vad)}: set audioInSampleRate (the pipeline's or the transport's) to one of them. The call goes on without the VAD`,
      );
      this.#vad = undefined;
      return undefined;
    }
    if (this.#vadSampleRate !== source.sampleRate) {
      this.#vadSampleRate = source.sampleRate;
      this.logger.debug(
        { sampleRate: source.sampleRate, wire: source === wire },
        source === wire
          ? "the VAD listens at the call's own rate"
          : 'the VAD listens at the pipeline rate',
      );
    }
    return source;
  }

  #userStarted(vad: VADAnalyzer): void {
    this.#userSpeaking = true;
    this.pushFrame(new VADUserStartedSpeakingFrame(vad.params.startSecs));
    this.pushFrame(new UserStartedSpeakingFrame());
    if (this.interruptionsAllowed) {
      this.#interruption.turnStarted(vad.params.startSecs);
      this.#interruptIfDue(0);
    }
    this.#samplesSinceUserSpeakingFrame = 0;
    this.pushFrame(new UserSpeakingFrame());
    this.#armAudioIdleTimer(this.#lastCallerAudioMs + VAD_AUDIO_IDLE_TIMEOUT_MS);
  }

  /** The caller has spoken `speechSecs` more of their turn: interrupts when the policy says so. */
  #interruptIfDue(speechSecs: number): void {
    if (!this.#interruption.shouldInterrupt(speechSecs, this.#botSpeaking)) return;
    this.logger.debug(
      { botSpeaking: this.#botSpeaking },
      this.#botSpeaking
        ? 'the caller is speaking over the bot: interrupting'
        : 'the caller is speaking: interrupting the reply in progress',
    );
    this.broadcastFrame(() => new InterruptionFrame());
  }

  #userStopped(stopSecs: number): void {
    this.#userSpeaking = false;
    this.#interruption.turnEnded();
    this.#clearAudioIdleTimer();
    this.pushFrame(new VADUserStoppedSpeakingFrame(stopSecs));
    this.pushFrame(new UserStoppedSpeakingFrame());
  }

  /** One timer while the caller speaks, re-armed from the latest audio only when it fires. */
  #armAudioIdleTimer(dueMs: number): void {
    this.#audioIdleTimer = this.clock.setTimeout(() => {
      this.#audioIdleTimer = undefined;
      const vad = this.#vad;
      if (!this.#userSpeaking || !vad || !this.#running) return;
      const idleDueMs = this.#lastCallerAudioMs + VAD_AUDIO_IDLE_TIMEOUT_MS;
      if (this.clock.now() < idleDueMs) {
        this.#armAudioIdleTimer(idleDueMs);
        return;
      }
      this.logger.warn(
        { idleMs: VAD_AUDIO_IDLE_TIMEOUT_MS },
        'no caller audio while the caller was speaking; reporting the speech stopped',
      );
      vad.reset();
      this.#userStopped(vad.params.stopSecs);
    }, dueMs - this.clock.now());
  }

  #clearFirstAudioTimer(): void {
    if (this.#firstAudioTimer !== undefined) this.clock.clearTimeout(this.#firstAudioTimer);
    this.#firstAudioTimer = undefined;
  }

  #clearAudioIdleTimer(): void {
    if (this.#audioIdleTimer !== undefined) this.clock.clearTimeout(this.#audioIdleTimer);
    this.#audioIdleTimer = undefined;
  }
}
