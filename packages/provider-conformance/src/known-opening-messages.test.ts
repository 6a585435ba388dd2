import { PROVIDER_NAMES } from '@x/phone-simulator';
import { describe, expect, it } from 'vitest';
import { KNOWN_OPENING_MESSAGE_FILES, knownOpeningMessages } from './known-opening-messages.js';

describe('knownOpeningMessages', () => {
  it("reads every provider's opening messages, each provider's start last", () => {
    const messages = knownOpeningMessages();
    expect(messages).toHaveLength(Object.values(KNOWN_OPENING_MESSAGE_FILES).flat().length);
    for (const provider of PROVIDER_NAMES) {
      const own = messages.filter((entry) => entry.provider === provider);
      expect(own.length, provider).toBeGreaterThan(0);
      const events = own.map((entry) => (entry.message as { event?: unknown }).event);
      expect(events.at(-1), provider).toBe('start');
      expect(
        events.slice(0, -1).every((event) => event === 'connected'),
        provider,
      ).toBe(true);
    }
  });

  it('reads the files once', () => {
    expect(knownOpeningMessages()).toBe(knownOpeningMessages());
  });
});
