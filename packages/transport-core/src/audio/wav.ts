/** Minimal RIFF/WAVE support for 16-bit PCM: write a 44-byte header, read PCM16 files. */

import { bytesFromInt16, int16FromBytes } from './pcm-bytes.js';

/** Size of the canonical header written by `pcmToWav` (RIFF + fmt + data chunk headers). */
export const WAV_HEADER_BYTES = 44;

const BITS_PER_SAMPLE = 16;
const BYTES_PER_SAMPLE = 2;
const FMT_CHUNK_BYTES = 16;
const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Data chunk size some streaming writers use when the length is unknown. */
const UNKNOWN_DATA_SIZE = 0xffff_ffff;
const CHUNK_HEADER_BYTES = 8;
const RIFF_HEADER_BYTES = 12;
const MAX_CHANNELS = 0xffff;

/** A decoded PCM16 WAV file. */
export interface WavAudio {
  /** Samples, interleaved when there is more than one channel. */
  audio: Int16Array;
  /** Frames per second. */
  sampleRate: number;
  /** Channels per frame. */
  numChannels: number;
}

/**
 * Wraps PCM16 samples (interleaved when `numChannels` > 1) in a 44-byte WAV header, like Python's
 * `wave` module as Pipecat's `pcm_to_wav` uses it: trailing samples that do not complete a frame
 * are dropped.
 */
export function pcmToWav(pcm: Int16Array, sampleRate: number, numChannels = 1): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffff_ffff) {
    throw new RangeError(`WAV sample rate must be a positive integer, got ${sampleRate}`);
  }
  if (!Number.isInteger(numChannels) || numChannels <= 0 || numChannels > MAX_CHANNELS) {
    throw new RangeError(
      `WAV channel count must be an integer from 1 to 65535, got ${numChannels}`,
    );
  }
  const frameCount = Math.floor(pcm.length / numChannels);
  const dataBytes = frameCount * numChannels * BYTES_PER_SAMPLE;
  const blockAlign = numChannels * BYTES_PER_SAMPLE;
  const wav = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
  const view = new DataView(wav.buffer);
  writeAscii(wav, 0, 'RIFF');
  view.setUint32(4, WAV_HEADER_BYTES - CHUNK_HEADER_BYTES + dataBytes, true);
  writeAscii(wav, 8, 'WAVE');
  writeAscii(wav, 12, 'fmt ');
  view.setUint32(16, FMT_CHUNK_BYTES, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, numChannels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, BITS_PER_SAMPLE, true);
  writeAscii(wav, 36, 'data');
  view.setUint32(40, dataBytes, true);
  wav.set(bytesFromInt16(pcm.subarray(0, frameCount * numChannels)), WAV_HEADER_BYTES);
  return wav;
}

/**
 * Reads a PCM16 WAV file. Unknown chunks (LIST, fact, …) are skipped. Throws a `RangeError` naming
 * the problem for anything that is not RIFF/WAVE, not 16-bit integer PCM, or truncated. The
 * returned audio may share memory with `bytes`.
 */
export function parseWav(bytes: Uint8Array): WavAudio {
  if (bytes.length < RIFF_HEADER_BYTES) {
    throw new RangeError(`not a WAV file: ${bytes.length} bytes is shorter than a RIFF header`);
  }
  const riff = readAscii(bytes, 0);
  const wave = readAscii(bytes, 8);
  if (riff !== 'RIFF' || wave !== 'WAVE') {
    throw new RangeError(`not a WAV file: starts with "${riff}…${wave}", expected "RIFF…WAVE"`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: { sampleRate: number; numChannels: number } | undefined;
  let offset = RIFF_HEADER_BYTES;
  while (offset + CHUNK_HEADER_BYTES <= bytes.length) {
    const chunkId = readAscii(bytes, offset);
    const declaredSize = view.getUint32(offset + 4, true);
    const bodyStart = offset + CHUNK_HEADER_BYTES;
    const available = bytes.length - bodyStart;
    if (chunkId === 'fmt ') {
      if (declaredSize > available) throw truncated('fmt', declaredSize, available);
      format = readFormat(view, bodyStart, declaredSize);
    } else if (chunkId === 'data') {
      if (!format) throw new RangeError('invalid WAV file: data chunk comes before the fmt chunk');
      const dataBytes = declaredSize === UNKNOWN_DATA_SIZE ? available : declaredSize;
      if (dataBytes > available) throw truncated('data', dataBytes, available);
      const blockAlign = format.numChannels * BYTES_PER_SAMPLE;
      if (dataBytes % blockAlign !== 0) {
        throw new RangeError(
          `truncated WAV file: data chunk has ${dataBytes} bytes, not a whole number of ${blockAlign}-byte frames`,
        );
      }
      const audio = int16FromBytes(bytes.subarray(bodyStart, bodyStart + dataBytes));
      return { audio, ...format };
    }
    offset = bodyStart + declaredSize + (declaredSize % 2);
  }
  throw new RangeError(
    format ? 'truncated WAV file: no data chunk' : 'invalid WAV file: no fmt chunk before the end',
  );
}

function readFormat(
  view: DataView,
  start: number,
  size: number,
): { sampleRate: number; numChannels: number } {
  if (size < FMT_CHUNK_BYTES) {
    throw new RangeError(`invalid WAV file: fmt chunk has ${size} bytes, expected at least 16`);
  }
  const formatTag = view.getUint16(start, true);
  const numChannels = view.getUint16(start + 2, true);
  const sampleRate = view.getUint32(start + 4, true);
  const bitsPerSample = view.getUint16(start + 14, true);
  const isPcm =
    formatTag === WAVE_FORMAT_PCM ||
    (formatTag === WAVE_FORMAT_EXTENSIBLE && size >= 26 && view.getUint16(start + 24, true) === 1);
  if (!isPcm || bitsPerSample !== BITS_PER_SAMPLE) {
    throw new RangeError(
      `unsupported WAV encoding: format tag 0x${formatTag.toString(16)} with ${bitsPerSample} bits per sample; only 16-bit integer PCM is supported`,
    );
  }
  if (numChannels === 0 || sampleRate === 0) {
    throw new RangeError(
      `invalid WAV file: ${numChannels} channels at ${sampleRate} Hz in the fmt chunk`,
    );
  }
  return { sampleRate, numChannels };
}

function truncated(chunk: string, declared: number, available: number): RangeError {
  return new RangeError(
    `truncated WAV file: ${chunk} chunk declares ${declared} bytes but only ${available} remain`,
  );
}

function writeAscii(target: Uint8Array, offset: number, text: string): void {
  for (let index = 0; index < text.length; index++) target[offset + index] = text.charCodeAt(index);
}

function readAscii(source: Uint8Array, offset: number): string {
  return String.fromCharCode(...source.subarray(offset, offset + 4));
}
