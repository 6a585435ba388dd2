import { describe, expect, it } from 'vitest';
import { FIXTURE_STREAM_SID, fixtureJson } from './__fixtures__/fixtures.js';
import { readTwilioTransportMessage, TwilioOutboundMessages } from './twilio-outbound-messages.js';

const messages = new TwilioOutboundMessages(FIXTURE_STREAM_SID);

describe('TwilioOutboundMessages', () => {
  it('writes the documented media, mark and clear messages with their fields in order', () => {
    const media = messages.media('a3242sa...');
    expect(JSON.parse(media)).toEqual(fixtureJson('outbound-media.json'));
    expect(media).toBe(JSON.stringify(fixtureJson('outbound-media.json')));
    const mark = messages.mark('my label');
    expect(mark).toBe(JSON.stringify(fixtureJson('outbound-mark.json')));
    expect(messages.clear()).toBe(JSON.stringify(fixtureJson('outbound-clear.json')));
  });

  it('escapes mark names and stream ids as JSON strings', () => {
    const odd = new TwilioOutboundMessages('MZ"\\');
    const mark = odd.mark('say "hi"\n\u2028');
    expect(JSON.parse(mark)).toEqual({
      event: 'mark',
      streamSid: 'MZ"\\',
      mark: { name: 'say "hi"\n\u2028' },
    });
    expect(JSON.parse(odd.clear())).toEqual({ event: 'clear', streamSid: 'MZ"\\' });
  });
});

describe('readTwilioTransportMessage', () => {
  it('accepts the three messages Twilio takes, as objects or JSON text, with or without streamSid', () => {
    expect(
      readTwilioTransportMessage(fixtureJson('outbound-clear.json'), FIXTURE_STREAM_SID),
    ).toEqual({
      event: 'clear',
    });
    expect(
      readTwilioTransportMessage('{"event":"mark","mark":{"name":"x"}}', FIXTURE_STREAM_SID),
    ).toEqual({
      event: 'mark',
      name: 'x',
    });
    expect(
      readTwilioTransportMessage({ event: 'media', media: { payload: '//8=' } }, 'MZ1'),
    ).toEqual({
      event: 'media',
      payload: '//8=',
    });
  });

  it.each([
    ['another event', { event: 'dtmf', dtmf: { digit: '1' } }, 'not one Twilio accepts'],
    ['an RTVI message', { label: 'rtvi-ai', type: 'x' }, 'undefined'],
    ['another stream', { event: 'clear', streamSid: 'MZother' }, '"MZother"'],
    ['an extra field', { event: 'clear', track: 'inbound' }, 'track'],
    ['a mark without a name', { event: 'mark', mark: {} }, '"mark"'],
    ['a mark with an extra field', { event: 'mark', mark: { name: 'a', at: 1 } }, '"mark"'],
    ['media that is not base64', { event: 'media', media: { payload: 'a3242sa...' } }, 'base64'],
    ['empty media', { event: 'media', media: { payload: '' } }, 'non-empty'],
    ['text that is not JSON', 'hello', 'not JSON'],
    ['a number', 42, 'not a JSON object'],
  ])('refuses %s with a reason', (_name, message, reasonPart) => {
    const read = readTwilioTransportMessage(message, FIXTURE_STREAM_SID);
    expect(read.event).toBeUndefined();
    expect((read as { refusal: string }).refusal).toContain(reasonPart);
  });
});
