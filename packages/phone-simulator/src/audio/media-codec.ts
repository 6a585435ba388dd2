import {
  alawToPcm,
  bytesFromInt16,
  int16FromBytes,
  pcmToAlaw,
  pcmToUlaw,
  ulawToPcm,
} from '@x/transport-core';
import type { ProviderName } from '../providers/provider-name.js';

/** Codec names as Telnyx writes them; Twilio and Plivo map onto the same three. */
export type CodecName = 'PCMU' | 'PCMA' | 'L16';

/** The codec of a call's media in both directions. */
export interface MediaCodec {
  /** `PCMU` (G.711 μ-law), `PCMA` (G.711 A-law) or `L16` (little-endian PCM16). */
  readonly name: CodecName;
  /** Samples per second. */
  readonly sampleRate: number;
  /** Payload bytes per sample (1 for G.711, 2 for L16). */
  readonly bytesPerSample: 1 | 2;
  /** PCM16 → payload bytes. */
  encode(pcm: Int16Array): Uint8Array;
  /** Payload bytes → PCM16 (throws a `RangeError` for an odd L16 length). */
  decode(bytes: Uint8Array): Int16Array;
}

/** Sample rate of G.711 audio. */
export const G711_SAMPLE_RATE = 8000;

/** L16 rates Telnyx accepts for `stream_bidirectional_sampling_rate`. */
export const TELNYX_L16_SAMPLE_RATES: readonly number[] = Object.freeze([
  8000, 16000, 22050, 24000, 48000,
]);

/** L16 rates Plivo accepts (`audio/x-l16;rate=8000|16000`). */
export const PLIVO_L16_SAMPLE_RATES: readonly number[] = Object.freeze([8000, 16000]);

const PCMU: MediaCodec = Object.freeze({
  name: 'PCMU',
  sampleRate: G711_SAMPLE_RATE,
  bytesPerSample: 1,
  encode: pcmToUlaw,
  decode: ulawToPcm,
});

const PCMA: MediaCodec = Object.freeze({
  name: 'PCMA',
  sampleRate: G711_SAMPLE_RATE,
  bytesPerSample: 1,
  encode: pcmToAlaw,
  decode: alawToPcm,
});

const l16Codecs = new Map<number, MediaCodec>();

/** The L16 codec at `sampleRate` (one shared instance per rate). */
function l16Codec(sampleRate: number): MediaCodec {
  let codec = l16Codecs.get(sampleRate);
  if (!codec) {
    codec = Object.freeze({
      name: 'L16',
      sampleRate,
      bytesPerSample: 2,
      // copy: the caller may reuse its PCM buffer, and views of it must not escape
      encode: (pcm: Int16Array) => bytesFromInt16(pcm).slice(),
      decode: (bytes: Uint8Array) => int16FromBytes(bytes),
    } satisfies MediaCodec);
    l16Codecs.set(sampleRate, codec);
  }
  return codec;
}

/** How the codec was asked for: a codec name (with a rate for L16) or a Plivo content type. */
export interface CodecRequest {
  /** `PCMU`, `PCMA`, `L16`, or for Plivo a content type such as `audio/x-l16;rate=16000`. */
  codec?: string;
  /** Sample rate for L16 (ignored for G.711); default 8000. */
  sampleRate?: number;
}

const PLIVO_CONTENT_TYPE = /^audio\/x-(mulaw|l16);rate=(\d+)$/;

/**
 * Resolves the codec a provider would stream with, or throws naming the value the provider
 * does not support: Twilio streams only μ-law at 8 kHz; Telnyx PCMU, PCMA or L16 (8, 16, 22.05,
 * 24 or 48 kHz); Plivo `audio/x-mulaw;rate=8000` or `audio/x-l16;rate=8000|16000`.
 * The default is μ-law at 8 kHz for every provider.
 */
export function resolveCodec(provider: ProviderName, request: CodecRequest = {}): MediaCodec {
  let name = request.codec ?? 'PCMU';
  let sampleRate = request.sampleRate;
  const contentType = PLIVO_CONTENT_TYPE.exec(name);
  if (contentType) {
    if (provider !== 'plivo') {
      throw new RangeError(
        `codec "${name}" is a Plivo content type; ${provider} takes PCMU/PCMA/L16`,
      );
    }
    name = contentType[1] === 'mulaw' ? 'PCMU' : 'L16';
    sampleRate = Number(contentType[2]);
  }
  const upper = name.toUpperCase();
  if (upper !== 'PCMU' && upper !== 'PCMA' && upper !== 'L16') {
    throw new RangeError(`unknown codec "${request.codec}": expected PCMU, PCMA or L16`);
  }
  if (upper === 'PCMU' || upper === 'PCMA') {
    if (sampleRate !== undefined && sampleRate !== G711_SAMPLE_RATE) {
      throw new RangeError(`${upper} runs at 8000 Hz, got a sample rate of ${sampleRate}`);
    }
  }
  switch (provider) {
    case 'twilio':
      if (upper !== 'PCMU') {
        throw new RangeError(
          `Twilio Media Streams carry only μ-law at 8000 Hz (PCMU), got codec "${request.codec}"`,
        );
      }
      return PCMU;
    case 'telnyx':
      if (upper === 'PCMU') return PCMU;
      if (upper === 'PCMA') return PCMA;
      return l16Codec(checkRate(sampleRate ?? G711_SAMPLE_RATE, TELNYX_L16_SAMPLE_RATES, 'Telnyx'));
    case 'plivo':
      if (upper === 'PCMU') return PCMU;
      if (upper === 'PCMA') {
        throw new RangeError(
          'Plivo streams audio/x-mulaw;rate=8000 or audio/x-l16;rate=8000|16000, not A-law (PCMA)',
        );
      }
      return l16Codec(checkRate(sampleRate ?? G711_SAMPLE_RATE, PLIVO_L16_SAMPLE_RATES, 'Plivo'));
  }
}

function checkRate(sampleRate: number, allowed: readonly number[], provider: string): number {
  if (!allowed.includes(sampleRate)) {
    throw new RangeError(
      `${provider} L16 sample rate must be one of ${allowed.join(', ')} Hz, got ${sampleRate}`,
    );
  }
  return sampleRate;
}

/** Samples in `durationMs` of audio at `sampleRate`. */
export function samplesIn(durationMs: number, sampleRate: number): number {
  return Math.round((durationMs * sampleRate) / 1000);
}

/** Milliseconds of audio in `samples` at `sampleRate`. */
export function millisecondsOf(samples: number, sampleRate: number): number {
  return (samples * 1000) / sampleRate;
}
