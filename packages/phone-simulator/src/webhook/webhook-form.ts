import { telnyxConnectionId } from '../providers/call-ids.js';
import type { CallIds } from '../providers/provider-dialect.js';
import type { ProviderName } from '../providers/provider-name.js';

/** The Twilio REST API version its webhooks name. */
const TWILIO_API_VERSION = '2010-04-01';

/** The call a webhook announces. */
export interface WebhookCall {
  /** The call's ids (the stream's `start` later names the same call id). */
  ids: CallIds;
  /** Caller number. */
  from: string;
  /** Called number. */
  to: string;
}

/**
 * The form parameters a provider posts to the answer URL of an inbound call that is ringing:
 * Twilio `AccountSid`, `ApiVersion`, `CallSid`, `CallStatus`, `Direction`, `From`, `To`;
 * Telnyx TeXML `AccountSid`, `CallSid` (the stream's `call_control_id`), `CallSidLegacy`,
 * `CallStatus`, `ConnectionId`, `Direction`, `From`, `To`; Plivo `CallUUID`, `CallStatus`,
 * `Direction`, `Event` (`StartApp`), `From`, `To` (numbers without `+`, as Plivo writes them).
 */
export function webhookFormParameters(
  provider: ProviderName,
  call: WebhookCall,
): Record<string, string> {
  switch (provider) {
    case 'twilio':
      return {
        AccountSid: call.ids.accountId,
        ApiVersion: TWILIO_API_VERSION,
        CallSid: call.ids.callId,
        CallStatus: 'ringing',
        Direction: 'inbound',
        From: call.from,
        To: call.to,
      };
    case 'telnyx':
      return {
        AccountSid: call.ids.accountId,
        CallSid: call.ids.callId,
        CallSidLegacy: call.ids.callId,
        CallStatus: 'ringing',
        ConnectionId: telnyxConnectionId(),
        Direction: 'inbound',
        From: call.from,
        To: call.to,
      };
    case 'plivo':
      return {
        CallUUID: call.ids.callId,
        CallStatus: 'ringing',
        Direction: 'inbound',
        Event: 'StartApp',
        From: withoutPlus(call.from),
        To: withoutPlus(call.to),
      };
  }
}

function withoutPlus(number: string): string {
  return number.startsWith('+') ? number.slice(1) : number;
}
