import { describe, expect, it } from 'vitest';
import { isClearMessage } from './socket-send-probe.js';

const STREAM_SID = 'MZ18ad3ab5a668481ce02b83e7395059f0';
const CLEAR = JSON.stringify({ event: 'clear', streamSid: STREAM_SID });
const MEDIA = JSON.stringify({
  event: 'media',
  streamSid: STREAM_SID,
  media: { payload: '/'.repeat(216) },
});

describe('isClearMessage', () => {
  it('recognises a Twilio clear as text and as bytes', () => {
    expect(isClearMessage(CLEAR)).toBe(true);
    expect(isClearMessage(Buffer.from(CLEAR))).toBe(true);
  });

  it('takes media messages and other data for something else', () => {
    expect(isClearMessage(MEDIA)).toBe(false);
    expect(isClearMessage(Buffer.from(MEDIA))).toBe(false);
    expect(isClearMessage(JSON.stringify({ event: 'mark', streamSid: STREAM_SID }))).toBe(false);
    expect(isClearMessage(new ArrayBuffer(8))).toBe(false);
  });
});
