import { transportFuzzChecks } from '@x/fuzz-kit';
import { describe, it } from 'vitest';
import { telnyxFuzzTarget } from './__fixtures__/fuzz/telnyx-valid-messages.js';

describe('a Telnyx call on a WebSocketTransport fed fuzzed messages', () => {
  for (const check of transportFuzzChecks(telnyxFuzzTarget)) it(check.name, () => check.run());
});
