import { describe, expect, it } from 'vitest';
import { recordingFileName } from './call-recordings.js';

describe('recordingFileName', () => {
  it('names a recording after the provider, the call id and its start time in UTC', () => {
    const startedAt = new Date('2026-12-07T13:36:05.123Z');
    expect(recordingFileName('twilio', 'CA0123abcd', startedAt)).toBe(
      'twilio-CA0123abcd-2026-12-07T13-36-05.123Z.wav',
    );
  });

  it('keeps a call id from leaving the folder or breaking the name', () => {
    const startedAt = new Date('2026-12-07T13:36:05.123Z');
    expect(recordingFileName('plivo', '../../etc/passwd', startedAt)).toBe(
      'plivo-______etc_passwd-2026-12-07T13-36-05.123Z.wav',
    );
    expect(recordingFileName('telnyx', '', startedAt)).toBe(
      'telnyx-unknown-2026-12-07T13-36-05.123Z.wav',
    );
  });
});
