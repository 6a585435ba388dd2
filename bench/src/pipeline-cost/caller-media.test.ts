import { describe, expect, it } from 'vitest';
import { CYCLE_MS } from '../calls/caller-speech.js';
import {
  callerPayloads,
  cycleOffset,
  MEDIA_FRAME_MS,
  mediaMessage,
  openingMessages,
  twilioIds,
} from './caller-media.js';

describe('callerPayloads', () => {
  it('encodes one cycle of caller speech as one base64 payload of 160 bytes per 20 ms frame', () => {
    const payloads = callerPayloads((pcm) => new Uint8Array(pcm.length).fill(0xff));
    expect(payloads).toHaveLength(CYCLE_MS / MEDIA_FRAME_MS);
    expect(Buffer.from(payloads[0]!, 'base64')).toHaveLength(160);
  });
});

describe('cycleOffset', () => {
  it('spreads the calls evenly over the cycle', () => {
    expect([0, 1, 2, 3].map((index) => cycleOffset(index, 4, 400))).toEqual([0, 100, 200, 300]);
    expect(cycleOffset(299, 300, 400)).toBeLessThan(400);
  });
});

describe('twilio messages', () => {
  it('writes media messages that are Twilio JSON numbered after the start', () => {
    const ids = twilioIds(7);
    const message = JSON.parse(mediaMessage(ids.streamSid, 3, 'AAAA'));
    expect(message).toEqual({
      event: 'media',
      sequenceNumber: '5',
      media: { track: 'inbound', chunk: '4', timestamp: '60', payload: 'AAAA' },
      streamSid: ids.streamSid,
    });
  });

  it('opens with connected, then a start carrying the call identifiers', () => {
    const ids = twilioIds(255);
    expect(ids.streamSid).toMatch(/^MZ[0-9a-f]{32}$/);
    const [connected, start] = openingMessages(ids).map((text) => JSON.parse(text));
    expect(connected.event).toBe('connected');
    expect(start.start).toMatchObject({ streamSid: ids.streamSid, callSid: ids.callSid });
  });
});
