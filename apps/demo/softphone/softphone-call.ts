/**
 * One call from the browser: microphone → 8 kHz μ-law → Twilio `media` messages to the server,
 * and the bot's `media` → jitter buffer → speakers, honouring `clear` and answering `mark`s once
 * the audio before them has played, exactly as Twilio does.
 */
import { pcmToUlaw, ulawToPcm } from '@x/transport-core';
import {
  type CapturedFrameMessage,
  type PlaybackStatusMessage,
  TELEPHONE_FRAME_SAMPLES,
  TELEPHONE_SAMPLE_RATE,
} from './audio/worklet-messages.js';
import { playKeypadTone } from './keypad-tones.js';
import {
  newTwilioCallIds,
  parseBotMessage,
  TwilioCallerMessages,
} from './twilio-caller-protocol.js';

/** Duration of one media message, in milliseconds. */
const FRAME_MS = (TELEPHONE_FRAME_SAMPLES * 1000) / TELEPHONE_SAMPLE_RATE;
/** Bot audio kept for `receivedAudio()`, in seconds (for tests and debugging). */
const RECORDING_LIMIT_SECS = 120;
/** The bot counts as speaking this long after the last audible playback report, in ms. */
const BOT_SPEAKING_HOLD_MS = 250;
/** The caller counts as speaking this long after the last loud microphone frame, in ms. */
const CALLER_SPEAKING_HOLD_MS = 300;
/** Longest playout of buffered bot audio after the bot hung up, in milliseconds. */
const PLAYOUT_AFTER_HANG_UP_MS = 1500;
/** Meter level above which the caller or bot counts as speaking (about −35 dBFS). */
const SPEAKING_METER_LEVEL = 0.42;

/** Where a call is. */
export type CallState = 'connecting' | 'in-call' | 'ended';

/** Counters a page or test can read while the call runs. */
export interface SoftphoneCallStats {
  /** Media messages sent to the server. */
  mediaSent: number;
  /** Bot audio received, in 8 kHz samples. */
  receivedSamples: number;
  /** Bot audio played (or dropped by a clear), in 8 kHz samples. */
  consumedSamples: number;
  /** Bot audio waiting in the jitter buffer, in 8 kHz samples. */
  bufferedSamples: number;
  /** Marks received and answered. */
  marksReceived: number;
  marksAnswered: number;
  /** `clear` messages received. */
  clears: number;
  /** DTMF keys sent. */
  digitsSent: string;
  /** Messages from the server Twilio would reject, with reasons. */
  protocolErrors: string[];
  /** Times playback ran dry in the middle of bot speech. */
  underruns: number;
}

/** Events of a call, delivered to `SoftphoneCallListener`. */
export interface SoftphoneCallListener {
  /** The call moved to `state`; `detail` explains an end. */
  state(state: CallState, detail?: string): void;
  /** Microphone level (0–1) of the latest 20 ms frame. */
  microphoneLevel(level: number): void;
  /** Whether the caller and the bot are speaking now. */
  speaking(caller: boolean, bot: boolean): void;
  /** A line for the call log. */
  log(line: string): void;
}

/** Options of `SoftphoneCall`. */
export interface SoftphoneCallOptions {
  /** WebSocket URL of the server's softphone endpoint. */
  url: string;
  /** Parameters sent in `start.customParameters`, like TwiML `<Parameter>`s. */
  customParameters: Readonly<Record<string, string>>;
  /** Base URL of the worklet modules. */
  workletBaseUrl: string;
  /** Receives state changes, levels and log lines. */
  listener: SoftphoneCallListener;
  /**
   * The browser's echo cancellation, noise suppression and gain control on the microphone: on
   * for people (the bot's voice from the speakers must not echo back), off to send the
   * microphone as it is (`?voice-processing=off`, e.g. with a fake microphone in tests).
   */
  voiceProcessing: boolean;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index++) binary += String.fromCharCode(bytes[index]!);
  return btoa(binary);
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Turns a `getUserMedia` failure into advice a person can act on. */
export function microphoneErrorAdvice(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return 'Microphone access was blocked. Allow the microphone for this page (the icon in the address bar) and call again.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return 'No microphone was found. Plug one in (or pick one in your system settings) and call again.';
  }
  if (name === 'NotReadableError') {
    return 'The microphone is busy in another application. Close it there and call again.';
  }
  return `Could not open the microphone: ${error instanceof Error ? error.message : String(error)}`;
}

export class SoftphoneCall {
  readonly #options: SoftphoneCallOptions;
  readonly #messages = new TwilioCallerMessages(newTwilioCallIds());
  readonly stats: SoftphoneCallStats = {
    mediaSent: 0,
    receivedSamples: 0,
    consumedSamples: 0,
    bufferedSamples: 0,
    marksReceived: 0,
    marksAnswered: 0,
    clears: 0,
    digitsSent: '',
    protocolErrors: [],
    underruns: 0,
  };
  #state: CallState = 'connecting';
  #socket: WebSocket | undefined;
  #context: AudioContext | undefined;
  #microphone: MediaStream | undefined;
  #capture: AudioWorkletNode | undefined;
  #playback: AudioWorkletNode | undefined;
  #streaming = false;
  /** Marks waiting for playout: name and the received-sample count they follow. */
  #pendingMarks: { name: string; position: number }[] = [];
  #recording: Int16Array[] = [];
  #recordedSamples = 0;
  #callerSpeakingUntil = 0;
  #botSpeakingUntil = 0;
  #lastSpeaking = { caller: false, bot: false };
  #muted = false;

  constructor(options: SoftphoneCallOptions) {
    this.#options = options;
  }

  get state(): CallState {
    return this.#state;
  }

  get callSid(): string {
    return this.#messages.ids.callSid;
  }

  get muted(): boolean {
    return this.#muted;
  }

  /** Opens the microphone and audio, then connects. Resolves once the call is up. */
  async start(): Promise<void> {
    const listener = this.#options.listener;
    listener.state('connecting');
    if (!navigator.mediaDevices?.getUserMedia) {
      this.#end(
        'This page is not a secure context, so the browser will not share the microphone. Open it at http://localhost or through an https:// URL.',
      );
      return;
    }
    try {
      this.#microphone = await navigator.mediaDevices.getUserMedia({
        audio: {
          echoCancellation: this.#options.voiceProcessing,
          noiseSuppression: this.#options.voiceProcessing,
          autoGainControl: this.#options.voiceProcessing,
        },
      });
    } catch (error) {
      this.#end(microphoneErrorAdvice(error));
      return;
    }
    if (this.#hasEnded()) {
      this.#stopAudio();
      return;
    }
    try {
      await this.#startAudio(this.#microphone);
    } catch (error) {
      this.#end(`Could not start audio: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (this.#hasEnded()) {
      this.#stopAudio();
      return;
    }
    this.#connect();
  }

  /** True once the call has ended (the caller may hang up while the microphone prompt is open). */
  #hasEnded(): boolean {
    return this.#state === 'ended';
  }

  /** Sends a keypad digit (as Twilio's `dtmf` message) and plays its tone locally. */
  sendDigit(digit: string): void {
    if (!this.#streaming || !this.#socket) return;
    this.#socket.send(this.#messages.dtmf(digit));
    this.stats.digitsSent += digit;
    if (this.#context) playKeypadTone(this.#context, digit);
    this.#options.listener.log(`you pressed ${digit}`);
  }

  /** Mutes or unmutes the microphone (silence keeps flowing, as on a phone). */
  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#capture?.port.postMessage({ type: 'mute', muted });
  }

  /** Hangs up: `stop`, then close. */
  hangUp(): void {
    if (this.#state === 'ended') return;
    if (this.#streaming && this.#socket?.readyState === WebSocket.OPEN) {
      this.#socket.send(this.#messages.stop());
    }
    this.#end('You hung up.');
  }

  /** Bot audio received so far (8 kHz PCM16), up to two minutes. */
  receivedAudio(): Int16Array {
    const audio = new Int16Array(this.#recordedSamples);
    let offset = 0;
    for (const chunk of this.#recording) {
      audio.set(chunk, offset);
      offset += chunk.length;
    }
    return audio;
  }

  async #startAudio(microphone: MediaStream): Promise<void> {
    const context = new AudioContext({ latencyHint: 'interactive' });
    this.#context = context;
    const base = this.#options.workletBaseUrl;
    await context.audioWorklet.addModule(`${base}/capture-processor.js`);
    await context.audioWorklet.addModule(`${base}/playback-processor.js`);
    const source = context.createMediaStreamSource(microphone);
    const capture = new AudioWorkletNode(context, 'softphone-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
    });
    const playback = new AudioWorkletNode(context, 'softphone-playback', {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
    });
    // The capture node's output is silent; routing it through a muted gain keeps it rendered.
    const sink = context.createGain();
    sink.gain.value = 0;
    source.connect(capture).connect(sink).connect(context.destination);
    playback.connect(context.destination);
    capture.port.onmessage = (event: MessageEvent<CapturedFrameMessage>) =>
      this.#onCapturedFrame(event.data);
    playback.port.onmessage = (event: MessageEvent<PlaybackStatusMessage>) =>
      this.#onPlaybackStatus(event.data);
    this.#capture = capture;
    this.#playback = playback;
    if (this.#muted) this.setMuted(true);
    await context.resume();
  }

  #connect(): void {
    const listener = this.#options.listener;
    const socket = new WebSocket(this.#options.url);
    this.#socket = socket;
    socket.onopen = () => {
      socket.send(this.#messages.connected());
      socket.send(this.#messages.start(this.#options.customParameters));
      this.#streaming = true;
      this.#state = 'in-call';
      listener.state('in-call');
      listener.log(`connected: call ${this.#messages.ids.callSid}`);
    };
    socket.onmessage = (event: MessageEvent) => this.#onServerMessage(event.data);
    socket.onclose = (event: CloseEvent) => {
      if (this.#state === 'ended') return;
      if (!this.#streaming) {
        this.#end(`Could not reach the server at ${this.#options.url}. Is it still running?`);
      } else if (event.code === 1000) {
        this.#end('The bot hung up.', { letAudioFinish: true });
      } else {
        const reason = event.reason ? `: ${event.reason}` : '';
        this.#end(`The connection closed (code ${event.code}${reason}).`);
      }
    };
  }

  #onCapturedFrame(frame: CapturedFrameMessage): void {
    const now = performance.now();
    if (frame.level >= SPEAKING_METER_LEVEL)
      this.#callerSpeakingUntil = now + CALLER_SPEAKING_HOLD_MS;
    this.#options.listener.microphoneLevel(frame.level);
    this.#updateSpeaking(now);
    if (!this.#streaming || this.#socket?.readyState !== WebSocket.OPEN) return;
    const payload = bytesToBase64(pcmToUlaw(frame.samples));
    this.#socket.send(this.#messages.media(payload, FRAME_MS));
    this.stats.mediaSent++;
  }

  #onPlaybackStatus(status: PlaybackStatusMessage): void {
    const now = performance.now();
    this.stats.consumedSamples = status.consumed;
    this.stats.bufferedSamples = status.buffered;
    this.stats.underruns = status.underruns;
    if (status.level >= SPEAKING_METER_LEVEL) this.#botSpeakingUntil = now + BOT_SPEAKING_HOLD_MS;
    this.#updateSpeaking(now);
    this.#answerPlayedMarks(status.consumed);
  }

  #onServerMessage(data: unknown): void {
    const message = parseBotMessage(data, this.#messages.ids.streamSid, (reason) => {
      this.stats.protocolErrors.push(reason);
      this.#options.listener.log(`protocol error: ${reason}`);
    });
    if (!message) return;
    if (message.event === 'media') {
      let samples: Int16Array;
      try {
        samples = ulawToPcm(base64ToBytes(message.payload));
      } catch {
        this.stats.protocolErrors.push('media.payload is not base64 (Twilio 31951)');
        return;
      }
      this.stats.receivedSamples += samples.length;
      this.#record(samples);
      this.#playback?.port.postMessage({ type: 'audio', samples }, [samples.buffer]);
    } else if (message.event === 'mark') {
      this.stats.marksReceived++;
      this.#pendingMarks.push({ name: message.name, position: this.stats.receivedSamples });
      this.#answerPlayedMarks(this.stats.consumedSamples);
    } else {
      this.stats.clears++;
      this.#playback?.port.postMessage({ type: 'clear' });
      // Twilio empties its buffer and sends back every pending mark at once.
      this.stats.consumedSamples = this.stats.receivedSamples;
      this.#answerPlayedMarks(this.stats.consumedSamples);
      this.#botSpeakingUntil = 0;
      this.#options.listener.log('bot audio cleared (you interrupted)');
    }
  }

  #answerPlayedMarks(consumed: number): void {
    while (this.#pendingMarks.length > 0 && this.#pendingMarks[0]!.position <= consumed) {
      const mark = this.#pendingMarks.shift()!;
      if (this.#socket?.readyState === WebSocket.OPEN) {
        this.#socket.send(this.#messages.mark(mark.name));
        this.stats.marksAnswered++;
      }
    }
  }

  #record(samples: Int16Array): void {
    const room = RECORDING_LIMIT_SECS * TELEPHONE_SAMPLE_RATE - this.#recordedSamples;
    if (room <= 0) return;
    const kept = samples.length <= room ? samples.slice() : samples.slice(0, room);
    this.#recording.push(kept);
    this.#recordedSamples += kept.length;
  }

  #updateSpeaking(now: number): void {
    const caller = now < this.#callerSpeakingUntil && !this.#muted;
    const bot = now < this.#botSpeakingUntil;
    if (caller === this.#lastSpeaking.caller && bot === this.#lastSpeaking.bot) return;
    this.#lastSpeaking = { caller, bot };
    this.#options.listener.speaking(caller, bot);
  }

  /**
   * Ends the call. With `letAudioFinish` (the bot hung up after its goodbye), what is still in
   * the jitter buffer plays out first, for at most `PLAYOUT_AFTER_HANG_UP_MS`.
   */
  #end(detail: string, { letAudioFinish = false } = {}): void {
    if (this.#state === 'ended') return;
    this.#state = 'ended';
    this.#streaming = false;
    const socket = this.#socket;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'caller hung up');
    this.#capture?.port.close();
    if (letAudioFinish && this.stats.bufferedSamples > 0) {
      setTimeout(() => this.#stopAudio(), PLAYOUT_AFTER_HANG_UP_MS);
    } else {
      this.#stopAudio();
    }
    this.#lastSpeaking = { caller: false, bot: false };
    this.#options.listener.speaking(false, false);
    this.#options.listener.microphoneLevel(0);
    this.#options.listener.state('ended', detail);
    this.#options.listener.log(detail);
  }

  #stopAudio(): void {
    for (const track of this.#microphone?.getTracks() ?? []) track.stop();
    this.#capture?.port.close();
    this.#playback?.port.close();
    void this.#context?.close().catch(() => {});
    this.#context = undefined;
    this.#capture = undefined;
    this.#playback = undefined;
  }
}
