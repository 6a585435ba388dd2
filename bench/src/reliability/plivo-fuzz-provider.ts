import {
  dtmfDigit,
  type JsonObject,
  markName,
  mediaMessages,
  mediaPayloadBytes,
  sequenceNumber,
} from '@x/fuzz-kit';
import { createPlivo } from '@x/serializer-plivo';
import { encodeBase64 } from '@x/transport-core/provider-kit';
import fc from 'fast-check';
import type { FuzzProvider } from './fuzz-provider.js';

const STREAM_ID = '87654321-4321-4321-4321-000000000001';
const CALL_ID = '12345678-1234-1234-1234-000000000001';
/** Most μ-law bytes in one media payload (40 ms at 8 kHz). */
const MAX_PAYLOAD_BYTES = 320;

const START: JsonObject = {
  event: 'start',
  sequenceNumber: 1,
  start: {
    callId: CALL_ID,
    streamId: STREAM_ID,
    accountId: 'MAXXXXXXXXXXXXXXXXXX',
    tracks: ['inbound'],
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
  },
  extra_headers: 'userId=12345;sessionId=abc-xyz',
};

function media(payload: Uint8Array, chunk: number): JsonObject {
  return {
    event: 'media',
    sequenceNumber: chunk + 1,
    streamId: STREAM_ID,
    media: {
      track: 'inbound',
      timestamp: String(chunk * 20),
      chunk,
      payload: encodeBase64(payload),
    },
  };
}

/** Plivo audio streams (μ-law 8 kHz), as the protocol reference (§3.3) shows them. */
export const plivoFuzzProvider: FuzzProvider = {
  name: 'plivo',
  descriptor: createPlivo({ env: {} }),
  openingMessages: [START],
  mediaMessage: media,
  validMessage: fc.oneof(
    fc.constant(START),
    { weight: 4, arbitrary: mediaMessages(media, mediaPayloadBytes(MAX_PAYLOAD_BYTES)) },
    fc.tuple(dtmfDigit, sequenceNumber).map(([digit, sequence]) => ({
      event: 'dtmf',
      sequenceNumber: sequence,
      streamId: STREAM_ID,
      dtmf: { track: 'inbound', digit, timestamp: '1705312201000' },
    })),
    fc
      .tuple(fc.constantFrom('playedStream', 'played'), markName, sequenceNumber)
      .map(([event, name, sequence]) => ({
        event,
        sequenceNumber: sequence,
        streamId: STREAM_ID,
        name,
      })),
    sequenceNumber.map((sequence) => ({
      sequenceNumber: sequence,
      event: 'clearedAudio',
      streamId: STREAM_ID,
    })),
    fc
      .constantFrom('stop', 'error', 'playFailed')
      .map((event) => ({ event, streamId: STREAM_ID, reason: 'r' })),
  ),
};
