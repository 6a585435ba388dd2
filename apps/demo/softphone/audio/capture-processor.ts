/**
 * AudioWorklet processor `softphone-capture`: turns microphone audio at the AudioContext's rate
 * into 20 ms frames of 8 kHz PCM16, as a phone network would, and posts them to the main thread.
 *
 * Resampling: a windowed-sinc low-pass (cut-off 3.6 kHz, below the 4 kHz Nyquist of 8 kHz) is
 * evaluated only at the two input positions around each output instant, and the two results
 * are interpolated linearly. That is about 2 × taps multiply-adds per output sample.
 */
import {
  type CaptureControlMessage,
  type CapturedFrameMessage,
  meterLevel,
  TELEPHONE_FRAME_SAMPLES,
  TELEPHONE_SAMPLE_RATE,
} from './worklet-messages.js';

/** Low-pass cut-off before decimating to 8 kHz, in Hz. */
const LOW_PASS_CUTOFF_HZ = 3600;
/** Filter length in taps at 48 kHz; scaled with the rate, kept odd. */
const LOW_PASS_TAPS_AT_48_KHZ = 95;
/** Input history kept for the filter, in samples (a power of two above the longest filter). */
const HISTORY_SAMPLES = 1024;
const HISTORY_MASK = HISTORY_SAMPLES - 1;
/** Largest PCM16 magnitude. */
const PCM16_FULL_SCALE = 32_767;

/** Blackman-windowed sinc low-pass taps with unity gain at DC. */
function designLowPass(inputRate: number): Float32Array {
  const scaled = Math.round((LOW_PASS_TAPS_AT_48_KHZ * inputRate) / 48_000);
  const length = Math.min(HISTORY_SAMPLES / 2 - 1, scaled % 2 === 0 ? scaled + 1 : scaled);
  const taps = new Float32Array(length);
  const middle = (length - 1) / 2;
  const normalisedCutoff = LOW_PASS_CUTOFF_HZ / inputRate;
  let sum = 0;
  for (let index = 0; index < length; index++) {
    const offset = index - middle;
    const sinc =
      offset === 0
        ? 2 * normalisedCutoff
        : Math.sin(2 * Math.PI * normalisedCutoff * offset) / (Math.PI * offset);
    const phase = (2 * Math.PI * index) / (length - 1);
    const window = 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
    taps[index] = sinc * window;
    sum += taps[index]!;
  }
  for (let index = 0; index < length; index++) taps[index]! /= sum;
  return taps;
}

class CaptureProcessor extends AudioWorkletProcessor {
  readonly #step = sampleRate / TELEPHONE_SAMPLE_RATE;
  readonly #taps: Float32Array | undefined =
    sampleRate > TELEPHONE_SAMPLE_RATE ? designLowPass(sampleRate) : undefined;
  readonly #history = new Float32Array(HISTORY_SAMPLES);
  /** Input samples received so far. */
  #received = 0;
  /** Position of the next output sample, in input samples. */
  #nextOutputPosition = 0;
  #frame = new Int16Array(TELEPHONE_FRAME_SAMPLES);
  #frameFill = 0;
  #frameSumOfSquares = 0;
  #muted = false;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<CaptureControlMessage>) => {
      if (event.data.type === 'mute') this.#muted = event.data.muted;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    const first = channels?.[0];
    if (!channels || !first) return true;
    const channelCount = channels.length;
    for (let index = 0; index < first.length; index++) {
      let sample = first[index]!;
      if (channelCount > 1) {
        for (let channel = 1; channel < channelCount; channel++)
          sample += channels[channel]![index]!;
        sample /= channelCount;
      }
      this.#history[this.#received & HISTORY_MASK] = sample;
      this.#received++;
      // An output at position p needs filtered input at floor(p) and floor(p) + 1.
      while (this.#nextOutputPosition + 1 < this.#received) {
        const base = Math.floor(this.#nextOutputPosition);
        const fraction = this.#nextOutputPosition - base;
        const current = this.#filtered(base);
        const next = fraction === 0 ? current : this.#filtered(base + 1);
        this.#emit(current + (next - current) * fraction);
        this.#nextOutputPosition += this.#step;
      }
    }
    return true;
  }

  /** The low-passed input at absolute input position `position`. */
  #filtered(position: number): number {
    const taps = this.#taps;
    if (!taps) return this.#history[position & HISTORY_MASK]!;
    let sum = 0;
    for (let tap = 0; tap < taps.length; tap++) {
      sum += taps[tap]! * this.#history[(position - tap) & HISTORY_MASK]!;
    }
    return sum;
  }

  #emit(value: number): void {
    const clipped = Math.min(1, Math.max(-1, value));
    this.#frameSumOfSquares += clipped * clipped;
    this.#frame[this.#frameFill++] = this.#muted ? 0 : Math.round(clipped * PCM16_FULL_SCALE);
    if (this.#frameFill < TELEPHONE_FRAME_SAMPLES) return;
    const message: CapturedFrameMessage = {
      type: 'frame',
      samples: this.#frame,
      level: this.#muted
        ? 0
        : meterLevel(Math.sqrt(this.#frameSumOfSquares / TELEPHONE_FRAME_SAMPLES)),
    };
    this.port.postMessage(message, [this.#frame.buffer]);
    this.#frame = new Int16Array(TELEPHONE_FRAME_SAMPLES);
    this.#frameFill = 0;
    this.#frameSumOfSquares = 0;
  }
}

registerProcessor('softphone-capture', CaptureProcessor);
