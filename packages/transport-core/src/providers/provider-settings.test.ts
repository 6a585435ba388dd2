import { describe, expect, it } from 'vitest';
import { resolveProviderSettings, STREAM_TOKEN_SECRET_VARIABLE } from './provider-settings.js';

const SECRET = 'a-stream-token-secret-of-32-bytes-or-more';

describe('resolveProviderSettings', () => {
  it('reads an unset setting from the environment variable, trimmed, and an explicit one wins', () => {
    const resolved = resolveProviderSettings('createTest', {
      env: { TEST_TOKEN: '  from-environment  ', TEST_EMPTY: '   ' },
    });
    expect(resolved.text(undefined, 'token', 'TEST_TOKEN')).toBe('from-environment');
    expect(resolved.text('explicit', 'token', 'TEST_TOKEN')).toBe('explicit');
    expect(resolved.text(undefined, 'token', 'TEST_EMPTY')).toBeUndefined();
    expect(resolved.text(undefined, 'token', 'TEST_UNSET')).toBeUndefined();
  });

  it('reads process.env when no environment is given', () => {
    process.env.X_PROVIDER_SETTINGS_TEST = 'from-process';
    try {
      const resolved = resolveProviderSettings('createTest', {});
      expect(resolved.text(undefined, 'token', 'X_PROVIDER_SETTINGS_TEST')).toBe('from-process');
    } finally {
      delete process.env.X_PROVIDER_SETTINGS_TEST;
    }
  });

  it('refuses an explicit empty setting, naming the variable it would fall back to', () => {
    const resolved = resolveProviderSettings('createTest', { env: {} });
    expect(() => resolved.text('', 'token', 'TEST_TOKEN')).toThrow(
      'createTest: settings.token must be a non-empty string; leave it undefined to read TEST_TOKEN',
    );
  });

  it('applies the defaults: 600 s tokens, 5 s hang-ups, Date.now, the global fetch', () => {
    const resolved = resolveProviderSettings('createTest', { env: {} });
    expect(resolved).toMatchObject({
      callTokenSecret: undefined,
      callTokenTtlSecs: 600,
      hangUpTimeoutMs: 5000,
      fetch: undefined,
      now: Date.now,
    });
  });

  it('takes the call-token secret from STREAM_TOKEN_SECRET unless one is given', () => {
    const environment = { env: { [STREAM_TOKEN_SECRET_VARIABLE]: SECRET } };
    expect(resolveProviderSettings('createTest', environment).callTokenSecret).toBe(SECRET);
    const explicit = `${SECRET}-explicit`;
    expect(
      resolveProviderSettings('createTest', { ...environment, callTokenSecret: explicit })
        .callTokenSecret,
    ).toBe(explicit);
  });

  it('refuses a call-token secret under 32 bytes, naming where it came from but not its value', () => {
    expect(() =>
      resolveProviderSettings('createTest', { env: {}, callTokenSecret: 'short' }),
    ).toThrow(
      /^createTest: settings\.callTokenSecret \(default STREAM_TOKEN_SECRET\) must be at least 32 bytes, got 5/,
    );
    expect(() =>
      resolveProviderSettings('createTest', { env: { STREAM_TOKEN_SECRET: 'too-short' } }),
    ).toThrow(/^createTest: STREAM_TOKEN_SECRET must be at least 32 bytes, got 9/);
    expect(() =>
      resolveProviderSettings('createTest', { env: {}, callTokenSecret: new Uint8Array(31) }),
    ).toThrow(/got 31/);
  });

  it('refuses a token lifetime or hang-up bound that is not positive', () => {
    expect(() => resolveProviderSettings('createTest', { env: {}, callTokenTtlSecs: 0 })).toThrow(
      'createTest: settings.callTokenTtlSecs must be a positive whole number of seconds, got 0',
    );
    expect(() => resolveProviderSettings('createTest', { env: {}, callTokenTtlSecs: 1.5 })).toThrow(
      /callTokenTtlSecs/,
    );
    expect(() => resolveProviderSettings('createTest', { env: {}, hangUpTimeoutMs: -1 })).toThrow(
      'createTest: settings.hangUpTimeoutMs must be a positive number of milliseconds, got -1',
    );
  });

  it('checks an API base URL, drops its trailing slashes, and names its variable when it is wrong', () => {
    const resolved = resolveProviderSettings('createTest', {
      env: { TEST_API: 'ftp://api.example.test' },
    });
    expect(resolved.httpUrl('http://127.0.0.1:9/api//', 'apiBaseUrl', 'TEST_API')).toBe(
      'http://127.0.0.1:9/api',
    );
    expect(() => resolved.httpUrl(undefined, 'apiBaseUrl', 'TEST_API')).toThrow(
      /^createTest: .*TEST_API.*ftp:\/\/api\.example\.test/,
    );
    expect(() => resolved.httpUrl('not a url', 'apiBaseUrl', 'TEST_API')).toThrow(
      /settings\.apiBaseUrl/,
    );
  });
});
