import type { MediaCodec } from '../audio/media-codec.js';
import { PlivoDialect } from './plivo-dialect.js';
import type { DialectOptions, ProviderDialect } from './provider-dialect.js';
import type { ProviderName } from './provider-name.js';
import { TelnyxDialect } from './telnyx-dialect.js';
import { TwilioDialect } from './twilio-dialect.js';

/** Options of `createDialect`. */
export interface CreateDialectOptions extends DialectOptions {
  /** The stream's codec. */
  codec: MediaCodec;
  /** Telnyx `stream_auth_token`, sent in `connected`. */
  streamAuthToken?: string | undefined;
}

/** A fresh dialect (new ids, sequence numbers from 1) for one call with `provider`. */
export function createDialect(
  provider: ProviderName,
  options: CreateDialectOptions,
): ProviderDialect {
  switch (provider) {
    case 'twilio':
      return new TwilioDialect(options);
    case 'telnyx':
      return new TelnyxDialect(options);
    case 'plivo':
      return new PlivoDialect(options);
  }
}
