import type { CallData } from '@x/transport-core';
import type { PlivoStartMessage } from './plivo-messages.js';

/** What a Plivo start message says about the call. */
export interface PlivoCallData extends CallData {
  provider: 'plivo';
  /** `start.accountId` (`MA…` main account or `SA…` subaccount), when present. */
  accountId?: string;
  /** `start.tracks`, e.g. `["inbound"]`. */
  tracks: readonly string[];
  /** The top-level `extra_headers` string exactly as sent, when present. */
  extraHeaders?: string;
}

/** Call data from a parsed start message. */
export function plivoCallDataFromStart(start: PlivoStartMessage): PlivoCallData {
  const callData: PlivoCallData = {
    provider: 'plivo',
    streamId: start.streamId,
    callId: start.callId,
    tracks: start.tracks,
    customParameters: start.customParameters,
    mediaFormat: start.mediaFormat,
  };
  if (start.accountId !== undefined) callData.accountId = start.accountId;
  if (start.extraHeaders !== undefined) callData.extraHeaders = start.extraHeaders;
  return callData;
}
