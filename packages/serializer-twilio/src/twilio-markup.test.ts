import { readFileSync } from 'node:fs';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { escapeXmlAttribute, twimlConnectStream } from './twilio-markup.js';

const documentedTwiml = readFileSync(new URL('./__fixtures__/stream.xml', import.meta.url), 'utf8');

/** The reference's pretty-printed TwiML on one line, as TwiML generators write it. */
function compact(xml: string): string {
  return xml.replace(/>\s+</g, '><').trim();
}

describe('twimlConnectStream', () => {
  it('writes the documented <Connect><Stream> example', () => {
    const twiml = twimlConnectStream({
      url: 'wss://example.com/media',
      name: 'agent',
      statusCallback: 'https://example.com/stream-status',
      statusCallbackMethod: 'POST',
      action: 'https://example.com/after-stream',
      method: 'POST',
      parameters: { FirstName: 'Jane', LastName: 'Doe' },
    });
    expect(twiml).toBe(compact(documentedTwiml));
  });

  it('writes exactly what the twilio SDK VoiceResponse writes', () => {
    const response = new twilio.twiml.VoiceResponse();
    const stream = response
      .connect({ action: 'https://example.com/next?a=1&b=2' })
      .stream({ url: 'wss://example.com/media?x=1&y=2', name: 'a "quoted" & <bracketed name' });
    stream.parameter({ name: 'From', value: '+14155550100' });
    stream.parameter({ name: 'note', value: 'tab\there & "there"\nnext line' });
    const ours = twimlConnectStream({
      url: 'wss://example.com/media?x=1&y=2',
      name: 'a "quoted" & <bracketed name',
      action: 'https://example.com/next?a=1&b=2',
      parameters: [
        { name: 'From', value: '+14155550100' },
        { name: 'note', value: 'tab\there & "there"\nnext line' },
      ],
    });
    expect(ours).toBe(response.toString());
  });

  it('writes a bare stream like the SDK when there are no parameters', () => {
    const response = new twilio.twiml.VoiceResponse();
    response.connect().stream({ url: 'wss://example.com/ws' });
    expect(twimlConnectStream({ url: 'wss://example.com/ws' })).toBe(response.toString());
  });

  it('escapes & < > " and \' in every value', () => {
    const twiml = twimlConnectStream({
      url: 'wss://example.com/ws',
      parameters: { 'k&<>"\'': 'v&<>"\'' },
    });
    expect(twiml).toContain(
      '<Parameter name="k&amp;&lt;&gt;&quot;&apos;" value="v&amp;&lt;&gt;&quot;&apos;"/>',
    );
    expect(escapeXmlAttribute('a\r\nb\tc')).toBe('a&#xD;&#xA;b&#x9;c');
  });

  it('refuses a stream URL that is not wss://, naming it', () => {
    expect(() => twimlConnectStream({ url: 'https://example.com/ws' })).toThrow(
      'Stream url "https://example.com/ws" must use wss://',
    );
    expect(() => twimlConnectStream({ url: 'ws://example.com/ws' })).toThrow(/must use wss:/);
    expect(() => twimlConnectStream({ url: '/ws' })).toThrow(
      'Stream url "/ws" is not an absolute URL',
    );
  });

  it('refuses a parameter whose name and value reach 500 characters together', () => {
    const name = 'n'.repeat(100);
    expect(() =>
      twimlConnectStream({ url: 'wss://e.com/ws', parameters: { [name]: 'v'.repeat(399) } }),
    ).not.toThrow();
    expect(() =>
      twimlConnectStream({ url: 'wss://e.com/ws', parameters: { [name]: 'v'.repeat(400) } }),
    ).toThrow(/500 characters together; Twilio requires under 500/);
  });

  it('refuses an empty parameter name, a non-string value, a bad callback and a bad method', () => {
    expect(() => twimlConnectStream({ url: 'wss://e.com/ws', parameters: { '': 'x' } })).toThrow(
      /name "" must be a non-empty string/,
    );
    expect(() =>
      twimlConnectStream({
        url: 'wss://e.com/ws',
        parameters: [{ name: 'n', value: 5 as unknown as string }],
      }),
    ).toThrow(/"n" value must be a string/);
    expect(() =>
      twimlConnectStream({ url: 'wss://e.com/ws', statusCallback: 'ftp://e.com/status' }),
    ).toThrow(/statusCallback "ftp:\/\/e.com\/status" must use https:\/\/ or http:\/\//);
    expect(() =>
      twimlConnectStream({ url: 'wss://e.com/ws', method: 'PUT' as unknown as 'POST' }),
    ).toThrow('<Connect> method "PUT" must be "GET" or "POST"');
    expect(() => twimlConnectStream({ url: 'wss://e.com/ws', action: '' })).toThrow(/action/);
  });
});
