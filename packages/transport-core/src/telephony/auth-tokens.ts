/** Who needs the auth token(s) and where they usually come from: named when none is given. */
export interface AuthTokensSource {
  /** What is being built, e.g. `TwilioRequestVerifier`. */
  readonly owner: string;
  /** Environment variable the auth token usually comes from, e.g. `TWILIO_AUTH_TOKEN`. */
  readonly variable: string;
}

/** What was given in place of an auth token, without its value. */
function describeGivenToken(authToken: unknown): string {
  if (authToken === undefined || authToken === null) return String(authToken);
  if (authToken === '') return 'an empty string';
  if (Array.isArray(authToken)) {
    return authToken.length === 0 ? 'an empty list' : 'a list with an empty or non-string token';
  }
  return `a ${typeof authToken}`;
}

/**
 * An account's auth token, or several (e.g. primary and secondary while rotating), as a list,
 * checked: at least one, each a non-empty string.
 * @throws RangeError naming the owner, the `authToken` option, the environment variable and what
 * was given (never the value: it is a secret).
 */
export function checkAuthTokens(authToken: unknown, source: AuthTokensSource): readonly string[] {
  const tokens: unknown = typeof authToken === 'string' ? [authToken] : authToken;
  if (
    Array.isArray(tokens) &&
    tokens.length > 0 &&
    tokens.every((token) => typeof token === 'string' && token !== '')
  ) {
    return [...(tokens as string[])];
  }
  throw new RangeError(
    `${source.owner} needs a non-empty authToken (the account's auth token, usually from the ${source.variable} environment variable), got ${describeGivenToken(authToken)}`,
  );
}
