import { serializerFuzzChecks } from '@x/fuzz-kit';
import { describe, it } from 'vitest';
import { telnyxFuzzTarget } from './__fixtures__/fuzz/telnyx-valid-messages.js';

describe('TelnyxFrameSerializer.deserialize and telnyxProvider.recognize under fuzzing', () => {
  for (const check of serializerFuzzChecks(telnyxFuzzTarget)) it(check.name, () => check.run());
});
