import {
  dtmfDigit,
  type JsonObject,
  markName,
  mediaMessages,
  mediaPayloadBytes,
  sequenceNumber,
} from '@x/fuzz-kit';
import { createTwilio } from '@x/serializer-twilio';
import { encodeBase64 } from '@x/transport-core/provider-kit';
import fc from 'fast-check';
import type { FuzzProvider } from './fuzz-provider.js';

const STREAM_SID = 'MZ00000000000000000000000000000001';
const CALL_SID = 'CA00000000000000000000000000000001';
const ACCOUNT_SID = 'AC00000000000000000000000000000001';
/** Most μ-law bytes in one media payload (40 ms at 8 kHz). */
const MAX_PAYLOAD_BYTES = 320;

const CONNECTED: JsonObject = { event: 'connected', protocol: 'Call', version: '1.0.0' };

const START: JsonObject = {
  event: 'start',
  sequenceNumber: '1',
  start: {
    accountSid: ACCOUNT_SID,
    streamSid: STREAM_SID,
    callSid: CALL_SID,
    tracks: ['inbound'],
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    customParameters: { FirstName: 'Jane' },
  },
  streamSid: STREAM_SID,
};

function media(payload: Uint8Array, chunk: number): JsonObject {
  return {
    event: 'media',
    sequenceNumber: String(chunk + 1),
    media: {
      track: 'inbound',
      chunk: String(chunk),
      timestamp: String(chunk * 20),
      payload: encodeBase64(payload),
    },
    streamSid: STREAM_SID,
  };
}

const twilioSequenceNumber = sequenceNumber.map(String);

/** Twilio Media Streams, as the protocol reference (§1.2) shows them. */
export const twilioFuzzProvider: FuzzProvider = {
  name: 'twilio',
  descriptor: createTwilio({ env: {} }),
  openingMessages: [CONNECTED, START],
  mediaMessage: media,
  validMessage: fc.oneof(
    fc.constant(CONNECTED),
    fc.constant(START),
    { weight: 4, arbitrary: mediaMessages(media, mediaPayloadBytes(MAX_PAYLOAD_BYTES)) },
    fc.tuple(dtmfDigit, twilioSequenceNumber).map(([digit, sequence]) => ({
      event: 'dtmf',
      streamSid: STREAM_SID,
      sequenceNumber: sequence,
      dtmf: { track: 'inbound_track', digit },
    })),
    fc.tuple(markName, twilioSequenceNumber).map(([name, sequence]) => ({
      event: 'mark',
      sequenceNumber: sequence,
      streamSid: STREAM_SID,
      mark: { name },
    })),
    twilioSequenceNumber.map((sequence) => ({
      event: 'stop',
      sequenceNumber: sequence,
      stop: { accountSid: ACCOUNT_SID, callSid: CALL_SID },
      streamSid: STREAM_SID,
    })),
  ),
};
