/**
 * Valid Telnyx media-streaming messages of one stream (RTP mode, PCMU 8 kHz), as fast-check
 * arbitraries, shaped like the documented examples (`__fixtures__/*.json`, protocol reference
 * §2.3), and the stream as the fuzz checks of `@x/fuzz-kit` take it.
 */
import {
  customParameters,
  dtmfDigit,
  type FuzzTarget,
  type JsonObject,
  markName,
  mediaMessages,
  mediaPayloadBytes,
  RECOGNITION_KINDS,
  sequenceNumber,
} from '@x/fuzz-kit';
import { type CallData, type ProviderDescriptor, ulawToPcm } from '@x/transport-core';
import { encodeBase64 } from '@x/transport-core/provider-kit';
import fc from 'fast-check';
import { telnyxProvider } from '../../telnyx-provider.js';

/** `stream_id` of the fuzzed stream. */
export const FUZZ_STREAM_ID = '00000000-0000-4000-8000-000000000001';
/** `call_control_id` of the fuzzed call. */
export const FUZZ_CALL_CONTROL_ID = 'v2:fuzzed-call-control-id';
/** Most μ-law bytes in one generated media payload (40 ms at 8 kHz). */
export const MAX_MEDIA_PAYLOAD_BYTES = 320;
/** The fuzzed stream's rate: the calls run at it, so decoded audio is exactly G.711's. */
const TELNYX_SAMPLE_RATE_HZ = 8000;
const USER_ID = '3E6F995F-85F7-4705-9741-53B116D28237';

const CONNECTED: JsonObject = { event: 'connected', version: '1.0.0' };
const telnyxSequenceNumber = sequenceNumber.map(String);

/** The start message of the fuzzed stream with these custom parameters. */
export function telnyxStartMessage(parameters: Record<string, string> = {}): JsonObject {
  return {
    event: 'start',
    sequence_number: '1',
    stream_id: FUZZ_STREAM_ID,
    start: {
      user_id: USER_ID,
      call_control_id: FUZZ_CALL_CONTROL_ID,
      call_session_id: 'ff55a038-6f5d-11ef-9692-02420aeffb1f',
      from: '+13122010094',
      to: '+13122123456',
      tags: ['TAG1'],
      client_state: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
      custom_parameters: parameters,
      media_format: { encoding: 'PCMU', sample_rate: TELNYX_SAMPLE_RATE_HZ, channels: 1 },
    },
  };
}

/** A caller-track media message carrying `payload` as chunk `chunk`. */
export function telnyxMediaMessage(payload: Uint8Array, chunk: number): JsonObject {
  return {
    event: 'media',
    sequence_number: String(chunk + 1),
    media: {
      track: 'inbound',
      chunk: String(chunk),
      timestamp: String(chunk * 20),
      payload: encodeBase64(payload),
    },
    stream_id: FUZZ_STREAM_ID,
  };
}

/** μ-law bytes of one media message. */
const mediaPayload = mediaPayloadBytes(MAX_MEDIA_PAYLOAD_BYTES);

const keyPress = fc.tuple(dtmfDigit, telnyxSequenceNumber).map(([digit, sequence]) => ({
  digit,
  message: {
    event: 'dtmf',
    stream_id: FUZZ_STREAM_ID,
    occurred_at: '2025-06-05T08:54:19.698408Z',
    sequence_number: sequence,
    dtmf: { digit },
  },
}));

const playedMark = fc.tuple(markName, telnyxSequenceNumber).map(([name, sequence]) => ({
  name,
  message: { event: 'mark', sequence_number: sequence, stream_id: FUZZ_STREAM_ID, mark: { name } },
}));

const streamError: fc.Arbitrary<JsonObject> = telnyxSequenceNumber.map((sequence) => ({
  event: 'error',
  sequence_number: sequence,
  stream_id: FUZZ_STREAM_ID,
  payload: { code: 100003, title: 'malformed_frame', detail: 'Incorrectly formatted frame' },
}));

const stop: fc.Arbitrary<JsonObject> = telnyxSequenceNumber.map((sequence) => ({
  event: 'stop',
  sequence_number: sequence,
  stop: { user_id: USER_ID, call_control_id: FUZZ_CALL_CONTROL_ID },
  stream_id: FUZZ_STREAM_ID,
}));

/** The fuzzed Telnyx stream: any message Telnyx sends on it, and what each must become. */
export const telnyxFuzzTarget: FuzzTarget = {
  name: 'telnyx',
  descriptor: telnyxProvider as ProviderDescriptor<CallData>,
  openingMessages: [CONNECTED, telnyxStartMessage()],
  validMessage: fc.oneof(
    fc.constant(CONNECTED),
    customParameters.map(telnyxStartMessage),
    { weight: 4, arbitrary: mediaMessages(telnyxMediaMessage, mediaPayload) },
    keyPress.map(({ message }) => message),
    playedMark.map(({ message }) => message),
    streamError,
    stop,
  ),
  mediaMessage: telnyxMediaMessage,
  sampleRateHz: TELNYX_SAMPLE_RATE_HZ,
  mediaPayload,
  decodedAudio: ulawToPcm,
  keyPress,
  playedMark,
  recognitionKinds: RECOGNITION_KINDS,
};
