import { validateSignature, validateV3Signature } from 'plivo';
import { describe, expect, it } from 'vitest';
import {
  type PlivoSignatureParams,
  type PlivoSignedMethod,
  plivoSignatureV2,
  plivoSignatureV3,
  plivoSignatureV3BaseUrl,
  plivoUpgradeSignatureUrls,
  verifyPlivoSignatureV2,
  verifyPlivoSignatureV3,
} from './plivo-signature.js';

const AUTH_TOKEN = 'my_auth_token';
const CALL_PARAMS = { Direction: 'inbound', CallUUID: 'abc-123' };

/**
 * V3 vectors [CALC]: Python 3 `base64.b64encode(hmac.new(b'my_auth_token', message, sha256))`
 * over the message written out here, i.e. the base URL as Plivo's SDKs build it + "." + nonce.
 */
const V3_VECTORS: {
  name: string;
  method: PlivoSignedMethod;
  url: string;
  params?: PlivoSignatureParams;
  nonce: string;
  message: string;
  signature: string;
}[] = [
  {
    name: 'GET with its query sorted',
    method: 'GET',
    url: 'https://example.com/answer?b=2&a=1',
    nonce: '12345',
    message: 'https://example.com/answer?a=1&b=2.12345',
    signature: 'mzFpuoIRyNVOhrSEwpK+nsz9IhruSHdzSf6oNt+8HK8=',
  },
  {
    name: 'GET with repeated and encoded query values',
    method: 'GET',
    url: 'https://example.com/answer?b=x+y%21&a=2&a=1',
    nonce: '12345',
    message: 'https://example.com/answer?a=1&a=2&b=x y!.12345',
    signature: 'xGNvLVBfO5SUAd2CUzZ8UJzDuJCg/83S7LWkBlsZJaU=',
  },
  {
    name: 'POST with form params and no query',
    method: 'POST',
    url: 'https://example.com/answer',
    params: CALL_PARAMS,
    nonce: '12345',
    message: 'https://example.com/answer?CallUUIDabc-123Directioninbound.12345',
    signature: 'NeLbit5NKPBHK8hg7i9grVK3w4Sk70y8lNvIteUXhuY=',
  },
  {
    name: 'POST with a query and form params',
    method: 'POST',
    url: 'https://example.com/answer?b=2&a=1',
    params: CALL_PARAMS,
    nonce: '12345',
    message: 'https://example.com/answer?a=1&b=2.CallUUIDabc-123Directioninbound.12345',
    signature: 'yRcvwxCA1eDqYmPvc4S6C2fUKUCtV4bXg3x7xIssQpo=',
  },
  {
    name: 'POST without params or query',
    method: 'POST',
    url: 'https://example.com/answer',
    params: {},
    nonce: '12345',
    message: 'https://example.com/answer.12345',
    signature: '0yCSTcpk0g5MyH+eKhYi02RUlMZ/VPnJKABuBXoajUc=',
  },
];

describe('Plivo V3 signatures', () => {
  it.each(V3_VECTORS)('builds the signed string and signature: $name', (vector) => {
    const baseUrl = plivoSignatureV3BaseUrl(vector.method, vector.url, vector.params);
    expect(`${baseUrl}.${vector.nonce}`).toBe(vector.message);
    expect(plivoSignatureV3({ ...vector, authToken: AUTH_TOKEN })).toBe(vector.signature);
  });

  it.each(V3_VECTORS)("is accepted by the plivo SDK's validateV3Signature: $name", (vector) => {
    const signature = plivoSignatureV3({ ...vector, authToken: AUTH_TOKEN });
    expect(
      validateV3Signature(vector.method, vector.url, vector.nonce, AUTH_TOKEN, signature, {
        ...vector.params,
      }),
    ).toBe(true);
  });

  it('accepts any of several comma-separated signatures', () => {
    const [vector] = V3_VECTORS;
    const input = { ...vector!, authToken: AUTH_TOKEN };
    expect(verifyPlivoSignatureV3({ ...input, signature: `bm90IGl0,${vector!.signature}` })).toBe(
      true,
    );
    expect(verifyPlivoSignatureV3({ ...input, signature: `${vector!.signature}, bm90IGl0` })).toBe(
      true,
    );
    expect(verifyPlivoSignatureV3({ ...input, signature: 'bm90IGl0,YWxzbyBub3Q=' })).toBe(false);
    expect(verifyPlivoSignatureV3({ ...input, signature: '' })).toBe(false);
  });

  it('agrees with the plivo SDK on every signature and every tampering, both ways', () => {
    const cases: {
      method: PlivoSignedMethod;
      url: string;
      params: Record<string, string | string[]>;
    }[] = [
      { method: 'POST', url: 'https://bot.example.com/plivo/answer', params: CALL_PARAMS },
      {
        method: 'POST',
        url: 'https://bot.example.com:8443/answer?lang=en&v=2',
        params: { From: '+15551234567', To: '+15557654321', Digits: ['1', '9'] },
      },
      {
        method: 'GET',
        url: 'https://bot.example.com/hangup?CallUUID=abc-123&Event=Hangup',
        params: {},
      },
      { method: 'GET', url: 'http://127.0.0.1:3000/answer', params: {} },
    ];
    for (const testCase of cases) {
      const nonce = '31337';
      const signature = plivoSignatureV3({ ...testCase, nonce, authToken: AUTH_TOKEN });
      const tampered = [
        {
          ...testCase,
          url: testCase.url.replace('bot.', 'evil.').replace('127.0.0.1', '127.0.0.2'),
        },
        { ...testCase, url: `${testCase.url}${testCase.url.includes('?') ? '&' : '?'}extra=1` },
        ...(Object.keys(testCase.params).length > 0
          ? [{ ...testCase, params: { ...testCase.params, Direction: 'outbound' } }]
          : []),
      ];
      const theirs = (input: typeof testCase, inputNonce: string, sig: string): boolean =>
        validateV3Signature(input.method, input.url, inputNonce, AUTH_TOKEN, sig, {
          ...input.params,
        }).valueOf();
      const ours = (input: typeof testCase, inputNonce: string, sig: string): boolean =>
        verifyPlivoSignatureV3({
          ...input,
          nonce: inputNonce,
          authToken: AUTH_TOKEN,
          signature: sig,
        });

      expect(theirs(testCase, nonce, signature)).toBe(true);
      expect(ours(testCase, nonce, signature)).toBe(true);
      expect(theirs(testCase, '31338', signature)).toBe(false);
      expect(ours(testCase, '31338', signature)).toBe(false);
      for (const variant of tampered) {
        expect(theirs(variant, nonce, signature)).toBe(false);
        expect(ours(variant, nonce, signature)).toBe(false);
        // The SDK accepts the variant's own signature as we compute it: same construction.
        const variantSignature = plivoSignatureV3({ ...variant, nonce, authToken: AUTH_TOKEN });
        expect(theirs(variant, nonce, variantSignature)).toBe(true);
      }
    }
  });
});

describe('Plivo V2 signatures (legacy)', () => {
  it('reproduces the SDK unit-test vector', () => {
    const input = { url: 'https://answer.url', nonce: '12345', authToken: AUTH_TOKEN };
    expect(plivoSignatureV2(input)).toBe('ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=');
    const signature = 'ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=';
    expect(verifyPlivoSignatureV2({ ...input, signature })).toBe(true);
    expect(verifyPlivoSignatureV2({ ...input, authToken: 'my_auth_tokens', signature })).toBe(
      false,
    );
  });

  it('ignores the query, as the plivo SDK does', () => {
    const signature = plivoSignatureV2({
      url: 'https://a.example/x?y=1',
      nonce: 'n',
      authToken: AUTH_TOKEN,
    });
    expect(signature).toBe(
      plivoSignatureV2({ url: 'https://a.example/x', nonce: 'n', authToken: AUTH_TOKEN }),
    );
    expect(validateSignature('https://a.example/x?y=2', 'n', signature, AUTH_TOKEN)).toBe(true);
  });
});

describe('plivoUpgradeSignatureUrls', () => {
  it("lists the Node and Python stream SDKs' candidates for a wss URL", () => {
    expect(plivoUpgradeSignatureUrls('wss://bot.example.com/plivo/stream')).toEqual([
      'https://bot.example.com/plivo/stream',
      'https://bot.example.com/plivo/stream/websocket',
      'http://bot.example.com/plivo/stream',
      'http://bot.example.com/plivo/stream/websocket',
    ]);
  });

  it('keeps the query, adding the Python SDK literal form after it', () => {
    expect(plivoUpgradeSignatureUrls('ws://h/p?x=1')).toEqual([
      'https://h/p?x=1',
      'https://h/p/websocket?x=1',
      'https://h/p?x=1/websocket',
      'http://h/p?x=1',
      'http://h/p/websocket?x=1',
      'http://h/p?x=1/websocket',
    ]);
  });
});
