import type { CallData, TelephonyProvider } from '@x/transport-core';

/** Provider names the server accepts: they become webhook paths and metric labels. */
const PROVIDER_NAME_FORMAT = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * Checks the configured providers before the server takes any call, and returns one line per
 * provider for the startup log.
 * @throws Error when the list is empty, a name is malformed or used twice, or a provider could
 *   never take a call: it can verify neither webhooks nor upgrades, and `allowUnverified` is off.
 */
export function checkProviders(
  providers: readonly TelephonyProvider[],
  allowUnverified: boolean,
): string[] {
  if (!Array.isArray(providers) || providers.length === 0) {
    throw new Error(
      'createTelephonyServer needs at least one provider, e.g. providers: [createTwilio()]',
    );
  }
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const provider of providers) {
    const name = provider?.name;
    if (typeof name !== 'string' || !PROVIDER_NAME_FORMAT.test(name)) {
      throw new Error(
        `provider name ${JSON.stringify(name)} is not usable: lowercase letters, digits, "-" and "_" (it becomes the webhook path)`,
      );
    }
    if (seen.has(name)) throw new Error(`provider ${name} is configured twice`);
    seen.add(name);
    const { security } = provider;
    if (!security.webhooksVerified && !security.upgradesVerified && !allowUnverified) {
      throw new Error(
        `${provider.title} can verify neither its webhooks nor its streams (${security.summary}), so every call would be refused: set its secret, or pass allowUnverified: true while developing`,
      );
    }
    const unverified =
      allowUnverified && !security.webhooksVerified
        ? ' UNVERIFIED webhooks and streams are accepted (allowUnverified: development only)'
        : '';
    lines.push(`${provider.title}: ${security.summary}${unverified ? `;${unverified}` : ''}`);
  }
  return lines;
}

/** A stream that may start a call. */
export interface StreamAdmission {
  readonly ok: true;
  /** The stream proved it belongs to its call. */
  readonly callBound: boolean;
}

/** A stream refused after detection, before any pipeline starts. */
export interface StreamRefusal {
  readonly ok: false;
  /** Metric label. */
  readonly reason: 'unauthenticated' | 'call-token' | 'unverified';
  /** One sentence, for the log and the close frame. */
  readonly message: string;
}

/** What the server knows about a detected stream. */
export interface DetectedStream {
  /** The upgrade passed this provider's own check. */
  upgradeVerified: boolean;
  /** The stream came through a trusted endpoint (you authenticated it). */
  trusted: boolean;
  /** The server's `allowUnverified`. */
  allowUnverified: boolean;
}

/**
 * Whether a detected stream may start a call, and whether it is call-bound. In order:
 * - a trusted endpoint's stream is admitted, never call-bound;
 * - a provider that verifies upgrades requires this upgrade to have passed (`unauthenticated`);
 * - a provider whose streams are call-bound requires `checkStream` to pass (`call-token`);
 * - a stream with neither proof is admitted only with `allowUnverified` (`unverified`).
 */
export function admitStream(
  provider: TelephonyProvider,
  callData: CallData,
  stream: DetectedStream,
): StreamAdmission | StreamRefusal {
  if (stream.trusted) return { ok: true, callBound: false };
  const { security } = provider;
  if (security.upgradesVerified && !stream.upgradeVerified) {
    return {
      ok: false,
      reason: 'unauthenticated',
      message: `${provider.title} authentication required`,
    };
  }
  if (security.callBoundStreams) {
    const result = provider.checkStream(callData);
    if (!result.ok) return { ok: false, reason: 'call-token', message: result.reason };
    return { ok: true, callBound: true };
  }
  if (stream.upgradeVerified || stream.allowUnverified) return { ok: true, callBound: false };
  return {
    ok: false,
    reason: 'unverified',
    message: `${provider.title} streams cannot be verified with these settings`,
  };
}
