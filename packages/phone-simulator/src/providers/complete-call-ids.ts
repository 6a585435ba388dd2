import {
  lowercaseUuid,
  plivoAuthId,
  telnyxCallControlId,
  twilioSid,
  uppercaseUuid,
} from './call-ids.js';
import type { CallIds } from './provider-dialect.js';
import type { ProviderName } from './provider-name.js';

/**
 * The ids in `given`, completed with fresh ones in `provider`'s formats: Twilio `AC…`, `CA…`,
 * `MZ…` SIDs; Telnyx uppercase UUIDs and a `v2:` call control id; Plivo `MA…` and UUIDs.
 */
export function completeCallIds(provider: ProviderName, given: Partial<CallIds> = {}): CallIds {
  switch (provider) {
    case 'twilio':
      return {
        accountId: given.accountId ?? twilioSid('AC'),
        callId: given.callId ?? twilioSid('CA'),
        streamId: given.streamId ?? twilioSid('MZ'),
      };
    case 'telnyx':
      return {
        accountId: given.accountId ?? uppercaseUuid(),
        callId: given.callId ?? telnyxCallControlId(),
        streamId: given.streamId ?? uppercaseUuid(),
      };
    case 'plivo':
      return {
        accountId: given.accountId ?? plivoAuthId(),
        callId: given.callId ?? lowercaseUuid(),
        streamId: given.streamId ?? lowercaseUuid(),
      };
  }
}
