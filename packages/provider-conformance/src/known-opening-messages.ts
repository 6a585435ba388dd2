import { readFileSync } from 'node:fs';
import type { ProviderName } from '@x/phone-simulator';

/** One opening message of a provider the suite knows, verbatim from the protocol reference. */
export interface KnownOpeningMessage {
  /** The provider that sends it. */
  provider: ProviderName;
  /** Its fixture file, e.g. `twilio-start.json`. */
  file: string;
  /** The message, parsed. */
  message: unknown;
}

/**
 * The opening messages of every provider the suite knows, by provider: what a stream sends
 * before and at its start (protocol reference §1.2, §2.3, §3.3). Each provider must recognise
 * its own and claim none of the others'; a new provider package is checked against all of them.
 */
export const KNOWN_OPENING_MESSAGE_FILES: Readonly<Record<ProviderName, readonly string[]>> =
  Object.freeze({
    twilio: ['twilio-connected.json', 'twilio-start.json'],
    telnyx: ['telnyx-connected.json', 'telnyx-connected-with-token.json', 'telnyx-start.json'],
    plivo: ['plivo-start.json'],
  });

/** Where the fixtures are: `__fixtures__/opening-messages/` of this package (from `src/` or `dist/`). */
const OPENING_MESSAGES_DIRECTORY = new URL('../__fixtures__/opening-messages/', import.meta.url);

let loaded: readonly KnownOpeningMessage[] | undefined;

/** Every known opening message, read once from the package's fixtures. */
export function knownOpeningMessages(): readonly KnownOpeningMessage[] {
  loaded ??= Object.freeze(
    Object.entries(KNOWN_OPENING_MESSAGE_FILES).flatMap(([provider, files]) =>
      files.map((file) =>
        Object.freeze({
          provider: provider as ProviderName,
          file,
          message: JSON.parse(readFileSync(new URL(file, OPENING_MESSAGES_DIRECTORY), 'utf8')),
        }),
      ),
    ),
  );
  return loaded;
}
