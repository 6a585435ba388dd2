import { transportFuzzChecks } from '@x/fuzz-kit';
import { describe, it } from 'vitest';
import { twilioFuzzTarget } from './__fixtures__/fuzz/twilio-valid-messages.js';

describe('a Twilio call on a WebSocketTransport fed fuzzed messages', () => {
  for (const check of transportFuzzChecks(twilioFuzzTarget)) it(check.name, () => check.run());
});
