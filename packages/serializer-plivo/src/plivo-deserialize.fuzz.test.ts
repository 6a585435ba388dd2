import { serializerFuzzChecks } from '@x/fuzz-kit';
import { describe, it } from 'vitest';
import { PLIVO_FUZZ_ENCODINGS, plivoFuzzTarget } from './__fixtures__/fuzz/plivo-valid-messages.js';

/** Fewer runs than Twilio's and Telnyx's: Plivo runs them for each of its two encodings. */
const RUNS = { singleMessageRuns: 2500, sequenceRuns: 400 };

describe.each(PLIVO_FUZZ_ENCODINGS)(
  'PlivoFrameSerializer.deserialize and plivoProvider.recognize of a %s stream under fuzzing',
  (encoding) => {
    for (const check of serializerFuzzChecks(plivoFuzzTarget(encoding), RUNS)) {
      it(check.name, () => check.run());
    }
  },
);
