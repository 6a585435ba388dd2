import { describe, expect, it } from 'vitest';
import * as entry from './index.js';

describe('the package entry point', () => {
  it('exports the serializer, descriptor, markup, verifier and signature functions', () => {
    for (const name of [
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
    ]) {
      expect(entry[name as keyof typeof entry], name).toBeDefined();
    }
    expect(entry.twilioProvider.name).toBe('twilio');
  });
});
