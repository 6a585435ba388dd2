import { describe, expect, it } from 'vitest';
import * as entry from './index.js';
import * as wire from './wire.js';

describe('the package entry points', () => {
  it('exports what a bot or server needs from the root', () => {
    expect(Object.keys(entry)).toEqual(
      expect.arrayContaining([
        'createTwilio',
        'TWILIO_ENVIRONMENT_VARIABLES',
        'TwilioFrameSerializer',
        'DEFAULT_TWILIO_FRAME_SERIALIZER_OPTIONS',
        'twimlConnectStream',
        'TwilioRequestVerifier',
        'twilioSignature',
        'verifyTwilioSignature',
        'verifyTwilioSignatureWithBody',
      ]),
    );
    expect(entry.createTwilio({ env: {} }).name).toBe('twilio');
  });

  it('keeps the wire protocol details under /wire, not at the root', () => {
    const wireOnly = [
      'twilioCallDataFromStart',
      'twilioUpgradeUrl',
      'twilioHangUpRequest',
      'isTwilioCallAlreadyEnded',
      'parseTwilioMessage',
      'TwilioOutboundMessages',
    ];
    expect(Object.keys(wire)).toEqual(expect.arrayContaining(wireOnly));
    for (const name of wireOnly) expect(Object.keys(entry)).not.toContain(name);
  });
});
