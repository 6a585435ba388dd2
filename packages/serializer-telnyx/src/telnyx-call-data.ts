import type { CallData } from '@x/transport-core';
import type { TelnyxStartMessage } from './telnyx-messages.js';

/** What a Telnyx `start` message says about the call. */
export interface TelnyxCallData extends CallData {
  readonly provider: 'telnyx';
  /** `start.call_control_id` (also in `callId`): Call Control commands take it. */
  readonly callControlId: string;
  /** `start.call_session_id`. */
  readonly callSessionId: string | undefined;
  /** `start.client_state`, base64 as set on the call. */
  readonly clientState: string | undefined;
  /** `start.tags`. */
  readonly tags: readonly string[];
}

/** Call data from a parsed start message (`accountId` is Telnyx's `user_id`). */
export function telnyxCallDataFromStart(start: TelnyxStartMessage): TelnyxCallData {
  const callData: TelnyxCallData = {
    provider: 'telnyx',
    streamId: start.streamId,
    callId: start.callControlId,
    callControlId: start.callControlId,
    callSessionId: start.callSessionId,
    clientState: start.clientState,
    tags: start.tags,
    customParameters: { ...start.customParameters },
    mediaFormat: start.mediaFormat,
  };
  if (start.userId !== undefined) callData.accountId = start.userId;
  if (start.from !== undefined) callData.from = start.from;
  if (start.to !== undefined) callData.to = start.to;
  return callData;
}
