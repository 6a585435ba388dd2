import { createHmac, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  plivoSignatureV3,
  plivoSignedGetUrl,
  plivoWebSocketSignatureUrl,
} from './plivo-signature.js';
import { generateTelnyxWebhookKeys, signTelnyxWebhook } from './telnyx-webhook-signature.js';
import {
  twilioRequestSignature,
  twilioSignature,
  twilioWebSocketSignatureUrl,
} from './twilio-signature.js';
import { signedUpgradeHeaders } from './upgrade-headers.js';

// Literal vectors from twilio-node spec/validation.spec.js (protocol reference §1.6)
const TOKEN = '12345';
const REQUEST_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DEFAULT_PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};

describe('Twilio signatures', () => {
  it('reproduces the literal string-to-sign vector of twilio-node', () => {
    const data =
      'https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+14158675309Digits1234From+14158675309To+18005551212';
    expect(twilioSignature(TOKEN, data)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it.each([
    ['https://mycompany.com/myapp.php?foo=1&bar=2', 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['https://mycompany.com:443/myapp.php?foo=1&bar=2', 'kvajT1Ptam85bY51eRf/AJRuM3w='],
    ['http://mycompany.com:80/myapp.php?foo=1&bar=2', '0ZXoZLH/DfblKGATFgpif+LLRf4='],
    ['http://mycompany.com:1234/myapp.php?foo=1&bar=2', 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU='],
    ['https://user:pass@mycompany.com/myapp.php?foo=1&bar=2', 'CukzLTc1tT5dXEDIHm/tKBanW10='],
  ])('signs %s with the form parameters as twilio-node does', (url, expected) => {
    expect(twilioRequestSignature(TOKEN, url, DEFAULT_PARAMS)).toBe(expected);
  });

  it('signs repeated parameters once per sorted value', () => {
    const parameters = { 'MessagingBinding.Address': ['+1415xxxxxxx', '+1325xxxxxxx'] };
    expect(twilioRequestSignature(TOKEN, REQUEST_URL, parameters)).toBe(
      '83O6e2vORAoJHUNzJjDWN1jz+BA=',
    );
  });

  it('signs the wss:// URL without its query on a WebSocket upgrade', () => {
    expect(twilioWebSocketSignatureUrl('ws://127.0.0.1:8765/ws?token=x')).toBe(
      'wss://127.0.0.1:8765/ws',
    );
    const headers = signedUpgradeHeaders({
      provider: 'twilio',
      url: 'wss://bot.example.com/media?x=1',
      authToken: 's3cr3t',
    });
    const independent = createHmac('sha1', 's3cr3t')
      .update('wss://bot.example.com/media')
      .digest('base64');
    expect(headers).toEqual({ 'X-Twilio-Signature': independent });
  });
});

describe('Plivo V3 signatures', () => {
  it('signs a GET over scheme, host, path and sorted query, then "." and the nonce', () => {
    expect(plivoSignedGetUrl('https://example.com/answer?b=2&a=1&a=0')).toBe(
      'https://example.com/answer?a=0&a=1&b=2',
    );
    const independent = createHmac('sha256', 'token')
      .update('https://example.com/answer?a=0&a=1&b=2.12345')
      .digest('base64');
    expect(
      plivoSignatureV3({
        authToken: 'token',
        method: 'GET',
        url: 'https://example.com/answer?b=2&a=1&a=0',
        nonce: '12345',
      }),
    ).toBe(independent);
  });

  it('signs a POST over the URL, "?" and the sorted key+value parameters', () => {
    const independent = createHmac('sha256', 'token')
      .update('https://example.com/answer?CallUUIDabcDuration300.999')
      .digest('base64');
    expect(
      plivoSignatureV3({
        authToken: 'token',
        method: 'POST',
        url: 'https://example.com/answer',
        nonce: '999',
        parameters: { Duration: '300', CallUUID: 'abc' },
      }),
    ).toBe(independent);
  });

  it('signs a WebSocket upgrade the way Plivo Node stream SDK checks it', () => {
    expect(plivoWebSocketSignatureUrl('wss://bot.example.com/plivo?x=1')).toBe(
      'https://bot.example.com/plivo?x=1',
    );
    expect(plivoWebSocketSignatureUrl('ws://127.0.0.1:9000/ws')).toBe('http://127.0.0.1:9000/ws');
    const headers = signedUpgradeHeaders({
      provider: 'plivo',
      url: 'ws://127.0.0.1:9000/ws',
      authToken: 'tok',
      nonce: '42',
    });
    const independent = createHmac('sha256', 'tok')
      .update('http://127.0.0.1:9000/ws.42')
      .digest('base64');
    expect(headers).toEqual({
      'X-Plivo-Signature-V3': independent,
      'X-Plivo-Signature-Ma-V3': independent,
      'X-Plivo-Signature-V3-Nonce': '42',
    });
  });

  it('signs an explicit public wss:// signatureUrl in the https:// form Plivo signs', () => {
    const signed = (signatureUrl: string) =>
      signedUpgradeHeaders({
        provider: 'plivo',
        url: 'ws://127.0.0.1:9000/ws',
        signatureUrl,
        authToken: 'tok',
        nonce: '7',
      })['X-Plivo-Signature-V3'];
    const independent = createHmac('sha256', 'tok')
      .update('https://bot.example.com/ws.7')
      .digest('base64');
    expect(signed('wss://bot.example.com/ws')).toBe(independent);
    expect(signed('https://bot.example.com/ws')).toBe(independent);
  });
});

describe('Telnyx', () => {
  it('sends the stream auth token as an upgrade header', () => {
    expect(
      signedUpgradeHeaders({ provider: 'telnyx', url: 'ws://x/ws', authToken: 'tok' }),
    ).toEqual({
      'x-telnyx-streaming-auth-token': 'tok',
    });
  });

  it('signs webhooks with Ed25519 over "timestamp|body", verifiable with the portal-format public key', () => {
    const keys = generateTelnyxWebhookKeys();
    const body = '{"data":{"event_type":"call.initiated"}}';
    const headers = signTelnyxWebhook(keys.privateKey, body, 1_700_000_000);
    expect(headers['telnyx-timestamp']).toBe('1700000000');
    const raw = Buffer.from(keys.publicKeyBase64, 'base64');
    expect(raw).toHaveLength(32);
    const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');
    const valid = verify(
      null,
      Buffer.from(`1700000000|${body}`),
      { key: Buffer.concat([spkiPrefix, raw]), format: 'der', type: 'spki' },
      Buffer.from(headers['telnyx-signature-ed25519']!, 'base64'),
    );
    expect(valid).toBe(true);
  });
});
