import {
  detectionOutcome,
  parsedOrUndefined,
  prototypeIsClean,
  type WireMessage,
} from '@x/fuzz-kit';
import { createPlivo } from '@x/serializer-plivo';
import { createTelnyx } from '@x/serializer-telnyx';
import { createTwilio } from '@x/serializer-twilio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyProviderFuzzedMessage,
  type FuzzProvider,
  OPENINGS,
} from '../testing/fuzz/provider-openings.js';

const RUNS = 1500;
const TIMEOUT_MS = 5_000;
const LONGEST_OPENING = 10;
/** The three providers without credentials: detection needs none. */
const PROVIDERS = [createTwilio({ env: {} }), createTelnyx({ env: {} }), createPlivo({ env: {} })];

/** Detection with the three providers on `messages`, settled by running past its timeout. */
async function detect(messages: readonly WireMessage[]) {
  const outcome = await detectionOutcome(PROVIDERS, messages, TIMEOUT_MS);
  expect(outcome.escaped).toBeUndefined();
  return outcome;
}

describe('detectProvider with the Twilio, Telnyx and Plivo providers', () => {
  it.each(Object.keys(OPENINGS) as FuzzProvider[])(
    'detects a %s stream from its opening messages',
    async (provider) => {
      const outcome = await detect(OPENINGS[provider].map((message) => JSON.stringify(message)));
      expect(outcome.detected?.provider.name).toBe(provider);
    },
  );

  it('settles on a provider or with a ProviderDetectionError for any fuzzed opening, and never throws into the socket', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyProviderFuzzedMessage, { maxLength: LONGEST_OPENING }),
        async (messages) => {
          const { detected } = await detect(messages.map((message) => message.data));
          if (detected) {
            expect(['twilio', 'telnyx', 'plivo']).toContain(detected.provider.name);
            expect(detected.callData.streamId.length).toBeGreaterThan(0);
          }
          expect(prototypeIsClean()).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('still detects a stream whose valid opening follows fuzzed messages that some provider claims as preamble', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<FuzzProvider>('twilio', 'telnyx', 'plivo'),
        fc.array(anyProviderFuzzedMessage, { maxLength: 3 }),
        async (provider, noise) => {
          // only noise a provider takes for preamble keeps detection open
          const preamble = noise.filter((message) => {
            const parsed = parsedOrUndefined(message.data);
            return PROVIDERS.some((provider) => provider.recognize(parsed)?.kind === 'preamble');
          });
          const opening = OPENINGS[provider].map((message) => JSON.stringify(message));
          const outcome = await detect([...preamble.map((message) => message.data), ...opening]);
          expect(outcome.detected?.provider.name).toBe(provider);
        },
      ),
      { numRuns: 300 },
    );
  });
});
