import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { TwilioRequestVerifier, twilioUpgradeUrl } from './twilio-request-verifier.js';
import { twilioBodySha256, twilioSignature } from './twilio-signature.js';

const token = '12345';
const requestUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const formBody =
  'CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212';
const formHeaders = {
  'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
  'X-Twilio-Signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
};

const verifier = new TwilioRequestVerifier({ authToken: token });

describe('TwilioRequestVerifier.verifyWebhook', () => {
  it('accepts a form POST signed over the URL and its sorted parameters (twilio-node default vector)', () => {
    expect(
      verifier.verifyWebhook({
        method: 'POST',
        url: requestUrl,
        headers: formHeaders,
        rawBody: formBody,
      }),
    ).toEqual({ ok: true });
    const bytes = new TextEncoder().encode(formBody);
    const lowerCaseHeaders = { 'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' };
    expect(
      verifier.verifyWebhook({
        method: 'POST',
        url: requestUrl,
        headers: lowerCaseHeaders,
        rawBody: bytes,
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a form POST whose body or URL was changed', () => {
    const tamperedBody = formBody.replace('Digits=1234', 'Digits=1235');
    const bodyResult = verifier.verifyWebhook({
      method: 'POST',
      url: requestUrl,
      headers: formHeaders,
      rawBody: tamperedBody,
    });
    expect(bodyResult.ok).toBe(false);
    const urlResult = verifier.verifyWebhook({
      method: 'POST',
      url: requestUrl.replace('bar=2', 'bar=3'),
      headers: formHeaders,
      rawBody: formBody,
    });
    expect(urlResult).toMatchObject({ ok: false, reason: expect.stringContaining('public one') });
  });

  it('refuses a request without the signature header, naming it', () => {
    expect(
      verifier.verifyWebhook({ method: 'POST', url: requestUrl, headers: {}, rawBody: formBody }),
    ).toEqual({ ok: false, reason: 'missing X-Twilio-Signature header' });
  });

  it('refuses a relative URL with a reason pointing at publicRequestUrl', () => {
    const result = verifier.verifyWebhook({
      method: 'POST',
      url: '/myapp.php?foo=1&bar=2',
      headers: formHeaders,
      rawBody: formBody,
    });
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining('publicRequestUrl'),
    });
  });

  it('accepts a JSON body whose bodySHA256 matches, and refuses it once the body changes', () => {
    const body = '{"property": "value", "boolean": true}';
    const url = `${requestUrl}&bodySHA256=${twilioBodySha256(body)}`;
    const headers = {
      'content-type': 'application/json',
      'x-twilio-signature': 'a9nBmqA0ju/hNViExpshrM61xv4=',
    };
    expect(verifier.verifyWebhook({ method: 'POST', url, headers, rawBody: body })).toEqual({
      ok: true,
    });
    const tampered = verifier.verifyWebhook({
      method: 'POST',
      url,
      headers,
      rawBody: body.replace('true', 'false'),
    });
    expect(tampered).toMatchObject({ ok: false, reason: expect.stringContaining('bodySHA256') });
  });

  it('signs a GET callback over the URL alone', () => {
    const url = 'https://bot.example.com/status?CallSid=CA1&StreamEvent=stream-started';
    const headers = { 'x-twilio-signature': twilioSignature(token, url) };
    expect(verifier.verifyWebhook({ method: 'GET', url, headers })).toEqual({ ok: true });
    // A form POST carries its parameters in the body, so the same signature must not cover it.
    expect(verifier.verifyWebhook({ method: 'POST', url, headers, rawBody: 'A=1' }).ok).toBe(false);
  });

  it('refuses a POST whose content type Twilio does not sign, instead of checking the URL alone', () => {
    const url = 'https://bot.example.com/voice';
    const headers = { 'x-twilio-signature': twilioSignature(token, url) };
    const plainText = verifier.verifyWebhook({
      method: 'POST',
      url,
      headers: { ...headers, 'content-type': 'text/plain' },
      rawBody: 'CallSid=CA-of-someone-else',
    });
    expect(plainText).toEqual({
      ok: false,
      reason:
        'Content-Type "text/plain" is not one Twilio signs (application/x-www-form-urlencoded, or JSON with bodySHA256 in the URL)',
    });
    const jsonWithoutHash = verifier.verifyWebhook({
      method: 'POST',
      url,
      headers: { ...headers, 'content-type': 'application/json' },
      rawBody: '{"CallSid":"CA-of-someone-else"}',
    });
    expect(jsonWithoutHash).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not one Twilio signs'),
    });
  });

  it('verifies a POST with an empty body and no content type over the URL, as Twilio signs it', () => {
    const url = 'https://bot.example.com/voice?attempt=1';
    const headers = { 'x-twilio-signature': twilioSignature(token, url) };
    expect(verifier.verifyWebhook({ method: 'POST', url, headers })).toEqual({ ok: true });
    expect(verifier.verifyWebhook({ method: 'POST', url, headers, rawBody: '' })).toEqual({
      ok: true,
    });
  });

  it('refuses a method Twilio never uses for webhooks', () => {
    const url = 'https://bot.example.com/voice';
    const headers = { 'x-twilio-signature': twilioSignature(token, url) };
    expect(verifier.verifyWebhook({ method: 'PUT', url, headers, rawBody: 'x' })).toEqual({
      ok: false,
      reason: 'Twilio signs GET and POST webhooks, not PUT',
    });
  });

  it('accepts webhooks the twilio SDK signed, including repeated parameters', () => {
    const params = { Body: "It's 5 > 4 & 😀", 'MessagingBinding.Address': ['+2', '+1'] };
    const body = new URLSearchParams([
      ['Body', params.Body],
      ['MessagingBinding.Address', '+2'],
      ['MessagingBinding.Address', '+1'],
    ]).toString();
    const signature = twilio.getExpectedTwilioSignature(token, requestUrl, params);
    const headers = { 'x-twilio-signature': signature };
    expect(
      verifier.verifyWebhook({ method: 'POST', url: requestUrl, headers, rawBody: body }),
    ).toEqual({
      ok: true,
    });
  });

  it('accepts a signature made with a second token during a rotation', () => {
    const rotating = new TwilioRequestVerifier({ authToken: ['new-token', token] });
    expect(
      rotating.verifyWebhook({
        method: 'POST',
        url: requestUrl,
        headers: formHeaders,
        rawBody: formBody,
      }),
    ).toEqual({ ok: true });
  });

  it('refuses to be built without a token', () => {
    expect(() => new TwilioRequestVerifier({ authToken: '' })).toThrow(/non-empty authToken/);
    expect(() => new TwilioRequestVerifier({ authToken: [] })).toThrow(/non-empty authToken/);
  });

  it('refuses an unset TWILIO_AUTH_TOKEN with a RangeError naming the option and the variable', () => {
    const unset: Record<string, string | undefined> = {};
    const build = () => new TwilioRequestVerifier({ authToken: unset.TWILIO_AUTH_TOKEN as string });
    expect(build).toThrow(RangeError);
    expect(build).toThrow(
      "TwilioRequestVerifier needs a non-empty authToken (the account's auth token, usually from the TWILIO_AUTH_TOKEN environment variable), got undefined",
    );
    expect(() => new TwilioRequestVerifier(undefined as never)).toThrow(RangeError);
  });

  it('says what it got in place of a token, never the token itself', () => {
    const cases: [unknown, string][] = [
      ['', 'an empty string'],
      [[], 'an empty list'],
      [['good-secret', ''], 'a list with an empty or non-string token'],
      [42, 'a number'],
      [null, 'null'],
    ];
    for (const [authToken, described] of cases) {
      const build = () => new TwilioRequestVerifier({ authToken: authToken as string });
      expect(build).toThrow(RangeError);
      expect(build).toThrow(
        new RegExp(`TWILIO_AUTH_TOKEN environment variable\\), got ${described}$`),
      );
      expect(build).not.toThrow(/good-secret/);
    }
  });
});

describe('TwilioRequestVerifier.verifyUpgrade', () => {
  const streamUrl = 'wss://bot.example.com/media';
  const signature = twilio.getExpectedTwilioSignature(token, streamUrl, {});

  it('accepts an upgrade signed by the twilio SDK over the wss:// URL with no parameters', () => {
    const headers = { 'x-twilio-signature': signature };
    expect(twilio.validateRequest(token, twilioSignature(token, streamUrl), streamUrl, {})).toBe(
      true,
    );
    expect(verifier.verifyUpgrade({ method: 'GET', url: streamUrl, headers })).toEqual({
      ok: true,
    });
  });

  it('reads an https:// URL (what a proxy reports) as the wss:// URL Twilio signed', () => {
    const headers = { 'x-twilio-signature': signature };
    const url = 'https://bot.example.com/media';
    expect(verifier.verifyUpgrade({ method: 'GET', url, headers })).toEqual({ ok: true });
  });

  it('refuses another path, another host or a missing header', () => {
    const headers = { 'x-twilio-signature': signature };
    expect(
      verifier.verifyUpgrade({ method: 'GET', url: 'wss://bot.example.com/other', headers }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('wss://bot.example.com/other') });
    expect(
      verifier.verifyUpgrade({ method: 'GET', url: 'wss://evil.example.com/media', headers }).ok,
    ).toBe(false);
    expect(verifier.verifyUpgrade({ method: 'GET', url: streamUrl, headers: {} })).toEqual({
      ok: false,
      reason: 'missing X-Twilio-Signature header on the WebSocket upgrade',
    });
  });

  it('verifies an upgrade seen behind a proxy once twilioUpgradeUrl rebuilds the public URL', () => {
    const request = {
      url: '/media',
      headers: {
        host: '127.0.0.1:3000',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'bot.example.com',
        'x-twilio-signature': signature,
      },
    };
    expect(twilioUpgradeUrl(request, { trustForwardedHeaders: true })).toBe(streamUrl);
    expect(twilioUpgradeUrl(request, { publicUrl: 'https://bot.example.com' })).toBe(streamUrl);
    expect(twilioUpgradeUrl(request)).toBe('wss://127.0.0.1:3000/media');
    const behindProxy = {
      method: 'GET',
      url: twilioUpgradeUrl(request, { trustForwardedHeaders: true }),
      headers: request.headers,
    };
    expect(verifier.verifyUpgrade(behindProxy)).toEqual({ ok: true });
    const asSeenLocally = { ...behindProxy, url: twilioUpgradeUrl(request) };
    expect(verifier.verifyUpgrade(asSeenLocally).ok).toBe(false);
  });
});
