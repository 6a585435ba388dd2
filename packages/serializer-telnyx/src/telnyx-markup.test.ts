import { describe, expect, it } from 'vitest';
import { fixtureText } from './__fixtures__/fixtures.js';
import { escapeXmlAttribute, texmlConnectStream } from './telnyx-markup.js';

describe('texmlConnectStream', () => {
  it('writes the reference TeXML by default: RTP mode, PCMU at 8000 Hz, caller track', () => {
    expect(texmlConnectStream({ url: 'wss://example.com/telnyx' })).toBe(
      fixtureText('texml-connect-stream.xml').trimEnd(),
    );
  });

  it('declares the bot audio format it is given as the bidirectional codec and rate', () => {
    const texml = texmlConnectStream({
      url: 'wss://example.com/telnyx',
      botAudioFormat: { encoding: 'L16', sampleRate: 16000, channels: 1 },
      callerCodec: 'PCMA',
      name: 'bot',
      statusCallback: 'https://example.com/status',
      statusCallbackMethod: 'POST',
    });
    expect(texml).toContain(
      '<Stream url="wss://example.com/telnyx" name="bot" codec="PCMA" bidirectionalMode="rtp" ' +
        'bidirectionalCodec="L16" bidirectionalSamplingRate="16000" track="inbound_track" ' +
        'statusCallback="https://example.com/status" statusCallbackMethod="POST"/>',
    );
  });

  it('escapes every value, including parameters', () => {
    const texml = texmlConnectStream({
      url: 'wss://example.com/ws?a=1&b=<2>',
      name: `"it's"`,
      parameters: { 'x&y': `<"'&>` },
    });
    expect(texml).toContain('url="wss://example.com/ws?a=1&amp;b=&lt;2&gt;"');
    expect(texml).toContain('name="&quot;it&apos;s&quot;"');
    expect(texml).toContain('<Parameter name="x&amp;y" value="&lt;&quot;&apos;&amp;&gt;"/>');
    expect(texml).toContain('</Stream>');
    expect(escapeXmlAttribute(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&apos;');
    expect(escapeXmlAttribute('a\r\nb\tc')).toBe('a&#xD;&#xA;b&#x9;c');
  });

  it('refuses a URL that is not a WebSocket URL and an unsupported bot format', () => {
    expect(() => texmlConnectStream({ url: 'https://example.com/telnyx' })).toThrow(
      'stream URL "https://example.com/telnyx" must use wss:// or ws://',
    );
    expect(() => texmlConnectStream({ url: '/telnyx' })).toThrow(/not an absolute URL/);
    expect(() =>
      texmlConnectStream({
        url: 'wss://example.com/telnyx',
        botAudioFormat: { encoding: 'PCMA', sampleRate: 16000, channels: 1 },
      }),
    ).toThrow(/PCMA must be at 8000 Hz/);
  });
});
