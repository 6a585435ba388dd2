import type { CallData, MediaFormat } from '@x/transport-core';
import {
  TWILIO_CHANNELS,
  TWILIO_SAMPLE_RATE_HZ,
  type TwilioStartMessage,
} from './twilio-messages.js';

/** The media format of every Twilio stream: G.711 μ-law, 8 kHz, mono. */
export const TWILIO_MEDIA_FORMAT: Readonly<MediaFormat> = Object.freeze({
  encoding: 'PCMU',
  sampleRate: TWILIO_SAMPLE_RATE_HZ,
  channels: TWILIO_CHANNELS,
});

/** Custom parameter names read as the caller's number, first match wins. */
export const TWILIO_FROM_PARAMETER_NAMES: readonly string[] = [
  'From',
  'from',
  'from_number',
  'Caller',
];
/** Custom parameter names read as the called number, first match wins. */
export const TWILIO_TO_PARAMETER_NAMES: readonly string[] = ['To', 'to', 'to_number', 'Called'];

/** What a Twilio `start` message says about the call. */
export interface TwilioCallData extends CallData {
  provider: 'twilio';
  /** Stream SID (`MZ…`). */
  streamId: string;
  /** Call SID (`CA…`). */
  callId: string;
  /** Account SID (`AC…`) that owns the call: the hang-up URL uses it. */
  accountId: string;
  /** Tracks streamed (`inbound` for bidirectional streams). */
  tracks: readonly string[];
}

function firstParameter(
  parameters: Readonly<Record<string, string>>,
  names: readonly string[],
): string | undefined {
  for (const name of names) {
    const value = parameters[name];
    if (value) return value;
  }
  return undefined;
}

/**
 * Call data from a parsed `start` message. Twilio's start carries no caller numbers: `from` and
 * `to` come from custom parameters named `From`/`To` (or `from`/`to`, `from_number`/`to_number`,
 * `Caller`/`Called`), which the webhook can pass on with `<Parameter>`.
 */
export function twilioCallDataFromStart(start: TwilioStartMessage): TwilioCallData {
  const callData: TwilioCallData = {
    provider: 'twilio',
    streamId: start.streamSid,
    callId: start.callSid,
    accountId: start.accountSid,
    tracks: start.tracks,
    customParameters: start.customParameters,
    mediaFormat: { ...TWILIO_MEDIA_FORMAT },
  };
  const from = firstParameter(start.customParameters, TWILIO_FROM_PARAMETER_NAMES);
  const to = firstParameter(start.customParameters, TWILIO_TO_PARAMETER_NAMES);
  if (from !== undefined) callData.from = from;
  if (to !== undefined) callData.to = to;
  return callData;
}
