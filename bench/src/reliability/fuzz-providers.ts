import type { FuzzProvider } from './fuzz-provider.js';
import { plivoFuzzProvider } from './plivo-fuzz-provider.js';
import { telnyxFuzzProvider } from './telnyx-fuzz-provider.js';
import { twilioFuzzProvider } from './twilio-fuzz-provider.js';

/** The three providers the benchmark fuzzes, in report order. */
export const FUZZ_PROVIDERS: readonly FuzzProvider[] = [
  twilioFuzzProvider,
  telnyxFuzzProvider,
  plivoFuzzProvider,
];
