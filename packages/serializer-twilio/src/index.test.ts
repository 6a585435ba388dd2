import { describe, expect, it } from 'vitest';
import * as entry from './index.js';

describe('the package entry point', () => {
  it('exports the serializer, descriptor, markup, verifier and signature functions', () => {
    expect(Object.keys(entry)).toEqual(
      expect.arrayContaining([
        'createTwilio',
        'TWILIO_ENVIRONMENT_VARIABLES',
        'TwilioFrameSerializer',
        'DEFAULT_TWILIO_FRAME_SERIALIZER_OPTIONS',
        'twilioProvider',
        'twilioCallDataFromStart',
        'twimlConnectStream',
        'TwilioRequestVerifier',
        'twilioUpgradeUrl',
        'twilioSignature',
        'validateTwilioSignature',
        'validateTwilioSignatureWithBody',
        'twilioHangUpRequest',
        'isTwilioCallAlreadyEnded',
        'parseTwilioMessage',
        'TwilioOutboundMessages',
      ]),
    );
    expect(entry.twilioProvider.name).toBe('twilio');
  });
});
