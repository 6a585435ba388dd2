import { transportFuzzChecks } from '@x/fuzz-kit';
import { describe, it } from 'vitest';
import { PLIVO_FUZZ_ENCODINGS, plivoFuzzTarget } from './__fixtures__/fuzz/plivo-valid-messages.js';

/** Fewer calls than Twilio's and Telnyx's: Plivo runs them for each of its two encodings. */
const CALL_RUNS = 200;

describe.each(PLIVO_FUZZ_ENCODINGS)(
  'a Plivo %s call on a WebSocketTransport fed fuzzed messages',
  (encoding) => {
    for (const check of transportFuzzChecks(plivoFuzzTarget(encoding), { callRuns: CALL_RUNS })) {
      it(check.name, () => check.run());
    }
  },
);
