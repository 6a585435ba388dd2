import { describe, expect, it } from 'vitest';
import { parsePlivoExtraHeaders, parseStreamMarkup } from './parse-stream-markup.js';
import { decodeXmlEntities } from './xml-entities.js';

describe('reading TwiML and TeXML streams', () => {
  it('reads the documented Twilio <Connect><Stream> with its parameters', () => {
    const markup = parseStreamMarkup(`<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Connect action="https://example.com/after-stream" method="POST">
    <Stream url="wss://example.com/media" name="agent" statusCallback="https://example.com/stream-status" statusCallbackMethod="POST">
      <Parameter name="FirstName" value="Jane"/>
      <Parameter name="LastName" value="Doe"/>
    </Stream>
  </Connect>
</Response>`);
    expect(markup).toEqual({
      url: 'wss://example.com/media',
      parameters: { FirstName: 'Jane', LastName: 'Doe' },
      attributes: {
        url: 'wss://example.com/media',
        name: 'agent',
        statusCallback: 'https://example.com/stream-status',
        statusCallbackMethod: 'POST',
      },
      parentName: 'Connect',
    });
  });

  it('decodes entity-escaped attribute values, named and numeric', () => {
    const markup = parseStreamMarkup(
      '<Response><Connect><Stream url="wss://bot.example.com/ws?a=1&amp;b=2">' +
        '<Parameter name="callToken" value="v1.a&amp;b&lt;c&gt;d&quot;e&apos;f&#38;g&#x3D;h"/>' +
        '</Stream></Connect></Response>',
    );
    expect(markup?.url).toBe('wss://bot.example.com/ws?a=1&b=2');
    expect(markup?.parameters).toEqual({ callToken: `v1.a&b<c>d"e'f&g=h` });
  });

  it('reads attributes in any order, with either quote, spaces around "=" and line breaks', () => {
    const markup = parseStreamMarkup(
      `<Response><Connect>
        <Stream
          bidirectionalMode = 'rtp'
          url='wss://bot.example.com/telnyx'   track="inbound_track" >
          <Parameter value='42' name="customer_id"></Parameter>
          <Parameter
             value="x > y"
             name='note' />
        </Stream>
      </Connect></Response>`,
    );
    expect(markup).toMatchObject({
      url: 'wss://bot.example.com/telnyx',
      parameters: { customer_id: '42', note: 'x > y' },
      attributes: { bidirectionalMode: 'rtp', track: 'inbound_track' },
      parentName: 'Connect',
    });
  });

  it('reads a self-closing <Stream> without parameters, skipping comments and the declaration', () => {
    const markup = parseStreamMarkup(
      '<?xml version="1.0"?><!-- answer --><Response><Connect>' +
        '<!-- <Stream url="wss://wrong.example.com/"/> -->' +
        '<Stream url="wss://bot.example.com/ws" bidirectionalMode="rtp"/>' +
        '<Parameter name="outside" value="ignored"/></Connect></Response>',
    );
    expect(markup).toEqual({
      url: 'wss://bot.example.com/ws',
      parameters: {},
      attributes: { url: 'wss://bot.example.com/ws', bidirectionalMode: 'rtp' },
      parentName: 'Connect',
    });
  });

  it('reports the verb a <Stream> sits in, so a one-way <Start><Stream> can be told apart', () => {
    expect(
      parseStreamMarkup('<Response><Start><Stream url="wss://x.example.com/"/></Start></Response>')
        ?.parentName,
    ).toBe('Start');
  });

  it('finds no stream in markup without a <Stream> element (names are case-sensitive)', () => {
    expect(parseStreamMarkup('<Response><Say>Hello</Say><Hangup/></Response>')).toBeUndefined();
    expect(
      parseStreamMarkup(
        '<Response><Connect><stream url="wss://x.example.com/"/></Connect></Response>',
      ),
    ).toBeUndefined();
    expect(parseStreamMarkup('')).toBeUndefined();
    expect(parseStreamMarkup('Forbidden: bad signature')).toBeUndefined();
  });
});

describe('reading Plivo streams', () => {
  it('takes the URL from the element text and the parameters from extraHeaders', () => {
    const markup = parseStreamMarkup(`<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Stream bidirectional="true" keepCallAlive="true" contentType="audio/x-mulaw;rate=8000" extraHeaders="userId=12345,sessionId=abc">
    wss://example.com/plivo
  </Stream>
</Response>`);
    expect(markup).toMatchObject({
      url: 'wss://example.com/plivo',
      parameters: { userId: '12345', sessionId: 'abc' },
      attributes: {
        bidirectional: 'true',
        keepCallAlive: 'true',
        contentType: 'audio/x-mulaw;rate=8000',
        extraHeaders: 'userId=12345,sessionId=abc',
      },
      parentName: 'Response',
    });
  });

  it('decodes an entity-escaped URL in the element text', () => {
    expect(
      parseStreamMarkup(
        '<Response><Stream>wss://x.example.com/ws?a=1&amp;b=&#50;</Stream></Response>',
      )?.url,
    ).toBe('wss://x.example.com/ws?a=1&b=2');
    expect(
      parseStreamMarkup(
        '<Response><Stream><![CDATA[wss://x.example.com/ws?a=1&b=2]]></Stream></Response>',
      )?.url,
    ).toBe('wss://x.example.com/ws?a=1&b=2');
  });

  it('splits extraHeaders on "," and ";", trimming, skipping parts without a key', () => {
    expect(
      parsePlivoExtraHeaders('callToken=abc123, userId=7;sessionId = s1;;flag;=nokey'),
    ).toEqual({ callToken: 'abc123', userId: '7', sessionId: 's1' });
    expect(parsePlivoExtraHeaders('')).toEqual({});
    const markup = parseStreamMarkup(
      '<Response><Stream extraHeaders="a=1;b=2,c=3" bidirectional="true">wss://x.example.com/ws</Stream></Response>',
    );
    expect(markup?.parameters).toEqual({ a: '1', b: '2', c: '3' });
  });
});

describe('XML entities', () => {
  it('decodes the five named entities and decimal and hexadecimal references', () => {
    expect(decodeXmlEntities('&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#X43;&#x1F600;')).toBe(
      `&<>"'AB&#X43;😀`,
    );
  });

  it('leaves references XML does not define as written', () => {
    expect(decodeXmlEntities('&nbsp; &#xD800; &#0; &#1114112; & alone &amp')).toBe(
      '&nbsp; &#xD800; &#0; &#1114112; & alone &amp',
    );
  });
});
