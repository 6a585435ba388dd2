/**
 * Bugs that fuzzing found in the Twilio serializer, one test each, kept so they stay fixed.
 */
import { DEEP_ARRAY_LEVELS, deserializeOutcome, startedSerializer } from '@x/fuzz-kit';
import { ulawToPcm } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import {
  FUZZ_STREAM_SID,
  twilioFuzzTarget,
  twilioMediaMessage,
  twilioStartMessage,
} from './__fixtures__/fuzz/twilio-valid-messages.js';

const DEEP_ARRAY = `${'['.repeat(DEEP_ARRAY_LEVELS)}${']'.repeat(DEEP_ARRAY_LEVELS)}`;

describe('TwilioFrameSerializer on the messages that fuzzing found it failing', () => {
  it.each([
    [
      'media.track',
      `{"event":"media","streamSid":"${FUZZ_STREAM_SID}","media":{"track":${DEEP_ARRAY},"payload":""}}`,
    ],
    [
      'dtmf.digit',
      `{"event":"dtmf","streamSid":"${FUZZ_STREAM_SID}","dtmf":{"digit":${DEEP_ARRAY}}}`,
    ],
    ['connected.protocol', `{"event":"connected","protocol":${DEEP_ARRAY},"version":"1.0.0"}`],
  ])(
    'refuses a message whose %s is nested 10,000 levels deep with a MessageRejectedError',
    (_field, message) => {
      expect(message.length).toBeLessThan(64 * 1024);
      // it threw RangeError (Maximum call stack size exceeded) from JSON.stringify in the reason
      expect(
        deserializeOutcome(startedSerializer(twilioFuzzTarget), message).rejected,
      ).toBeDefined();
    },
  );

  it('still decodes caller audio after a second start message whose media format it refuses', () => {
    const serializer = startedSerializer(twilioFuzzTarget);
    const secondStart = twilioStartMessage();
    (secondStart.start as { mediaFormat: { sampleRate: number } }).mediaFormat.sampleRate = 16_000;
    expect(deserializeOutcome(serializer, JSON.stringify(secondStart)).rejected).toBe(
      'unsupported-codec',
    );
    const payload = Uint8Array.of(0x7f, 0x00, 0xff);
    // it refused every later media message as "unsupported-codec": the call went deaf
    const outcome = deserializeOutcome(serializer, JSON.stringify(twilioMediaMessage(payload, 1)));
    expect(outcome.rejected).toBeUndefined();
    expect(outcome.frames?.[0]).toMatchObject({ audio: ulawToPcm(payload) });
  });
});
