import { PROVIDER_NAMES } from '@x/phone-simulator';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';
import { knownOpeningMessages } from './known-opening-messages.js';
import { signedUpgrade } from './signed-requests.js';

/** Secret the other providers' upgrade headers are made with (any will do). */
const OTHER_PROVIDERS_SECRET = 'another-providers-secret';

/**
 * Detection: the provider recognises its own opening messages and claims none of the other
 * providers' messages or upgrades, so `detectProvider` can choose among any set of providers.
 */
export function describeRecognition(context: ConformanceContext): void {
  const { subject } = context;
  const known = knownOpeningMessages();
  const ownKnown = known.filter((entry) => entry.provider === subject.name);
  const othersKnown = known.filter((entry) => entry.provider !== subject.name);

  describe('recognition', () => {
    it('recognises its own opening messages: preambles, then the start with its call data', () => {
      const messages = subject.openingMessages;
      expect(messages.length, 'the subject gives no opening messages').toBeGreaterThan(0);
      messages.slice(0, -1).forEach((message, index) => {
        expect(context.provider.recognize(message), `opening message ${index}`).toEqual({
          kind: 'preamble',
        });
      });
      const callData = context.fixtureCallData();
      expect(callData.provider).toBe(subject.name);
      expect(callData.callId).not.toBe('');
      expect(callData.streamId).not.toBe('');
      expect(callData.mediaFormat).toEqual(
        expect.objectContaining({ sampleRate: expect.any(Number), channels: expect.any(Number) }),
      );
    });

    if (ownKnown.length > 0) {
      it("recognises the suite's copies of its opening messages, the start last", () => {
        const kinds = ownKnown.map(
          (entry) => [entry.file, context.provider.recognize(entry.message)?.kind] as const,
        );
        expect(kinds.slice(0, -1).every(([, kind]) => kind === 'preamble')).toBe(true);
        expect(kinds.at(-1)).toEqual([ownKnown.at(-1)!.file, 'start']);
      });
    }

    it("claims none of the other providers' opening messages", () => {
      expect(othersKnown.length).toBeGreaterThan(0);
      for (const entry of othersKnown) {
        expect(context.provider.recognize(entry.message), entry.file).toBeUndefined();
      }
    });

    it('claims only upgrades that carry its own authentication headers', () => {
      const own = signedUpgrade(subject.name, subject.signing.upgradeSecret);
      expect(context.provider.claimsUpgrade(own)).toBe(true);
      for (const other of PROVIDER_NAMES.filter((name) => name !== subject.name)) {
        const upgrade = signedUpgrade(other, OTHER_PROVIDERS_SECRET);
        expect(context.provider.claimsUpgrade(upgrade), `${other}'s upgrade`).toBe(false);
      }
      expect(context.provider.claimsUpgrade({ headers: {} }), 'a bare upgrade').toBe(false);
    });
  });
}
