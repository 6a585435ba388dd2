import { Response } from 'plivo';
import { describe, expect, it } from 'vitest';
import { fixtureText } from './__fixtures__/load-fixture.js';
import { escapeXml, plivoStreamElement, plivoStreamXml } from './plivo-markup.js';
import { plivoProvider } from './plivo-provider.js';

/** Attributes and text of the single `<Stream>` element in a Plivo XML document. */
function streamElementOf(xml: string): { attributes: Record<string, string>; text: string } {
  const match = /<Stream((?:\s+[A-Za-z]+="[^"]*")*)\s*>([^<]*)<\/Stream>/.exec(xml);
  if (!match) throw new Error(`no <Stream> element in ${xml}`);
  const attributes: Record<string, string> = {};
  for (const [, name, value] of match[1]!.matchAll(/([A-Za-z]+)="([^"]*)"/g)) {
    attributes[name!] = value!;
  }
  return { attributes, text: match[2]! };
}

describe('plivoStreamXml', () => {
  it('writes the minimal bidirectional stream that holds the call, in μ-law 8 kHz', () => {
    expect(plivoStreamXml({ url: 'wss://example.com/plivo' })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n' +
        '  <Stream bidirectional="true" keepCallAlive="true" contentType="audio/x-mulaw;rate=8000">' +
        'wss://example.com/plivo</Stream>\n</Response>\n',
    );
  });

  it('reproduces the reference <Stream> example byte for byte', () => {
    expect(
      plivoStreamXml({
        url: 'wss://example.com/plivo',
        audioTrack: 'inbound',
        streamTimeoutSeconds: 3600,
        statusCallbackUrl: 'https://example.com/stream-status',
        statusCallbackMethod: 'POST',
        extraHeaders: { userId: '12345', sessionId: 'abc' },
      }),
    ).toBe(fixtureText('stream.xml'));
  });

  // plivo 4.79.0's builder does not know the newer noiseCancellation attributes.
  it("matches the plivo SDK's own XML builder attribute for attribute", () => {
    const options = {
      url: 'wss://bot.example.com/plivo?tenant=a&call=b',
      contentType: 'audio/x-l16;rate=16000',
      extraHeaders: { userId: '12345', plan: 'gold' },
      streamTimeoutSeconds: 600,
      statusCallbackUrl: 'https://bot.example.com/status?a=1&b=2',
    } as const;
    const sdk = Response();
    sdk.addStream(options.url, {
      bidirectional: true,
      keepCallAlive: true,
      contentType: options.contentType,
      extraHeaders: 'userId=12345,plan=gold',
      streamTimeout: 600,
      statusCallbackUrl: options.statusCallbackUrl,
    });
    expect(streamElementOf(plivoStreamXml(options))).toEqual(streamElementOf(sdk.toXML()));
  });

  it('escapes & < > " \' in the URL and attribute values', () => {
    const element = plivoStreamElement({
      url: `wss://h/p?a=1&b=<x>"y'`,
      statusCallbackUrl: `https://h/s?a=1&b="'<>`,
    });
    expect(element).toContain('>wss://h/p?a=1&amp;b=&lt;x&gt;&quot;y&apos;</Stream>');
    expect(element).toContain('statusCallbackUrl="https://h/s?a=1&amp;b=&quot;&apos;&lt;&gt;"');
    expect(escapeXml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&apos;');
    expect(escapeXml('a\r\nb\tc')).toBe('a&#xD;&#xA;b&#x9;c');
  });

  it.each([
    [
      { url: 'https://example.com/plivo' },
      /url "https:\/\/example.com\/plivo" must use wss:\/\/ or ws:\/\//,
    ],
    [{ url: 'not a url' }, /url "not a url" is not an absolute URL/],
    [
      { url: 'wss://h/p', audioTrack: 'both' as const },
      /audioTrack "both" is not allowed on a bidirectional stream/,
    ],
    [{ url: 'wss://h/p', extraHeaders: { 'user-id': '1' } }, /key "user-id"/],
    [
      { url: 'wss://h/p', streamTimeoutSeconds: 0 },
      /streamTimeoutSeconds must be a positive integer, got 0/,
    ],
    [
      { url: 'wss://h/p', noiseCancellationLevel: 59 },
      /noiseCancellationLevel must be an integer from 60 to 100, got 59/,
    ],
    [
      { url: 'wss://h/p', contentType: 'audio/x-alaw;rate=8000' as never },
      /contentType "audio\/x-alaw;rate=8000"/,
    ],
  ])('refuses %j', (options, message) => {
    expect(() => plivoStreamXml(options)).toThrow(message);
  });

  it('writes noise cancellation and its level', () => {
    expect(
      plivoStreamElement({ url: 'wss://h/p', noiseCancellation: true, noiseCancellationLevel: 70 }),
    ).toContain('noiseCancellation="true" noiseCancellationLevel="70">');
  });

  it('allows another track on a one-way stream', () => {
    expect(
      plivoStreamElement({ url: 'wss://h/p', bidirectional: false, audioTrack: 'both' }),
    ).toContain(
      'bidirectional="false" keepCallAlive="true" contentType="audio/x-mulaw;rate=8000" audioTrack="both"',
    );
  });
});

describe('plivoProvider.webhookResponse', () => {
  it('answers with Plivo XML carrying the parameters as extraHeaders', () => {
    const response = plivoProvider.webhookResponse({
      streamUrl: 'wss://bot.example.com/ws',
      parameters: { tenant: 'acme', userId: '42' },
    });
    expect(response.contentType).toBe('application/xml');
    expect(streamElementOf(response.body)).toEqual({
      attributes: {
        bidirectional: 'true',
        keepCallAlive: 'true',
        contentType: 'audio/x-mulaw;rate=8000',
        extraHeaders: 'tenant=acme,userId=42',
      },
      text: 'wss://bot.example.com/ws',
    });
  });
});
