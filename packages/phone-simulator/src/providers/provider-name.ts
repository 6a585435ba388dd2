/** The telephony providers whose media-stream protocol the simulator speaks. */
export type ProviderName = 'twilio' | 'telnyx' | 'plivo';

/** Every provider, in a stable order. */
export const PROVIDER_NAMES: readonly ProviderName[] = Object.freeze(['twilio', 'telnyx', 'plivo']);

/** Narrows `value` to a provider name, or throws naming the bad value. */
export function parseProviderName(value: string): ProviderName {
  if ((PROVIDER_NAMES as readonly string[]).includes(value)) return value as ProviderName;
  throw new RangeError(
    `unknown provider "${value}": expected one of ${PROVIDER_NAMES.map((name) => `"${name}"`).join(', ')}`,
  );
}
