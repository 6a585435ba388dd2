import type { ProviderStream } from '@x/fuzz-kit';

/** Provider names the demo detects on `/ws`. */
export type FuzzProviderName = 'twilio' | 'telnyx' | 'plivo';

/** One provider's stream, as the reliability benchmark fuzzes it (μ-law 8 kHz media). */
export interface FuzzProvider extends ProviderStream {
  readonly name: FuzzProviderName;
}
