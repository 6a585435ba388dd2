import { createPlivo, type PlivoProvider } from '@x/serializer-plivo';
import { createTelnyx, type TelnyxProvider } from '@x/serializer-telnyx';
import { createTwilio, type TwilioProvider } from '@x/serializer-twilio';
import type { FetchFunction, TelephonyProvider } from '@x/transport-core';
import type { DemoConfig } from '../config/demo-config.js';

/** The providers the demo serves. */
export const DEMO_PROVIDER_NAMES = ['twilio', 'telnyx', 'plivo'] as const;

/** One of `DEMO_PROVIDER_NAMES`. */
export type DemoProviderName = (typeof DEMO_PROVIDER_NAMES)[number];

/** One provider the demo serves, bound to its settings (its name is also its webhook route). */
export type DemoProvider = TwilioProvider | TelnyxProvider | PlivoProvider;

/** Bound on a REST hang-up, in milliseconds: well inside the drain margin. */
export const DEMO_HANG_UP_TIMEOUT_MS = 3_000;

/**
 * The three providers as configured. `loadDemoConfig` already read (and checked) the
 * environment, so the factories read nothing more from it; their security rules apply as they
 * are: webhooks checked when the provider's webhook secret is set, streams then call-bound, and
 * hang-up over REST on with the credentials set and call-bound streams.
 */
export function demoProviders(config: DemoConfig, fetch?: FetchFunction): DemoProvider[] {
  const common = {
    env: {},
    hangUpTimeoutMs: DEMO_HANG_UP_TIMEOUT_MS,
    callTokenSecret: config.streamTokenSecret,
    fetch,
  };
  return [
    createTwilio({ ...common, ...config.twilio }),
    createTelnyx({ ...common, ...config.telnyx }),
    createPlivo({ ...common, ...config.plivo }),
  ];
}

/**
 * The browser softphone's provider: it speaks Twilio's protocol, but there is no real call
 * behind it, so it has no credentials and never hangs anything up.
 */
export const SOFTPHONE_PROVIDER: TwilioProvider = createTwilio({ env: {} });

/**
 * Whether the demo takes unverified requests for `provider`, as it always has: webhooks it
 * cannot check without its secret, and streams it can neither authenticate nor bind to their
 * call. The server kit's `allowUnverified` is on exactly when one provider needs it; a provider
 * whose secrets are set stays checked either way.
 */
export function acceptsUnverified(provider: TelephonyProvider): boolean {
  const { webhooksVerified, upgradesVerified, callBoundStreams } = provider.security;
  return !webhooksVerified || !(upgradesVerified || callBoundStreams);
}
