import { describe, expect, it } from 'vitest';
import {
  checkApiBaseUrl,
  checkUrl,
  HTTP_URL_SCHEMES,
  WEBSOCKET_URL_SCHEMES,
} from './url-checks.js';

describe('checkUrl', () => {
  it('returns an absolute URL with an allowed scheme unchanged', () => {
    expect(checkUrl('wss://example.com/ws?a=1', 'url', WEBSOCKET_URL_SCHEMES)).toBe(
      'wss://example.com/ws?a=1',
    );
    expect(checkUrl('https://example.com/status', 'statusCallback', HTTP_URL_SCHEMES)).toBe(
      'https://example.com/status',
    );
  });

  it('names the option and the value when the URL is relative or not a URL', () => {
    expect(() => checkUrl('/ws', 'Stream url', ['wss:'])).toThrow(
      'Stream url "/ws" is not an absolute URL',
    );
    expect(() => checkUrl('not a url', 'url', WEBSOCKET_URL_SCHEMES)).toThrow(RangeError);
  });

  it('names the schemes it accepts when the scheme is another', () => {
    expect(() => checkUrl('https://example.com/ws', 'Stream url', ['wss:'])).toThrow(
      'Stream url "https://example.com/ws" must use wss://',
    );
    expect(() => checkUrl('ftp://example.com', 'statusCallback', HTTP_URL_SCHEMES)).toThrow(
      'statusCallback "ftp://example.com" must use https:// or http://',
    );
  });
});

describe('checkApiBaseUrl', () => {
  it('drops trailing slashes so a path can be appended', () => {
    expect(checkApiBaseUrl('http://127.0.0.1:9/proxy//')).toBe('http://127.0.0.1:9/proxy');
    expect(checkApiBaseUrl('https://api.example.com')).toBe('https://api.example.com');
  });

  it('refuses a relative URL and another scheme, naming the option', () => {
    expect(() => checkApiBaseUrl('nope', 'Telnyx apiBaseUrl')).toThrow(
      'invalid Telnyx apiBaseUrl "nope": not an absolute URL',
    );
    expect(() => checkApiBaseUrl('ftp://x')).toThrow(
      'invalid apiBaseUrl "ftp://x": expected http(s)',
    );
  });
});
