import type { CallData, ProviderMessage } from '@x/transport-core';
import { type PlivoStartMessage, parsePlivoStart } from './plivo-messages.js';

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

/**
 * Call data from a Plivo start message (a parsed JSON object), or `undefined` when the message
 * is not a valid Plivo start: `event` `start` with `start.streamId`, `start.callId` and a
 * supported `start.mediaFormat`. Twilio's (`start.streamSid`/`callSid`) and Telnyx's
 * (`stream_id`, `start.call_control_id`) start messages never match. Never throws.
 */
export function plivoCallDataFromMessage(message: unknown): PlivoCallData | undefined {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return undefined;
  const candidate = message as ProviderMessage;
  if (candidate.event !== 'start') return undefined;
  // Twilio and Telnyx name their stream at the top level; Plivo's start does not.
  if ('streamSid' in candidate || 'stream_id' in candidate) return undefined;
  try {
    return plivoCallDataFromStart(parsePlivoStart(candidate));
  } catch {
    return undefined;
  }
}
