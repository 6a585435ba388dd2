import { describe, expect, it } from 'vitest';
import { checkAuthTokens } from './auth-tokens.js';

const SOURCE = { owner: 'AcmeRequestVerifier', variable: 'ACME_AUTH_TOKEN' };

describe('checkAuthTokens', () => {
  it('gives one token, or several while rotating, as a list of its own', () => {
    expect(checkAuthTokens('primary', SOURCE)).toEqual(['primary']);
    const rotating = ['primary', 'secondary'];
    const checked = checkAuthTokens(rotating, SOURCE);
    expect(checked).toEqual(rotating);
    expect(checked).not.toBe(rotating);
  });

  it('refuses a missing token with a RangeError naming the owner, the option and the variable', () => {
    const check = () => checkAuthTokens(undefined, SOURCE);
    expect(check).toThrow(RangeError);
    expect(check).toThrow(
      "AcmeRequestVerifier needs a non-empty authToken (the account's auth token, usually from the ACME_AUTH_TOKEN environment variable), got undefined",
    );
  });

  it('says what it got in place of a token, never the token itself', () => {
    const cases: [unknown, string][] = [
      ['', 'an empty string'],
      [[], 'an empty list'],
      [['good-secret', ''], 'a list with an empty or non-string token'],
      [['good-secret', 7], 'a list with an empty or non-string token'],
      [42, 'a number'],
      [null, 'null'],
    ];
    for (const [authToken, described] of cases) {
      const check = () => checkAuthTokens(authToken, SOURCE);
      expect(check).toThrow(RangeError);
      expect(check).toThrow(new RegExp(`environment variable\\), got ${described}$`));
      expect(check).not.toThrow(/good-secret/);
    }
  });
});
