/**
 * AudioWorklet processor `softphone-playback`: plays the bot's 8 kHz audio like a phone network
 * does. A jitter buffer waits for `PREBUFFER_MS` of audio (or `START_WAIT_MS` for a short
 * utterance) before playing, so network jitter does not cause gaps; a `clear` drops everything
 * queued at once. Audio is upsampled to the AudioContext's rate with Catmull-Rom interpolation.
 *
 * It reports how many 8 kHz samples were consumed (played, or dropped by a clear), so the main
 * thread can answer Twilio `mark` messages only once the audio before them has played.
 */
import {
  meterLevel,
  type PlaybackControlMessage,
  type PlaybackStatusMessage,
  TELEPHONE_SAMPLE_RATE,
} from './worklet-messages.js';

/** Audio buffered before playback starts, in milliseconds. */
const PREBUFFER_MS = 60;
/** Longest wait for the pre-buffer when less audio came (a short utterance), in milliseconds. */
const START_WAIT_MS = 60;
/** Most audio the buffer holds, in seconds; audio past it is refused (and counted). */
const MAX_BUFFERED_SECS = 120;
/** A dry buffer refilled within this time counts as an underrun (a gap in speech), in ms. */
const UNDERRUN_GAP_MS = 200;
/** Status report period, in milliseconds. */
const STATUS_PERIOD_MS = 20;
const PCM16_SCALE = 1 / 32_768;

const PREBUFFER_SAMPLES = (PREBUFFER_MS * TELEPHONE_SAMPLE_RATE) / 1000;
const MAX_BUFFERED_SAMPLES = MAX_BUFFERED_SECS * TELEPHONE_SAMPLE_RATE;

class PlaybackProcessor extends AudioWorkletProcessor {
  readonly #step = TELEPHONE_SAMPLE_RATE / sampleRate;
  readonly #startWaitOutputSamples = (START_WAIT_MS * sampleRate) / 1000;
  readonly #underrunGapOutputSamples = (UNDERRUN_GAP_MS * sampleRate) / 1000;
  readonly #statusPeriodOutputSamples = Math.round((STATUS_PERIOD_MS * sampleRate) / 1000);
  #chunks: Int16Array[] = [];
  #readOffset = 0;
  #buffered = 0;
  #consumed = 0;
  #playing = false;
  /** Output samples since audio arrived while not playing. */
  #waited = 0;
  /** Output sample count when the buffer last ran dry; -1 when it has not. */
  #dryAt = -1;
  #outputSamples = 0;
  #underruns = 0;
  #overflowSamples = 0;
  // Catmull-Rom window over four 8 kHz samples; output lies between #s1 and #s2.
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #s3 = 0;
  #phase = 0;
  #sinceStatus = 0;
  #periodSumOfSquares = 0;
  #reportedIdle = true;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<PlaybackControlMessage>) => {
      const message = event.data;
      if (message.type === 'audio') this.#enqueue(message.samples);
      else if (message.type === 'clear') this.#clear();
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const channels = outputs[0];
    const output = channels?.[0];
    if (!channels || !output) return true;
    for (let index = 0; index < output.length; index++) {
      if (!this.#playing && this.#buffered > 0) {
        this.#waited++;
        if (this.#buffered >= PREBUFFER_SAMPLES || this.#waited >= this.#startWaitOutputSamples) {
          this.#playing = true;
        }
      }
      this.#phase += this.#step;
      while (this.#phase >= 1) {
        this.#phase -= 1;
        this.#s0 = this.#s1;
        this.#s1 = this.#s2;
        this.#s2 = this.#s3;
        this.#s3 = this.#nextSample();
      }
      const value = this.#interpolate(this.#phase);
      output[index] = value;
      this.#periodSumOfSquares += value * value;
      this.#outputSamples++;
      if (++this.#sinceStatus >= this.#statusPeriodOutputSamples) this.#reportStatus();
    }
    for (let channel = 1; channel < channels.length; channel++) channels[channel]!.set(output);
    return true;
  }

  #enqueue(samples: Int16Array): void {
    const room = MAX_BUFFERED_SAMPLES - this.#buffered;
    const accepted = samples.length <= room ? samples : samples.subarray(0, Math.max(0, room));
    this.#overflowSamples += samples.length - accepted.length;
    if (accepted.length === 0) return;
    if (!this.#playing && this.#buffered === 0) this.#waited = 0;
    if (this.#dryAt >= 0 && this.#outputSamples - this.#dryAt < this.#underrunGapOutputSamples) {
      this.#underruns++;
    }
    this.#dryAt = -1;
    this.#chunks.push(accepted);
    this.#buffered += accepted.length;
  }

  #clear(): void {
    this.#consumed += this.#buffered;
    this.#chunks = [];
    this.#readOffset = 0;
    this.#buffered = 0;
    this.#playing = false;
    this.#dryAt = -1;
    this.#s0 = this.#s1 = this.#s2 = this.#s3 = 0;
    this.#reportStatus();
  }

  /** The next 8 kHz sample to play (0 while buffering or dry), as a float. */
  #nextSample(): number {
    if (!this.#playing) return 0;
    const chunk = this.#chunks[0];
    if (!chunk) {
      this.#playing = false;
      this.#dryAt = this.#outputSamples;
      this.#reportStatus();
      return 0;
    }
    const sample = chunk[this.#readOffset++]! * PCM16_SCALE;
    if (this.#readOffset >= chunk.length) {
      this.#chunks.shift();
      this.#readOffset = 0;
    }
    this.#buffered--;
    this.#consumed++;
    return sample;
  }

  #interpolate(t: number): number {
    const s0 = this.#s0;
    const s1 = this.#s1;
    const s2 = this.#s2;
    const s3 = this.#s3;
    return (
      s1 + 0.5 * t * (s2 - s0 + t * (2 * s0 - 5 * s1 + 4 * s2 - s3 + t * (3 * (s1 - s2) + s3 - s0)))
    );
  }

  #reportStatus(): void {
    const idle = !this.#playing && this.#buffered === 0;
    if (idle && this.#reportedIdle && this.#sinceStatus < this.#statusPeriodOutputSamples * 10) {
      return; // nothing new to say; report idle at most every 200 ms
    }
    const level =
      this.#sinceStatus > 0
        ? meterLevel(Math.sqrt(this.#periodSumOfSquares / this.#sinceStatus))
        : 0;
    const message: PlaybackStatusMessage = {
      type: 'status',
      consumed: this.#consumed,
      buffered: this.#buffered,
      level,
      underruns: this.#underruns,
      overflowSamples: this.#overflowSamples,
    };
    this.port.postMessage(message);
    this.#reportedIdle = idle;
    this.#sinceStatus = 0;
    this.#periodSumOfSquares = 0;
  }
}

registerProcessor('softphone-playback', PlaybackProcessor);
