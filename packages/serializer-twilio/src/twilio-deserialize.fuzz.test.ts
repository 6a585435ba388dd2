import { serializerFuzzChecks } from '@x/fuzz-kit';
import { describe, it } from 'vitest';
import { twilioFuzzTarget } from './__fixtures__/fuzz/twilio-valid-messages.js';

describe('TwilioFrameSerializer.deserialize and twilioProvider.recognize under fuzzing', () => {
  for (const check of serializerFuzzChecks(twilioFuzzTarget)) it(check.name, () => check.run());
});
