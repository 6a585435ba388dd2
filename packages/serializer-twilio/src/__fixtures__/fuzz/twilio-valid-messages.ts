/**
 * Valid Twilio Media Streams messages of one stream, as fast-check arbitraries, shaped like the
 * documented examples (`__fixtures__/*.json`, protocol reference §1.2), and the stream as the
 * fuzz checks of `@x/fuzz-kit` take it.
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
import { twilioProvider } from '../../twilio-provider.js';

/** Stream SID of the fuzzed stream. */
export const FUZZ_STREAM_SID = 'MZ00000000000000000000000000000001';
/** Call SID of the fuzzed stream. */
export const FUZZ_CALL_SID = 'CA00000000000000000000000000000001';
/** Account SID of the fuzzed stream. */
export const FUZZ_ACCOUNT_SID = 'AC00000000000000000000000000000001';
/** Most μ-law bytes in one generated media payload (40 ms at 8 kHz). */
export const MAX_MEDIA_PAYLOAD_BYTES = 320;
/** Twilio streams μ-law at 8 kHz: the fuzzed calls run at it, so decoded audio is exactly G.711's. */
const TWILIO_SAMPLE_RATE_HZ = 8000;

const CONNECTED: JsonObject = { event: 'connected', protocol: 'Call', version: '1.0.0' };
const twilioSequenceNumber = sequenceNumber.map(String);

/** The start message of the fuzzed stream with these custom parameters. */
export function twilioStartMessage(parameters: Record<string, string> = {}): JsonObject {
  return {
    event: 'start',
    sequenceNumber: '1',
    start: {
      accountSid: FUZZ_ACCOUNT_SID,
      streamSid: FUZZ_STREAM_SID,
      callSid: FUZZ_CALL_SID,
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: TWILIO_SAMPLE_RATE_HZ, channels: 1 },
      customParameters: parameters,
    },
    streamSid: FUZZ_STREAM_SID,
  };
}

/** A caller-track media message carrying `payload` as chunk `chunk`. */
export function twilioMediaMessage(payload: Uint8Array, chunk: number): JsonObject {
  return {
    event: 'media',
    sequenceNumber: String(chunk + 1),
    media: {
      track: 'inbound',
      chunk: String(chunk),
      timestamp: String(chunk * 20),
      payload: encodeBase64(payload),
    },
    streamSid: FUZZ_STREAM_SID,
  };
}

/** μ-law bytes of one media message. */
const mediaPayload = mediaPayloadBytes(MAX_MEDIA_PAYLOAD_BYTES);

const keyPress = fc.tuple(dtmfDigit, twilioSequenceNumber).map(([digit, sequence]) => ({
  digit,
  message: {
    event: 'dtmf',
    streamSid: FUZZ_STREAM_SID,
    sequenceNumber: sequence,
    dtmf: { track: 'inbound_track', digit },
  },
}));

const playedMark = fc.tuple(markName, twilioSequenceNumber).map(([name, sequence]) => ({
  name,
  message: { event: 'mark', sequenceNumber: sequence, streamSid: FUZZ_STREAM_SID, mark: { name } },
}));

const stop: fc.Arbitrary<JsonObject> = twilioSequenceNumber.map((sequence) => ({
  event: 'stop',
  sequenceNumber: sequence,
  stop: { accountSid: FUZZ_ACCOUNT_SID, callSid: FUZZ_CALL_SID },
  streamSid: FUZZ_STREAM_SID,
}));

/** The fuzzed Twilio stream: any message Twilio sends on it, and what each must become. */
export const twilioFuzzTarget: FuzzTarget = {
  name: 'twilio',
  descriptor: twilioProvider as ProviderDescriptor<CallData>,
  openingMessages: [CONNECTED, twilioStartMessage()],
  validMessage: fc.oneof(
    fc.constant(CONNECTED),
    customParameters.map(twilioStartMessage),
    { weight: 4, arbitrary: mediaMessages(twilioMediaMessage, mediaPayload) },
    keyPress.map(({ message }) => message),
    playedMark.map(({ message }) => message),
    stop,
  ),
  mediaMessage: twilioMediaMessage,
  sampleRateHz: TWILIO_SAMPLE_RATE_HZ,
  mediaPayload,
  decodedAudio: ulawToPcm,
  keyPress,
  playedMark,
  recognitionKinds: RECOGNITION_KINDS,
};
