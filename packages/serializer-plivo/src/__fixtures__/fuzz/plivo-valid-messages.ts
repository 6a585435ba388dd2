/**
 * Valid Plivo audio-stream messages of one stream, as fast-check arbitraries, shaped like the
 * documented examples (`__fixtures__/*.json`, protocol reference §3.3), and the stream as the
 * fuzz checks of `@x/fuzz-kit` take it. The stream's format is μ-law or L16 (little-endian) at
 * 8 kHz.
 */
import {
  dtmfDigit,
  type FuzzTarget,
  type JsonObject,
  markName,
  mediaMessages,
  mediaPayloadBytes,
  sequenceNumber,
} from '@x/fuzz-kit';
import {
  type CallData,
  int16FromBytes,
  type ProviderDescriptor,
  ulawToPcm,
} from '@x/transport-core';
import { encodeBase64 } from '@x/transport-core/provider-kit';
import fc from 'fast-check';
import { plivoProvider } from '../../plivo-provider.js';

/** `start.streamId` of the fuzzed stream. */
export const FUZZ_STREAM_ID = '87654321-4321-4321-4321-000000000001';
/** `start.callId` of the fuzzed call. */
export const FUZZ_CALL_ID = '12345678-1234-1234-1234-000000000001';
/** Most audio bytes in one generated media payload. */
export const MAX_MEDIA_PAYLOAD_BYTES = 640;

/** The stream formats fuzzed, as the start message names them. */
export const PLIVO_FUZZ_ENCODINGS = ['audio/x-mulaw', 'audio/x-l16'] as const;
/** One of `PLIVO_FUZZ_ENCODINGS`. */
export type PlivoFuzzEncoding = (typeof PLIVO_FUZZ_ENCODINGS)[number];

/** Sample rate of the fuzzed streams, in Hz: the calls run at it, so decoded audio is exact. */
export const PLIVO_FUZZ_SAMPLE_RATE_HZ = 8000;
/** Bytes of one L16 sample. */
const L16_SAMPLE_BYTES = 2;
const EXTRA_HEADERS = 'userId=12345;sessionId=abc-xyz';

/** The start message of the fuzzed stream in `encoding`. */
export function plivoStartMessage(
  encoding: PlivoFuzzEncoding,
  extraHeaders = EXTRA_HEADERS,
): JsonObject {
  return {
    event: 'start',
    sequenceNumber: 1,
    start: {
      callId: FUZZ_CALL_ID,
      streamId: FUZZ_STREAM_ID,
      accountId: 'MAXXXXXXXXXXXXXXXXXX',
      tracks: ['inbound'],
      mediaFormat: { encoding, sampleRate: PLIVO_FUZZ_SAMPLE_RATE_HZ },
    },
    extra_headers: extraHeaders,
  };
}

/** A caller-track media message carrying `payload` as chunk `chunk`. */
export function plivoMediaMessage(payload: Uint8Array, chunk: number): JsonObject {
  return {
    event: 'media',
    sequenceNumber: chunk + 1,
    streamId: FUZZ_STREAM_ID,
    media: {
      track: 'inbound',
      timestamp: String(1_705_312_200_000 + chunk * 20),
      chunk,
      payload: encodeBase64(payload),
    },
    extra_headers: EXTRA_HEADERS,
  };
}

const keyPress = fc.tuple(dtmfDigit, sequenceNumber).map(([digit, sequence]) => ({
  digit,
  message: {
    event: 'dtmf',
    sequenceNumber: sequence,
    streamId: FUZZ_STREAM_ID,
    dtmf: { track: 'inbound', digit, timestamp: '1705312201000' },
    extra_headers: EXTRA_HEADERS,
  },
}));

/** A `playedStream` (or legacy `played`) answer to a checkpoint. */
const playedMark = fc
  .tuple(fc.constantFrom('playedStream', 'played'), markName, sequenceNumber)
  .map(([event, name, sequence]) => ({
    name,
    message: { event, sequenceNumber: sequence, streamId: FUZZ_STREAM_ID, name },
  }));

const clearedAudio: fc.Arbitrary<JsonObject> = sequenceNumber.map((sequence) => ({
  sequenceNumber: sequence,
  event: 'clearedAudio',
  streamId: FUZZ_STREAM_ID,
}));

const stop: fc.Arbitrary<JsonObject> = fc
  .constantFrom('hangup', 'stream stopped')
  .map((reason) => ({ event: 'stop', streamId: FUZZ_STREAM_ID, reason }));

const streamError: fc.Arbitrary<JsonObject> = fc
  .constantFrom('error', 'playFailed')
  .map((event) => ({ event, streamId: FUZZ_STREAM_ID, reason: 'bad audio', code: '4001' }));

/** The fuzzed Plivo stream in `encoding`: any message Plivo sends on it, and what each must become. */
export function plivoFuzzTarget(encoding: PlivoFuzzEncoding): FuzzTarget {
  const l16 = encoding === 'audio/x-l16';
  const mediaPayload = mediaPayloadBytes(MAX_MEDIA_PAYLOAD_BYTES, l16 ? L16_SAMPLE_BYTES : 1);
  return {
    name: 'plivo',
    descriptor: plivoProvider as ProviderDescriptor<CallData>,
    openingMessages: [plivoStartMessage(encoding)],
    validMessage: fc.oneof(
      fc.string({ maxLength: 40 }).map((extraHeaders) => plivoStartMessage(encoding, extraHeaders)),
      { weight: 4, arbitrary: mediaMessages(plivoMediaMessage, mediaPayload) },
      keyPress.map(({ message }) => message),
      playedMark.map(({ message }) => message),
      clearedAudio,
      stop,
      streamError,
    ),
    mediaMessage: plivoMediaMessage,
    sampleRateHz: PLIVO_FUZZ_SAMPLE_RATE_HZ,
    mediaPayload,
    decodedAudio: l16 ? int16FromBytes : ulawToPcm,
    keyPress,
    playedMark,
    // Plivo sends nothing before its start message
    recognitionKinds: ['start', 'refused', 'none'],
  };
}
