import { randomBytes } from 'node:crypto';
import {
  CALL_TOKEN_PARAMETER,
  CallTokenSigner,
  deriveCallTokenSecret,
  MIN_CALL_TOKEN_SECRET_BYTES,
} from '../telephony/call-token.js';
import type { CallData } from './call-data.js';
import type { VerificationResult } from './request-verifier.js';

/** Options of `CallBoundStreams`. */
export interface CallBoundStreamsOptions {
  /** Provider name the tokens are bound to, as its call data names it (e.g. `twilio`). */
  provider: string;
  /** Whether streams are call-bound: on exactly when the provider's webhooks are verified. */
  enabled: boolean;
  /** Why streams are not call-bound and what turns them on: `checkStream`'s refusal when off. */
  disabledReason: string;
  /** Signing secret (at least 32 bytes); default derived from `providerSecret`, else random. */
  secret?: string | Uint8Array | undefined;
  /** The provider's own secret, a stable source of the signing secret when `secret` is unset. */
  providerSecret?: string | undefined;
  /** Lifetime of a token, in whole seconds; default 600. */
  ttlSeconds?: number | undefined;
  /** Wall-clock time in milliseconds since the epoch; default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * The call-token half of a provider made by a factory: mints the token a (verified) webhook
 * answer carries for its call, and checks that a stream's `start` presents the token of the call
 * it names. When off, nothing is minted and every stream is refused with `disabledReason`.
 */
export class CallBoundStreams {
  /** Whether streams are call-bound. */
  readonly enabled: boolean;
  readonly #provider: string;
  readonly #disabledReason: string;
  readonly #signer: CallTokenSigner | undefined;

  /** @throws RangeError for a secret under 32 bytes or a lifetime that is not a whole number. */
  constructor(options: CallBoundStreamsOptions) {
    this.enabled = options.enabled;
    this.#provider = options.provider;
    this.#disabledReason = options.disabledReason;
    if (!options.enabled) return;
    const secret =
      options.secret ??
      (options.providerSecret !== undefined
        ? deriveCallTokenSecret(options.providerSecret, options.provider)
        : randomBytes(MIN_CALL_TOKEN_SECRET_BYTES));
    this.#signer = new CallTokenSigner({
      secret,
      ...(options.ttlSeconds !== undefined && { ttlSeconds: options.ttlSeconds }),
      ...(options.now !== undefined && { now: options.now }),
    });
  }

  /**
   * The custom stream parameters of a webhook answer: `parameters`, plus the call token of
   * `callId` under `CALL_TOKEN_PARAMETER` when streams are call-bound and the call id is known.
   */
  streamParameters(
    callId: string | undefined,
    parameters: Readonly<Record<string, string>> = {},
  ): Record<string, string> {
    const withToken: Record<string, string> = { ...parameters };
    if (this.#signer !== undefined && callId !== undefined && callId !== '') {
      withToken[CALL_TOKEN_PARAMETER] = this.#signer.mint({ provider: this.#provider, callId });
    }
    return withToken;
  }

  /**
   * Checks that a stream's start carries a valid, unexpired token for the call it names. The
   * reason never repeats the token. Never throws.
   */
  check(callData: CallData): VerificationResult {
    if (this.#signer === undefined) return { ok: false, reason: this.#disabledReason };
    if (callData?.provider !== this.#provider) {
      return {
        ok: false,
        reason: `the call data is ${String(callData?.provider)}'s, not ${this.#provider}'s`,
      };
    }
    const parameters = callData.customParameters ?? {};
    const token = Object.hasOwn(parameters, CALL_TOKEN_PARAMETER)
      ? parameters[CALL_TOKEN_PARAMETER]
      : undefined;
    return this.#signer.verify(token, { provider: this.#provider, callId: callData.callId });
  }
}
