import {
  dtmfDigit,
  type JsonObject,
  markName,
  mediaMessages,
  mediaPayloadBytes,
  sequenceNumber,
} from '@x/fuzz-kit';
import { createTelnyx } from '@x/serializer-telnyx';
import { encodeBase64 } from '@x/transport-core/provider-kit';
import fc from 'fast-check';
import type { FuzzProvider } from './fuzz-provider.js';

const STREAM_ID = '00000000-0000-4000-8000-000000000001';
const CALL_CONTROL_ID = 'v2:benchmark-call-control-id';
/** Most μ-law bytes in one media payload (40 ms at 8 kHz). */
const MAX_PAYLOAD_BYTES = 320;

const CONNECTED: JsonObject = { event: 'connected', version: '1.0.0' };
const START: JsonObject = {
  event: 'start',
  sequence_number: '1',
  stream_id: STREAM_ID,
  start: {
    user_id: '3E6F995F-85F7-4705-9741-53B116D28237',
    call_control_id: CALL_CONTROL_ID,
    call_session_id: 'ff55a038-6f5d-11ef-9692-02420aeffb1f',
    from: '+13122010094',
    to: '+13122123456',
    tags: ['TAG1'],
    client_state: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
    custom_parameters: { customer_id: 'customer_123' },
    media_format: { encoding: 'PCMU', sample_rate: 8000, channels: 1 },
  },
};

function media(payload: Uint8Array, chunk: number): JsonObject {
  return {
    event: 'media',
    sequence_number: String(chunk + 1),
    media: {
      track: 'inbound',
      chunk: String(chunk),
      timestamp: String(chunk * 20),
      payload: encodeBase64(payload),
    },
    stream_id: STREAM_ID,
  };
}

const telnyxSequenceNumber = sequenceNumber.map(String);

/** Telnyx media streaming in RTP mode, as the protocol reference (§2.3) shows it. */
export const telnyxFuzzProvider: FuzzProvider = {
  name: 'telnyx',
  descriptor: createTelnyx({ env: {} }),
  openingMessages: [CONNECTED, START],
  mediaMessage: media,
  validMessage: fc.oneof(
    fc.constant(CONNECTED),
    fc.constant(START),
    { weight: 4, arbitrary: mediaMessages(media, mediaPayloadBytes(MAX_PAYLOAD_BYTES)) },
    fc.tuple(dtmfDigit, telnyxSequenceNumber).map(([digit, sequence]) => ({
      event: 'dtmf',
      stream_id: STREAM_ID,
      sequence_number: sequence,
      dtmf: { digit },
    })),
    fc.tuple(markName, telnyxSequenceNumber).map(([name, sequence]) => ({
      event: 'mark',
      sequence_number: sequence,
      stream_id: STREAM_ID,
      mark: { name },
    })),
    telnyxSequenceNumber.map((sequence) => ({
      event: 'error',
      sequence_number: sequence,
      stream_id: STREAM_ID,
      payload: { code: 100003, title: 'malformed_frame', detail: 'Incorrectly formatted frame' },
    })),
    telnyxSequenceNumber.map((sequence) => ({
      event: 'stop',
      sequence_number: sequence,
      stop: { call_control_id: CALL_CONTROL_ID },
      stream_id: STREAM_ID,
    })),
  ),
};
