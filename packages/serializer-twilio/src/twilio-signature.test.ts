import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import {
  parseTwilioFormBody,
  twilioBodySha256,
  twilioSignature,
  twilioSignatureData,
  twilioSignedUrlCandidates,
  verifyTwilioSignature,
  verifyTwilioSignatureWithBody,
} from './twilio-signature.js';

// Literal inputs and expected values of twilio-node `spec/validation.spec.js`
// (telephony-protocols.md §1.6).
const token = '12345';
const requestUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const defaultParams = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};
const jsonBody = '{"property": "value", "boolean": true}';
const jsonBodyHash = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';
const emptyJsonBodyHash = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

describe('twilioSignature: the literal vectors of twilio-node', () => {
  it('builds the documented string to sign for the default case', () => {
    expect(twilioSignatureData(requestUrl, defaultParams)).toBe(
      'https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+14158675309Digits1234From+14158675309To+18005551212',
    );
  });

  it.each([
    ['default', requestUrl, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    [
      'https with :443 added',
      'https://mycompany.com:443/myapp.php?foo=1&bar=2',
      'kvajT1Ptam85bY51eRf/AJRuM3w=',
    ],
    [
      'http with :80 added',
      'http://mycompany.com:80/myapp.php?foo=1&bar=2',
      '0ZXoZLH/DfblKGATFgpif+LLRf4=',
    ],
    [
      'http :1234',
      'http://mycompany.com:1234/myapp.php?foo=1&bar=2',
      'Zmvh+3yNM1Phv2jhDCwEM3q5ebU=',
    ],
    [
      'credentials',
      'https://user:pass@mycompany.com/myapp.php?foo=1&bar=2',
      'CukzLTc1tT5dXEDIHm/tKBanW10=',
    ],
    [
      'username only',
      'https://user@mycompany.com/myapp.php?foo=1&bar=2',
      '2YRLlVAflCqxaNicjMpJcSTgzSs=',
    ],
    [
      'credentials + :443',
      'https://user:pass@mycompany.com:443/myapp.php?foo=1&bar=2',
      'ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=',
    ],
    [
      'special chars, percent-encoded apostrophe',
      `${requestUrl}&Body=It%27s+amazing`,
      'TfZzewPq8wqrGlMfyAud8+/IvJ0=',
    ],
    [
      'special chars, raw apostrophe',
      `${requestUrl}&Body=It's+amazing`,
      'dsq4Ehbj6cs+KdTkpF5sSSplOWw=',
    ],
    [
      'special chars, %27 and %20',
      `${requestUrl}&Body=It%27s%20amazing`,
      'KjO9y3ocKRL4bG0cJcdngFA5jZ0=',
    ],
  ])('signs the %s case over the URL and default parameters', (_name, url, expected) => {
    expect(twilioSignature(token, url, defaultParams)).toBe(expected);
    expect(verifyTwilioSignature(token, expected, url, defaultParams)).toBe(true);
  });

  it('sorts parameter names, so the order they arrive in does not matter', () => {
    const reversed = Object.fromEntries(Object.entries(defaultParams).reverse());
    expect(Object.keys(reversed)[0]).toBe('To');
    expect(twilioSignature(token, requestUrl, reversed)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('reproduces the vectors seen in circulation with other phone numbers', () => {
    const withNumber = (number: string) => ({ ...defaultParams, Caller: number, From: number });
    expect(twilioSignature(token, requestUrl, withNumber('+14158675310'))).toBe(
      'GvWf1cFY/Q7PnoempGyD5oXAezc=',
    );
    expect(twilioSignature(token, requestUrl, withNumber('+12349013030'))).toBe(
      '0/KCTR6DLpKmkAf8muzZqo1nDgQ=',
    );
  });

  it('accepts a signature over the URL with or without its default port, as Twilio may sign either', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(
      verifyTwilioSignature(token, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', withPort, defaultParams),
    ).toBe(true);
    expect(
      verifyTwilioSignature(token, 'kvajT1Ptam85bY51eRf/AJRuM3w=', requestUrl, defaultParams),
    ).toBe(true);
    const http = 'http://mycompany.com/myapp.php?foo=1&bar=2';
    expect(verifyTwilioSignature(token, '0ZXoZLH/DfblKGATFgpif+LLRf4=', http, defaultParams)).toBe(
      true,
    );
  });

  it('falls into the apostrophe trap no more than twilio-node: a raw apostrophe in the URL validates the %27 signature', () => {
    // The spec passes the URL with a raw apostrophe; only `new URL()` normalisation makes it match.
    const raw = `${requestUrl}&Body=It's+amazing`;
    expect(verifyTwilioSignature(token, 'TfZzewPq8wqrGlMfyAud8+/IvJ0=', raw, defaultParams)).toBe(
      true,
    );
    // …and the %27 URL does not validate the raw-apostrophe signature.
    const encoded = `${requestUrl}&Body=It%27s+amazing`;
    expect(
      verifyTwilioSignature(token, 'dsq4Ehbj6cs+KdTkpF5sSSplOWw=', encoded, defaultParams),
    ).toBe(false);
  });

  it('signs a repeated parameter as each distinct value, sorted, whatever their order', () => {
    const expected = '83O6e2vORAoJHUNzJjDWN1jz+BA=';
    for (const values of [
      ['+1325xxxxxxx', '+1415xxxxxxx'],
      ['+1415xxxxxxx', '+1325xxxxxxx'],
      ['+1415xxxxxxx', '+1325xxxxxxx', '+1415xxxxxxx'],
    ]) {
      const params = { 'MessagingBinding.Address': values };
      expect(twilioSignature(token, requestUrl, params)).toBe(expected);
      expect(verifyTwilioSignature(token, expected, requestUrl, params)).toBe(true);
    }
  });

  it('checks a JSON body against bodySHA256 and signs the URL alone', () => {
    expect(twilioBodySha256(jsonBody)).toBe(jsonBodyHash);
    expect(twilioBodySha256(new TextEncoder().encode(jsonBody))).toBe(jsonBodyHash);
    const url = `${requestUrl}&bodySHA256=${jsonBodyHash}`;
    expect(twilioSignature(token, url)).toBe('a9nBmqA0ju/hNViExpshrM61xv4=');
    expect(
      verifyTwilioSignatureWithBody(token, 'a9nBmqA0ju/hNViExpshrM61xv4=', url, jsonBody),
    ).toBe(true);
  });

  it('checks the empty JSON body case, whose expected value only matches the :443 variant', () => {
    expect(twilioBodySha256('{}')).toBe(emptyJsonBodyHash);
    const url = `${requestUrl}&bodySHA256=${emptyJsonBodyHash}`;
    expect(twilioSignature(token, url)).toBe('rw/jVviOgicj2+kHZULvebnA4ag=');
    expect(
      twilioSignature(
        token,
        `https://mycompany.com:443/myapp.php?foo=1&bar=2&bodySHA256=${emptyJsonBodyHash}`,
      ),
    ).toBe('Ldidvp12m26NI7eqEvxnEpkd9Hc=');
    expect(verifyTwilioSignatureWithBody(token, 'Ldidvp12m26NI7eqEvxnEpkd9Hc=', url, '{}')).toBe(
      true,
    );
  });

  it('signs a URL whose only query parameter is bodySHA256', () => {
    const url = `https://mycompany.com/myapp.php?bodySHA256=${jsonBodyHash}`;
    expect(twilioSignature(token, url)).toBe('y77kIzt2vzLz71DgmJGsen2scGs=');
    expect(
      verifyTwilioSignatureWithBody(token, 'y77kIzt2vzLz71DgmJGsen2scGs=', url, jsonBody),
    ).toBe(true);
  });
});

describe('verifyTwilioSignature: tampering fails', () => {
  const signature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

  it('refuses another query, path, host or scheme', () => {
    for (const url of [
      'https://mycompany.com/myapp.php?foo=1&bar=3',
      'https://mycompany.com/myapp.php?foo=1',
      'https://mycompany.com/myapp2.php?foo=1&bar=2',
      'https://evil.com/myapp.php?foo=1&bar=2',
      'http://mycompany.com/myapp.php?foo=1&bar=2',
    ]) {
      expect(verifyTwilioSignature(token, signature, url, defaultParams), url).toBe(false);
    }
  });

  it('like twilio-node, tries a received URL with a non-default port without it, never the other way round', () => {
    const withOtherPort = 'https://mycompany.com:8443/myapp.php?foo=1&bar=2';
    expect(verifyTwilioSignature(token, signature, withOtherPort, defaultParams)).toBe(true);
    const signedWithOtherPort = twilioSignature(token, withOtherPort, defaultParams);
    expect(verifyTwilioSignature(token, signedWithOtherPort, requestUrl, defaultParams)).toBe(
      false,
    );
  });

  it('refuses a changed, added or removed parameter', () => {
    expect(
      verifyTwilioSignature(token, signature, requestUrl, { ...defaultParams, Digits: '1235' }),
    ).toBe(false);
    expect(
      verifyTwilioSignature(token, signature, requestUrl, { ...defaultParams, Extra: '' }),
    ).toBe(false);
    const { Digits: _removed, ...withoutDigits } = defaultParams;
    expect(verifyTwilioSignature(token, signature, requestUrl, withoutDigits)).toBe(false);
  });

  it('refuses another token, an empty signature and an empty token', () => {
    expect(verifyTwilioSignature('12346', signature, requestUrl, defaultParams)).toBe(false);
    expect(verifyTwilioSignature(token, '', requestUrl, defaultParams)).toBe(false);
    expect(verifyTwilioSignature('', twilioSignature('', requestUrl), requestUrl)).toBe(false);
  });

  it('accepts any of several tokens, for rotations', () => {
    expect(verifyTwilioSignature(['other', token], signature, requestUrl, defaultParams)).toBe(
      true,
    );
    expect(verifyTwilioSignature(['other', 'another'], signature, requestUrl, defaultParams)).toBe(
      false,
    );
  });

  it('refuses a JSON body that does not match its hash, or a hash that was changed', () => {
    const url = `${requestUrl}&bodySHA256=${jsonBodyHash}`;
    const signed = 'a9nBmqA0ju/hNViExpshrM61xv4=';
    expect(verifyTwilioSignatureWithBody(token, signed, url, `${jsonBody} `)).toBe(false);
    const otherHash = twilioBodySha256('{"property": "other"}');
    const changedUrl = `${requestUrl}&bodySHA256=${otherHash}`;
    expect(verifyTwilioSignatureWithBody(token, signed, changedUrl, '{"property": "other"}')).toBe(
      false,
    );
    expect(verifyTwilioSignatureWithBody(token, signed, requestUrl, jsonBody)).toBe(false);
  });

  it('refuses a target URL that only starts like the signed one (twilio-node webhooks.spec)', () => {
    const secret = 's3cr3t';
    const signed = twilioSignature(secret, 'https://example.com/path?test=param');
    expect(verifyTwilioSignature(secret, signed, 'https://example.com/path?test=param2')).toBe(
      false,
    );
    expect(verifyTwilioSignature(secret, signed, 'https://example.com/path?test=param')).toBe(true);
  });
});

describe('twilioSignedUrlCandidates', () => {
  it('lists the URL without and with its default port, then normalised and legacy-encoded forms', () => {
    expect(twilioSignedUrlCandidates(`${requestUrl}&Body=It's+amazing`)).toEqual([
      "https://mycompany.com/myapp.php?foo=1&bar=2&Body=It's+amazing",
      "https://mycompany.com:443/myapp.php?foo=1&bar=2&Body=It's+amazing",
      'https://mycompany.com/myapp.php?foo=1&bar=2&Body=It%27s+amazing',
      'https://mycompany.com:443/myapp.php?foo=1&bar=2&Body=It%27s+amazing',
      "https://mycompany.com/myapp.php?foo=1&bar=2&Body=It's%20amazing",
      "https://mycompany.com:443/myapp.php?foo=1&bar=2&Body=It's%20amazing",
    ]);
  });

  it('uses :443 for wss and :80 for ws, and keeps an explicit port', () => {
    expect(twilioSignedUrlCandidates('wss://bot.example.com/media')).toEqual([
      'wss://bot.example.com/media',
      'wss://bot.example.com:443/media',
    ]);
    expect(twilioSignedUrlCandidates('ws://localhost:8080/media')).toEqual([
      'ws://localhost/media',
      'ws://localhost:8080/media',
    ]);
  });

  it('handles IPv6 hosts and URLs it cannot parse without throwing', () => {
    expect(twilioSignedUrlCandidates('https://[::1]:8443/hook').slice(0, 2)).toEqual([
      'https://[::1]/hook',
      'https://[::1]:8443/hook',
    ]);
    expect(twilioSignedUrlCandidates('not a url')).toEqual(['not a url']);
  });
});

describe('parseTwilioFormBody', () => {
  it('decodes form values and groups repeated names', () => {
    const params = parseTwilioFormBody(
      'Body=It%27s+amazing&To=%2B18005551212&Address=%2B1&Address=%2B2&__proto__=x',
    );
    expect(params.Body).toBe("It's amazing");
    expect(params.To).toBe('+18005551212');
    expect(params.Address).toEqual(['+1', '+2']);
    expect(Object.keys(params)).toContain('__proto__');
    expect(parseTwilioFormBody(new TextEncoder().encode('A=1')).A).toBe('1');
  });
});

describe('cross-check with the twilio npm SDK', () => {
  const cases: { url: string; params: Record<string, string | string[]> }[] = [
    { url: requestUrl, params: defaultParams },
    { url: 'https://mycompany.com:443/myapp.php?foo=1&bar=2', params: defaultParams },
    { url: 'http://mycompany.com:1234/hook', params: { Digits: '1#', Body: 'é ü ✓ 😀' } },
    { url: "https://bot.example.com/voice?x=It's+here&y=a%20b", params: {} },
    {
      url: 'https://bot.example.com/voice',
      params: { B: ['2', '1', '2'], A: 'x', a: 'y', _: 'z' },
    },
    { url: 'https://user:pass@bot.example.com/voice', params: { CallSid: 'CA1' } },
    { url: 'wss://bot.example.com/media', params: {} },
  ];

  it('computes the same signature as getExpectedTwilioSignature', () => {
    for (const { url, params } of cases) {
      expect(twilioSignature('s3cr3t', url, params), url).toBe(
        twilio.getExpectedTwilioSignature('s3cr3t', url, params),
      );
    }
  });

  it('validates signatures made by the SDK, and the SDK validates ours', () => {
    for (const { url, params } of cases) {
      const theirs = twilio.getExpectedTwilioSignature('s3cr3t', url, params);
      expect(verifyTwilioSignature('s3cr3t', theirs, url, params), url).toBe(true);
      const ours = twilioSignature('s3cr3t', url, params);
      expect(twilio.validateRequest('s3cr3t', ours, url, params), url).toBe(true);
    }
  });

  it('accepts and refuses exactly what validateRequest does across URL variants', () => {
    const urls = [
      requestUrl,
      'https://mycompany.com:443/myapp.php?foo=1&bar=2',
      `${requestUrl}&Body=It's+amazing`,
      `${requestUrl}&Body=It%27s+amazing`,
      `${requestUrl}&Body=It%27s%20amazing`,
      'http://mycompany.com/myapp.php?foo=1&bar=2',
      'http://mycompany.com:80/myapp.php?foo=1&bar=2',
      'https://mycompany.com:8443/myapp.php?foo=1&bar=2',
      'https://MyCompany.com/myapp.php?foo=1&bar=2',
      'https://mycompany.com',
      'https://mycompany.com/',
      'https://mycompany.com/a b?c=d e',
    ];
    let compared = 0;
    for (const signedUrl of urls) {
      const signature = twilio.getExpectedTwilioSignature(token, signedUrl, defaultParams);
      for (const receivedUrl of urls) {
        const theirs = twilio.validateRequest(token, signature, receivedUrl, defaultParams);
        const ours = verifyTwilioSignature(token, signature, receivedUrl, defaultParams);
        expect(ours, `signed ${signedUrl}, received ${receivedUrl}`).toBe(theirs);
        compared++;
      }
    }
    expect(compared).toBe(urls.length ** 2);
  });

  it('agrees with validateRequestWithBody on JSON bodies, tampered or not', () => {
    const url = `${requestUrl}&bodySHA256=${jsonBodyHash}`;
    const signature = twilio.getExpectedTwilioSignature(token, url, {});
    for (const [candidateUrl, body] of [
      [url, jsonBody],
      [url, '{}'],
      [`https://mycompany.com:443/myapp.php?foo=1&bar=2&bodySHA256=${jsonBodyHash}`, jsonBody],
      [`${requestUrl}&bodySHA256=${emptyJsonBodyHash}`, '{}'],
    ] as const) {
      expect(verifyTwilioSignatureWithBody(token, signature, candidateUrl, body)).toBe(
        twilio.validateRequestWithBody(token, signature, candidateUrl, body),
      );
    }
    expect(verifyTwilioSignatureWithBody(token, signature, url, jsonBody)).toBe(true);
  });
});
