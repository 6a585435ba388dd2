import { describe, expect, it } from 'vitest';
import { publicRequestUrl } from './public-request-url.js';

const request = { url: '/twilio/stream?x=1', headers: { host: 'localhost:8765' } };

describe('publicRequestUrl', () => {
  it('uses the configured public URL: its scheme, host and path prefix', () => {
    expect(publicRequestUrl(request, { publicUrl: 'https://bot.example.com/' })).toBe(
      'https://bot.example.com/twilio/stream?x=1',
    );
    expect(publicRequestUrl(request, { publicUrl: 'https://example.com/bots/a/' })).toBe(
      'https://example.com/bots/a/twilio/stream?x=1',
    );
  });

  it('builds the wss:// URL Twilio signs for the media stream upgrade', () => {
    expect(
      publicRequestUrl(
        { url: '/ws', headers: { host: 'internal' } },
        { publicUrl: 'https://abc.ngrok.app', webSocket: true },
      ),
    ).toBe('wss://abc.ngrok.app/ws');
    expect(
      publicRequestUrl(
        { url: '/ws', headers: {} },
        { publicUrl: 'http://lan:8765', webSocket: true },
      ),
    ).toBe('ws://lan:8765/ws');
  });

  it('trusts forwarded headers only when asked', () => {
    const proxied = {
      url: '/plivo',
      headers: {
        host: '127.0.0.1:8765',
        'X-Forwarded-Proto': 'https, http',
        'x-forwarded-host': 'voice.example.org',
      },
    };
    expect(publicRequestUrl(proxied, { trustForwardedHeaders: true })).toBe(
      'https://voice.example.org/plivo',
    );
    expect(publicRequestUrl(proxied, { defaultSecure: false })).toBe('http://127.0.0.1:8765/plivo');
  });

  it('fails clearly without a host to build from', () => {
    expect(() => publicRequestUrl({ url: '/x', headers: {} })).toThrow(/no Host header/);
  });
});
