/**
 * The opening messages of each provider's media stream (and one media message), as the
 * protocol reference shows them, with fast-check arbitraries that fuzz them.
 */
import { fuzzedMessage, type JsonObject } from '@x/fuzz-kit';
import fc from 'fast-check';

/** A provider the demo detects on `/ws`. */
export type FuzzProvider = 'twilio' | 'telnyx' | 'plivo';

const TWILIO_STREAM_SID = 'MZ00000000000000000000000000000001';
const TELNYX_STREAM_ID = '00000000-0000-4000-8000-000000000001';
const PLIVO_STREAM_ID = '87654321-4321-4321-4321-000000000001';
/** 20 ms of μ-law silence, base64. */
const SILENCE_20_MS = Buffer.alloc(160, 0xff).toString('base64');

/** What each provider sends first (Plivo sends no `connected`). */
export const OPENINGS: Readonly<Record<FuzzProvider, readonly JsonObject[]>> = {
  twilio: [
    { event: 'connected', protocol: 'Call', version: '1.0.0' },
    {
      event: 'start',
      sequenceNumber: '1',
      start: {
        accountSid: 'AC00000000000000000000000000000001',
        streamSid: TWILIO_STREAM_SID,
        callSid: 'CA00000000000000000000000000000001',
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        customParameters: {},
      },
      streamSid: TWILIO_STREAM_SID,
    },
  ],
  telnyx: [
    { event: 'connected', version: '1.0.0' },
    {
      event: 'start',
      sequence_number: '1',
      stream_id: TELNYX_STREAM_ID,
      start: {
        call_control_id: 'v2:fuzzed-call-control-id',
        from: '+13122010094',
        to: '+13122123456',
        custom_parameters: {},
        media_format: { encoding: 'PCMU', sample_rate: 8000, channels: 1 },
      },
    },
  ],
  plivo: [
    {
      event: 'start',
      sequenceNumber: 1,
      start: {
        callId: '12345678-1234-1234-1234-000000000001',
        streamId: PLIVO_STREAM_ID,
        accountId: 'MAXXXXXXXXXXXXXXXXXX',
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
      },
      extra_headers: 'userId=12345',
    },
  ],
};

/** One 20 ms caller media message of `provider`'s stream, numbered `chunk`. */
export function mediaMessage(provider: FuzzProvider, chunk: number): JsonObject {
  switch (provider) {
    case 'twilio':
      return {
        event: 'media',
        sequenceNumber: String(chunk + 2),
        media: {
          track: 'inbound',
          chunk: String(chunk),
          timestamp: String(chunk * 20),
          payload: SILENCE_20_MS,
        },
        streamSid: TWILIO_STREAM_SID,
      };
    case 'telnyx':
      return {
        event: 'media',
        sequence_number: String(chunk + 2),
        media: {
          track: 'inbound',
          chunk: String(chunk),
          timestamp: String(chunk * 20),
          payload: SILENCE_20_MS,
        },
        stream_id: TELNYX_STREAM_ID,
      };
    case 'plivo':
      return {
        event: 'media',
        sequenceNumber: chunk + 1,
        streamId: PLIVO_STREAM_ID,
        media: { track: 'inbound', timestamp: String(chunk * 20), chunk, payload: SILENCE_20_MS },
      };
  }
}

/** Any message of `provider`'s stream: an opening message or a media message. */
export function providerMessage(provider: FuzzProvider): fc.Arbitrary<JsonObject> {
  return fc.oneof(
    fc.constantFrom(...OPENINGS[provider]),
    fc.integer({ min: 1, max: 1000 }).map((chunk) => mediaMessage(provider, chunk)),
  );
}

/** Fuzzed messages of any of the three providers. */
export const anyProviderFuzzedMessage = fc.oneof(
  fuzzedMessage(providerMessage('twilio')),
  fuzzedMessage(providerMessage('telnyx')),
  fuzzedMessage(providerMessage('plivo')),
);
