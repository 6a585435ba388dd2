import { readFile } from 'node:fs/promises';
import { parseWav, resample } from '@x/transport-core';
import { encodeBase64 } from './base64.js';
import type { MediaCodec } from './media-codec.js';

/** Duration of one media message the simulator sends, as the providers do. */
export const FRAME_DURATION_MS = 20;

/** PCM16 samples with their rate; interleaved when `numChannels` > 1. */
export interface AudioSamples {
  /** PCM16 samples. */
  pcm: Int16Array;
  /** Samples per second (per channel). */
  sampleRate: number;
  /** Channels, interleaved; mixed down to mono before sending. Default 1. */
  numChannels?: number;
}

/**
 * Audio the caller says: PCM samples, WAV bytes, a WAV file path, or audio already prepared
 * with `prepareCallerAudio` (the cheap way to reuse it across many calls).
 */
export type AudioInput = AudioSamples | { wavFile: string } | { wav: Uint8Array } | CallerAudio;

/**
 * Caller audio cut into 20 ms frames and encoded once as base64 payloads for one codec, so that
 * sending it costs no audio work per frame and many calls can share it.
 */
export interface CallerAudio {
  /** Discriminant. */
  readonly kind: 'caller-audio';
  /** Codec the frames are encoded with. */
  readonly codecName: MediaCodec['name'];
  /** Sample rate of the frames. */
  readonly sampleRate: number;
  /** One base64 payload per 20 ms frame (the last one padded with silence). */
  readonly frames: readonly string[];
  /** Duration of the audio before padding, in milliseconds. */
  readonly durationMs: number;
}

/** True when `input` is audio already prepared with `prepareCallerAudio`. */
export function isCallerAudio(input: AudioInput): input is CallerAudio {
  return (input as CallerAudio).kind === 'caller-audio';
}

/** Samples in one 20 ms frame at `sampleRate`. */
export function samplesPerFrame(sampleRate: number): number {
  return Math.round((sampleRate * FRAME_DURATION_MS) / 1000);
}

const silencePayloads = new Map<string, string>();

/** The base64 payload of one 20 ms frame of silence in `codec` (computed once per codec). */
export function silenceFramePayload(codec: MediaCodec): string {
  const key = `${codec.name}/${codec.sampleRate}`;
  let payload = silencePayloads.get(key);
  if (payload === undefined) {
    payload = encodeBase64(codec.encode(new Int16Array(samplesPerFrame(codec.sampleRate))));
    silencePayloads.set(key, payload);
  }
  return payload;
}

/** Reads a WAV file, PCM or WAV bytes into mono PCM16 at its own rate. */
export async function loadAudio(
  input: Exclude<AudioInput, CallerAudio>,
): Promise<{ pcm: Int16Array; sampleRate: number }> {
  if ('wavFile' in input) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(input.wavFile);
    } catch (error) {
      throw new Error(`cannot read WAV file "${input.wavFile}": ${(error as Error).message}`);
    }
    return decodeWav(bytes, input.wavFile);
  }
  if ('wav' in input) return decodeWav(input.wav, 'WAV bytes');
  return { pcm: mixDown(input.pcm, input.numChannels ?? 1), sampleRate: input.sampleRate };
}

function decodeWav(bytes: Uint8Array, name: string): { pcm: Int16Array; sampleRate: number } {
  let wav: ReturnType<typeof parseWav>;
  try {
    wav = parseWav(bytes);
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`);
  }
  return { pcm: mixDown(wav.audio, wav.numChannels), sampleRate: wav.sampleRate };
}

/** Averages interleaved channels into one. */
function mixDown(pcm: Int16Array, numChannels: number): Int16Array {
  if (!Number.isInteger(numChannels) || numChannels < 1) {
    throw new RangeError(`numChannels must be a positive integer, got ${numChannels}`);
  }
  if (numChannels === 1) return pcm;
  const frames = Math.floor(pcm.length / numChannels);
  const mono = new Int16Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < numChannels; channel++)
      sum += pcm[frame * numChannels + channel]!;
    mono[frame] = Math.round(sum / numChannels);
  }
  return mono;
}

/**
 * Prepares audio for sending with `codec`: mixes it down to mono, resamples it to the codec
 * rate, encodes it and cuts it into 20 ms base64 frames. Prepared audio is returned as is when
 * it already matches the codec; for another codec it is refused (prepare from the source again).
 */
export async function prepareCallerAudio(
  input: AudioInput,
  codec: MediaCodec,
): Promise<CallerAudio> {
  if (isCallerAudio(input)) return checkPrepared(input, codec);
  const { pcm, sampleRate } = await loadAudio(input);
  return encodeCallerAudio(pcm, sampleRate, codec);
}

/** The synchronous part of `prepareCallerAudio`, for mono PCM already in memory. */
export function encodeCallerAudio(
  pcm: Int16Array,
  sampleRate: number,
  codec: MediaCodec,
): CallerAudio {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new RangeError(`sampleRate must be a positive integer, got ${sampleRate}`);
  }
  const atCodecRate =
    sampleRate === codec.sampleRate ? pcm : resample(pcm, sampleRate, codec.sampleRate);
  const frameSamples = samplesPerFrame(codec.sampleRate);
  const frameCount = Math.ceil(atCodecRate.length / frameSamples);
  const frames: string[] = new Array(frameCount);
  const padded = new Int16Array(frameSamples);
  for (let index = 0; index < frameCount; index++) {
    const start = index * frameSamples;
    let frame = atCodecRate.subarray(start, start + frameSamples);
    if (frame.length < frameSamples) {
      padded.fill(0);
      padded.set(frame);
      frame = padded;
    }
    frames[index] = encodeBase64(codec.encode(frame));
  }
  return Object.freeze({
    kind: 'caller-audio',
    codecName: codec.name,
    sampleRate: codec.sampleRate,
    frames: Object.freeze(frames),
    durationMs: (atCodecRate.length * 1000) / codec.sampleRate,
  });
}

function checkPrepared(audio: CallerAudio, codec: MediaCodec): CallerAudio {
  if (audio.codecName !== codec.name || audio.sampleRate !== codec.sampleRate) {
    throw new RangeError(
      `caller audio was prepared for ${audio.codecName} at ${audio.sampleRate} Hz, but the call streams ${codec.name} at ${codec.sampleRate} Hz`,
    );
  }
  return audio;
}
