import type { AudioOutMixer } from '../audio/audio-out-mixer.js';
import { DtmfToneGenerator } from '../audio/dtmf-tone-generator.js';
import { int16FromBytes, isSilence, pcmToWav, upmixMono } from '../audio/index.js';
import {
  OutputAudioRawFrame,
  SpeechOutputAudioRawFrame,
  TTSAudioRawFrame,
} from '../frames/audio-frames.js';
import { OutputDTMFFrame, OutputDTMFUrgentFrame } from '../frames/dtmf-frames.js';
import type { Frame } from '../frames/frame.js';
import {
  CancelFrame,
  EndFrame,
  InterruptionFrame,
  StartFrame,
} from '../frames/lifecycle-frames.js';
import { MixerControlFrame } from '../frames/mixer-frames.js';
import {
  BotSpeakingFrame,
  BotStartedSpeakingFrame,
  BotStoppedSpeakingFrame,
  TTSStoppedFrame,
} from '../frames/speech-frames.js';
import { PlaybackMarkFrame } from '../frames/telephony-frames.js';
import {
  OutputTransportMessageUrgentFrame,
  OutputTransportReadyFrame,
} from '../frames/transport-frames.js';
import type { FrameDirection } from '../pipeline/frame-direction.js';
import {
  FrameProcessor,
  type FrameProcessorOptions,
  type FrameProcessorSetup,
} from '../pipeline/frame-processor.js';
import type { SerializedMessage } from '../serializer/frame-serializer.js';
import type { HangUpOutcome } from '../telephony/call-hang-up.js';
import { AudioPacer } from './audio-pacer.js';
import { AudioPacketizer } from './audio-packetizer.js';
import { OutputAudioChunker } from './output-audio-chunker.js';
import { PACING_COALESCE_MS, PacingScheduler, PacingSleeper } from './pacing-scheduler.js';
import type { TransportSession } from './transport-session.js';
import { checkWholeSamplesPer10ms } from './websocket-transport-params.js';

/** While the bot speaks, a `BotSpeakingFrame` goes out at most every this many milliseconds. */
export const BOT_SPEAKING_FRAME_PERIOD_MS = 200;
/**
 * Without a `TTSStoppedFrame`, TTS speech counts as stopped once its audio has finished playing
 * and nothing followed for this long (Pipecat's fallback: it covers slow TTS between sentences).
 */
export const BOT_TTS_STOPPED_FALLBACK_MS = 3000;
/**
 * Non-TTS speech (`SpeechOutputAudioRawFrame`) counts as stopped once its audio has finished
 * playing and this long passed without more speech (Pipecat's `BOT_VAD_STOP_SECS`).
 */
export const BOT_SPEECH_STOPPED_AFTER_MS = 350;
/**
 * A chunk whose release time is at most this close is sent now (timers are not exact; the pacing
 * scheduler wakes everything due this close in one turn).
 */
const RELEASE_TOLERANCE_MS = PACING_COALESCE_MS;

/** What kind of speech an outgoing chunk carries. */
type SpeechKind = 'tts' | 'speech' | undefined;

/**
 * What waits to be released: an audio chunk (`mix`: the mixer's background goes under it), a
 * frame to send and pass on, a frame only to pass on (its keys were played as tones), or a drain
 * waiter.
 */
type OutputItem =
  | {
      readonly kind: 'audio';
      readonly frame: OutputAudioRawFrame;
      readonly speech: SpeechKind;
      readonly mix: boolean;
    }
  | { readonly kind: 'frame'; readonly frame: Frame }
  | { readonly kind: 'pass'; readonly frame: Frame }
  | { readonly kind: 'drained'; readonly resolve: () => void };

/**
 * The output side of a `WebSocketTransport`: resamples bot audio to the output rate, cuts it into
 * chunks, releases them at real time with a bounded lead through the serializer, derives the bot
 * speaking frames, handles interruptions (clear message, no stale audio after it), and ends the
 * call (drain, end silence, hang-up once, bounded close). Create it with `transport.output()`.
 *
 * DTMF keys go out as the serializer's message when it sends DTMF natively (`sendsDtmf`), else as
 * in-band tones paced like any audio. An `audioOutMixer` puts its background under the bot's
 * voice and plays it alone, paced, while the bot is silent; it is mixed only as each chunk is
 * released, so nothing mixed is ever queued.
 */
export class WebSocketOutputTransport extends FrameProcessor {
  readonly #session: TransportSession;
  readonly #explicitLogger: boolean;
  #sampleRate = 0;
  #channels = 1;
  #chunker: OutputAudioChunker<OutputAudioRawFrame> | undefined;
  #pacer: AudioPacer | undefined;
  #packetizer: AudioPacketizer | undefined;
  #silenceChunk: Int16Array | undefined;
  /** The background mixer, once started (only with bot audio enabled). */
  #mixer: AudioOutMixer | undefined;
  /** In-band DTMF, made at the first keys when the serializer cannot send DTMF itself. */
  #dtmfTones: DtmfToneGenerator | undefined;
  #queue: OutputItem[] = [];
  #queueHead = 0;
  /** The process-wide pacing timer this output waits on (set up with the clock). */
  #scheduler: PacingScheduler | undefined;
  readonly #sleeper = new PacingSleeper(() => this.#pump());
  #speaking = false;
  #stopPending = false;
  #lastSpeechKind: SpeechKind;
  #speechPlayoutEndMs = Number.NEGATIVE_INFINITY;
  #lastBotSpeakingFrameMs = Number.NEGATIVE_INFINITY;
  #finished = false;
  #cancelled = false;
  /** An `EndFrame` arrived: the mixer's background no longer fills the silence. */
  #ending = false;
  #left = false;
  #warnedAudioFormat = false;
  #warnedDtmfDropped = false;

  /** @internal Use `transport.output()`. */
  constructor(session: TransportSession, explicitLogger: boolean, options: FrameProcessorOptions) {
    super(options);
    this.#session = session;
    this.#explicitLogger = explicitLogger;
    session.onLoss(() => this.#onConnectionLost());
  }

  /** True while bot speech is playing, as far as the output can tell. */
  get botSpeaking(): boolean {
    return this.#speaking;
  }

  /** Items (audio chunks and frames) waiting to be released. */
  get queuedItems(): number {
    return this.#queue.length - this.#queueHead;
  }

  override async setup(setup: FrameProcessorSetup): Promise<void> {
    await super.setup(setup);
    this.#session.useRuntime(setup, this.#explicitLogger);
    this.#scheduler = PacingScheduler.for(this.clock);
    this.logger = this.#session.logger;
    this.#session.connection.join();
  }

  override async cleanup(): Promise<void> {
    this.#dropQueued(false);
    this.#clearTimer();
    void this.#leave();
    await super.cleanup();
  }

  /** Synchronous except for the end and cancel, which wait for the drain and the hang-up. */
  protected override processFrame(frame: Frame, direction: FrameDirection): Promise<void> | void {
    if (direction === 'upstream') {
      this.pushFrame(frame, direction);
    } else if (StartFrame.is(frame)) {
      this.#start(frame);
      this.pushFrame(frame, direction);
      this.pushFrame(new OutputTransportReadyFrame(), 'upstream');
      if (this.#mixer) this.#pump(); // the background starts with the call
    } else if (CancelFrame.is(frame)) {
      return this.#cancel(frame);
    } else if (InterruptionFrame.is(frame)) {
      this.#interrupt(frame);
    } else if (OutputTransportMessageUrgentFrame.is(frame)) {
      this.#sendFrameNow(frame);
      this.pushFrame(frame, direction);
    } else if (OutputDTMFUrgentFrame.is(frame)) {
      if (this.#sendsDtmf()) this.#sendFrameNow(frame);
      else this.#playDtmfNext(frame.buttons);
      this.pushFrame(frame, direction);
    } else if (frame.kind === 'system') {
      this.pushFrame(frame, direction);
    } else if (EndFrame.is(frame)) {
      return this.#end(frame);
    } else if (OutputAudioRawFrame.is(frame)) {
      this.#queueAudio(frame);
    } else if (OutputDTMFFrame.is(frame) && !this.#sendsDtmf()) {
      this.#queueDtmfTones(frame);
    } else {
      if (TTSStoppedFrame.is(frame)) this.#chunker?.flush();
      // A mark must follow all audio pushed before it, so the provider echoes it only once the
      // caller has heard that audio: complete the partial chunk first.
      else if (PlaybackMarkFrame.is(frame)) this.#chunker?.completePartialChunk();
      this.#enqueue({ kind: 'frame', frame });
      this.#pump();
    }
  }

  #start(frame: StartFrame): void {
    const params = this.#session.params;
    const rate = this.#session.start(frame).audioOutSampleRate;
    try {
      checkWholeSamplesPer10ms(rate);
    } catch (error) {
      this.logger.error({ err: error }, 'bot audio disabled: unusable output sample rate');
      return;
    }
    this.#sampleRate = rate;
    this.#channels = params.audioOutChannels;
    const chunkSamples = (rate / 100) * this.#channels * params.audioOut10msChunks;
    this.#chunker = new OutputAudioChunker(rate, this.#channels, chunkSamples, this.#onChunk);
    this.#pacer = new AudioPacer(params.audioOut10msChunks * 10, params.audioOutMaxLeadMs);
    if (params.fixedAudioPacketSize !== undefined) {
      this.#packetizer = new AudioPacketizer(params.fixedAudioPacketSize);
    }
    if (params.audioOutMixer && params.audioOutEnabled) this.#startMixer(params.audioOutMixer);
  }

  #startMixer(mixer: AudioOutMixer): void {
    try {
      mixer.start(this.#sampleRate, this.#channels);
    } catch (error) {
      this.logger.error({ err: error }, 'audio mixer disabled: it failed to start');
      return;
    }
    this.#mixer = mixer;
  }

  /** True when the serializer plays DTMF frames itself (else the keys go out as tones). */
  #sendsDtmf(): boolean {
    return this.#session.params.serializer?.sendsDtmf === true;
  }

  /** Plays the keys as tones after the audio queued before them (the partial chunk included). */
  #queueDtmfTones(frame: OutputDTMFFrame): void {
    const chunks = this.#dtmfToneChunks(frame.buttons);
    if (chunks) {
      this.#chunker!.flush();
      for (const chunk of chunks) this.#enqueue(chunk);
    }
    this.#enqueue({ kind: 'pass', frame });
    this.#pump();
  }

  /** Plays the keys as tones next, ahead of queued bot audio (what was sent plays first). */
  #playDtmfNext(buttons: readonly string[]): void {
    const chunks = this.#dtmfToneChunks(buttons);
    if (!chunks) return;
    this.#queue.splice(this.#queueHead, 0, ...chunks);
    this.#pump();
  }

  /**
   * The keys as tones in whole chunks of plain audio (never speech, never mixed), or `undefined`
   * (logged once) when bot audio cannot be sent.
   */
  #dtmfToneChunks(buttons: readonly string[]): OutputItem[] | undefined {
    const chunker = this.#chunker;
    if (!chunker || !this.#session.params.audioOutEnabled || !this.#canDrain()) {
      if (!this.#warnedDtmfDropped) {
        this.#warnedDtmfDropped = true;
        this.logger.warn(
          'DTMF keys dropped: the serializer cannot send DTMF and bot audio cannot be sent',
        );
      }
      return undefined;
    }
    const params = this.#session.params;
    this.#dtmfTones ??= new DtmfToneGenerator(this.#sampleRate, {
      toneMs: params.audioOutDtmfToneMs,
      gapMs: params.audioOutDtmfGapMs,
    });
    const tones = upmixMono(this.#dtmfTones.generate(buttons), this.#channels);
    const chunkSamples = chunker.chunkSamples;
    const chunks: OutputItem[] = [];
    for (let offset = 0; offset < tones.length; offset += chunkSamples) {
      const chunk = new Int16Array(chunkSamples);
      chunk.set(tones.subarray(offset, offset + chunkSamples));
      const frame = new OutputAudioRawFrame(chunk, this.#sampleRate, this.#channels);
      chunks.push({ kind: 'audio', frame, speech: undefined, mix: false });
    }
    return chunks;
  }

  #queueAudio(frame: OutputAudioRawFrame): void {
    const chunker = this.#chunker;
    if (!chunker || !this.#session.params.audioOutEnabled) return;
    if (this.#finished || !this.#session.connection.open) return;
    try {
      chunker.push(frame);
    } catch (error) {
      if (!this.#warnedAudioFormat) {
        this.#warnedAudioFormat = true;
        this.logger.warn({ err: error }, 'dropping bot audio in a format the output cannot send');
      }
      return;
    }
    this.#pump();
  }

  readonly #onChunk = (samples: Int16Array, source: OutputAudioRawFrame): void => {
    let frame: OutputAudioRawFrame;
    let speech: SpeechKind;
    if (TTSAudioRawFrame.is(source)) {
      const tts = new TTSAudioRawFrame(samples, this.#sampleRate, this.#channels);
      tts.contextId = source.contextId;
      frame = tts;
      speech = 'tts';
    } else if (SpeechOutputAudioRawFrame.is(source)) {
      frame = new SpeechOutputAudioRawFrame(samples, this.#sampleRate, this.#channels);
      speech = isSilence(samples) ? undefined : 'speech';
    } else {
      frame = new OutputAudioRawFrame(samples, this.#sampleRate, this.#channels);
    }
    this.#enqueue({ kind: 'audio', frame, speech, mix: true });
  };

  #enqueue(item: OutputItem): void {
    this.#queue.push(item);
  }

  /** Releases whatever is due, then sleeps on one timer until the next thing is due. */
  #pump(): void {
    const pacer = this.#pacer;
    const clock = this.clock;
    while (this.#queueHead < this.#queue.length) {
      const item = this.#queue[this.#queueHead]!;
      if (item.kind === 'drained') {
        this.#shift();
        item.resolve();
        continue;
      }
      if (item.kind === 'audio' && !this.#session.connection.open) {
        this.#shift(); // the call is over: nothing to pace
      } else if (item.kind === 'audio' && pacer) {
        const nowMs = clock.now();
        this.#checkSpeechEnded(nowMs);
        const releaseMs = pacer.releaseTimeMs(nowMs);
        if (releaseMs > nowMs + RELEASE_TOLERANCE_MS) {
          this.#scheduleWake(releaseMs);
          return;
        }
        this.#shift();
        if (item.mix && this.#mixer) this.#mixer.mix(item.frame.audio);
        this.#releaseAudio(item.frame, item.speech, nowMs);
      } else {
        this.#shift();
        if (item.kind === 'frame') this.#releaseFrame(item.frame);
        else if (item.kind === 'pass') this.pushFrame(item.frame);
      }
    }
    if (this.#mixer?.enabled && this.#releaseBackground()) return;
    if (this.#speaking) {
      const nowMs = clock.now();
      this.#checkSpeechEnded(nowMs);
      if (this.#speaking) this.#scheduleWake(this.#speechEndDeadlineMs());
    } else {
      this.#clearTimer();
    }
  }

  /**
   * While the bot is silent: releases the mixer's background, one chunk whenever one is due, and
   * returns true once it has scheduled the next; false when there is no background to send.
   */
  #releaseBackground(): boolean {
    if (this.#ending || !this.#canDrain()) return false;
    const mixer = this.#mixer!;
    const pacer = this.#pacer!;
    const clock = this.clock;
    const chunkSamples = this.#chunker!.chunkSamples;
    while (mixer.enabled) {
      const nowMs = clock.now();
      this.#checkSpeechEnded(nowMs);
      const releaseMs = pacer.releaseTimeMs(nowMs);
      if (releaseMs > nowMs + RELEASE_TOLERANCE_MS) {
        this.#scheduleWake(releaseMs);
        return true;
      }
      const background = mixer.next(chunkSamples);
      this.#releaseAudio(
        new OutputAudioRawFrame(background, this.#sampleRate, this.#channels),
        undefined,
        nowMs,
      );
    }
    return false;
  }

  #shift(): void {
    this.#queue[this.#queueHead++] = undefined as unknown as OutputItem;
    if (this.#queueHead === this.#queue.length) {
      this.#queue = [];
      this.#queueHead = 0;
    } else if (this.#queueHead >= 256 && this.#queueHead * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#queueHead);
      this.#queueHead = 0;
    }
  }

  #speechEndDeadlineMs(): number {
    if (this.#stopPending) return this.#speechPlayoutEndMs;
    const grace =
      this.#lastSpeechKind === 'tts' ? BOT_TTS_STOPPED_FALLBACK_MS : BOT_SPEECH_STOPPED_AFTER_MS;
    return this.#speechPlayoutEndMs + grace;
  }

  #checkSpeechEnded(nowMs: number): void {
    if (this.#speaking && nowMs + RELEASE_TOLERANCE_MS >= this.#speechEndDeadlineMs()) {
      this.#botStopped();
    }
  }

  #scheduleWake(dueMs: number): void {
    let wakeMs = dueMs;
    if (this.#speaking) wakeMs = Math.min(wakeMs, this.#speechEndDeadlineMs());
    this.#scheduler!.schedule(this.#sleeper, wakeMs);
  }

  #clearTimer(): void {
    this.#scheduler?.cancel(this.#sleeper);
  }

  #releaseAudio(frame: OutputAudioRawFrame, speech: SpeechKind, nowMs: number): void {
    const pacer = this.#pacer!;
    if (speech) {
      if (!this.#speaking) {
        this.#speaking = true;
        this.broadcastFrame(() => new BotStartedSpeakingFrame());
      }
      if (nowMs - this.#lastBotSpeakingFrameMs >= BOT_SPEAKING_FRAME_PERIOD_MS) {
        this.#lastBotSpeakingFrameMs = nowMs;
        this.broadcastFrame(() => new BotSpeakingFrame());
      }
      this.#stopPending = false;
      this.#lastSpeechKind = speech;
    }
    pacer.recordRelease(nowMs);
    if (speech) this.#speechPlayoutEndMs = pacer.playoutEndMs;
    this.#session.stats.audioChunksSent++;
    if (this.#session.params.serializer) this.#sendAudioPayload(this.#serialize(frame));
    this.pushFrame(frame);
  }

  #releaseFrame(frame: Frame): void {
    if (TTSStoppedFrame.is(frame)) {
      if (this.#speaking) this.#stopPending = true;
      this.#flushPackets();
    } else if (MixerControlFrame.is(frame)) {
      this.#updateMixer(frame);
    } else if (this.#session.params.serializer && this.#session.connection.open) {
      this.#send(this.#serialize(frame));
    }
    this.pushFrame(frame);
  }

  #updateMixer(frame: MixerControlFrame): void {
    try {
      this.#mixer?.update(frame);
    } catch (error) {
      this.logger.error({ err: error }, 'the audio mixer refused its new settings');
    }
  }

  /** Serializes, turning a throw into "nothing to send" (logged). */
  #serialize(frame: Frame): SerializedMessage | undefined {
    try {
      return this.#session.params.serializer!.serialize(frame);
    } catch (error) {
      this.logger.error({ err: error, frame: frame.name }, 'serializer failed');
      return undefined;
    }
  }

  #send(message: SerializedMessage | undefined): void {
    if (message !== undefined) this.#session.connection.send(message);
  }

  #sendAudioPayload(message: SerializedMessage | undefined): void {
    if (message === undefined) return;
    if (typeof message === 'string') {
      this.#session.connection.send(message);
      return;
    }
    let bytes = message;
    if (this.#session.params.addWavHeader) {
      bytes = pcmToWav(int16FromBytes(bytes), this.#sampleRate, this.#channels);
    }
    if (this.#packetizer) this.#packetizer.push(bytes, this.#sendPacket);
    else this.#session.connection.send(bytes);
  }

  readonly #sendPacket = (packet: Uint8Array): void => {
    this.#session.connection.send(packet);
  };

  #flushPackets(): void {
    this.#packetizer?.flush(this.#sendPacket);
  }

  #sendFrameNow(frame: Frame): void {
    if (!this.#session.params.serializer || !this.#session.connection.open) return;
    this.#send(this.#serialize(frame));
  }

  #botStopped(): void {
    if (!this.#speaking) return;
    this.#speaking = false;
    this.#stopPending = false;
    this.#lastBotSpeakingFrameMs = Number.NEGATIVE_INFINITY;
    this.broadcastFrame(() => new BotStoppedSpeakingFrame());
  }

  /** Drops queued items; keeps uninterruptible ones (and drain waits) when `keepUninterruptible`. */
  #dropQueued(keepUninterruptible: boolean): void {
    const remaining = this.#queue.slice(this.#queueHead);
    this.#queue = [];
    this.#queueHead = 0;
    for (const item of remaining) {
      if (item.kind === 'drained') {
        if (keepUninterruptible) this.#queue.push(item);
        else item.resolve();
      } else if (keepUninterruptible && item.kind === 'frame' && item.frame.uninterruptible) {
        this.#queue.push(item);
      }
    }
  }

  /** Forgets everything not yet sent: queue, partial chunk, resampler, packet, pacing. */
  #discardAudio(keepUninterruptible: boolean): void {
    this.#dropQueued(keepUninterruptible);
    this.#chunker?.reset();
    this.#packetizer?.reset();
    this.#pacer?.reset();
    this.#clearTimer();
    this.#botStopped();
  }

  #interrupt(frame: InterruptionFrame): void {
    this.#discardAudio(true);
    this.#sendFrameNow(frame);
    this.pushFrame(frame);
    this.#pump();
  }

  /** Resolves once everything queued before this call has been released. */
  #drained(): Promise<void> {
    return new Promise((resolve) => {
      this.#enqueue({ kind: 'drained', resolve });
      this.#pump();
    });
  }

  async #end(frame: EndFrame): Promise<void> {
    this.#ending = true;
    const chunker = this.#chunker;
    if (chunker && this.#canDrain()) {
      chunker.flush();
      await this.#drained();
      const silenceChunks = Math.ceil(
        (this.#session.params.audioOutEndSilenceSecs * 1000) / this.#pacer!.chunkMs,
      );
      if (silenceChunks > 0 && this.#canDrain() && this.#session.params.audioOutEnabled) {
        this.#silenceChunk ??= new Int16Array(chunker.chunkSamples);
        for (let index = 0; index < silenceChunks; index++) {
          const silence = new OutputAudioRawFrame(
            this.#silenceChunk,
            this.#sampleRate,
            this.#channels,
          );
          this.#enqueue({ kind: 'audio', frame: silence, speech: undefined, mix: false });
        }
        await this.#drained();
      }
      if (this.#canDrain()) this.#flushPackets();
    }
    if (this.#cancelled) return;
    await this.#finishCall(frame);
    this.pushFrame(frame);
  }

  /** True while queued audio can still be sent (not cancelled, finished or disconnected). */
  #canDrain(): boolean {
    return !this.#cancelled && !this.#finished && this.#session.connection.open;
  }

  async #cancel(frame: CancelFrame): Promise<void> {
    this.#cancelled = true;
    this.#discardAudio(false);
    await this.#finishCall(frame);
    this.pushFrame(frame);
  }

  /**
   * Sends the serializer's message for the end (if any) and hangs up through `serializer.hangUp()`
   * unless the caller already hung up or the provider stopped the stream, then closes; once, both
   * bounded.
   */
  async #finishCall(frame: EndFrame | CancelFrame): Promise<void> {
    if (this.#finished) {
      await this.#leave();
      return;
    }
    this.#finished = true;
    this.#clearTimer();
    this.#botStopped();
    const connection = this.#session.connection;
    const serializer = this.#session.params.serializer;
    if (serializer && connection.open && !connection.callerHungUp) {
      this.#send(this.#serialize(frame));
      if (serializer.hangUp) await this.#hangUp(serializer.hangUp.bind(serializer));
    }
    await this.#leave();
  }

  /** Runs the serializer's hang-up, bounded by `hangUpTimeoutMs`; a failure is logged, not thrown. */
  #hangUp(hangUp: () => Promise<HangUpOutcome>): Promise<void> {
    const timeoutMs = this.#session.params.hangUpTimeoutMs;
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.logger.warn({ timeoutMs }, 'the hang-up did not finish in time; closing anyway');
        resolve();
      }, timeoutMs);
      const settled = (): void => {
        this.clock.clearTimeout(timer);
        resolve();
      };
      try {
        hangUp().then(settled, (error: unknown) => {
          this.logger.error({ err: error }, 'the serializer failed to hang up');
          settled();
        });
      } catch (error) {
        this.logger.error({ err: error }, 'the serializer failed to hang up');
        settled();
      }
    });
  }

  async #leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    await this.#session.connection.leave();
  }

  #onConnectionLost(): void {
    this.#discardAudio(false);
  }
}
