/** Audio encodings the provider packages speak. */
export type AudioEncoding = 'PCMU' | 'PCMA' | 'L16';

/** The media format of a stream, as its start message states it. */
export interface MediaFormat {
  /** `PCMU` (G.711 μ-law), `PCMA` (G.711 A-law) or `L16` (PCM16 little-endian). */
  encoding: AudioEncoding;
  /** Samples per second, in Hz. */
  sampleRate: number;
  /** Number of channels (1 for telephony). */
  channels: number;
}

/** What a provider's opening messages say about the call. */
export interface CallData {
  /** Provider name, e.g. `twilio`. */
  provider: string;
  /** Stream id (Twilio `streamSid`, Telnyx `stream_id`, Plivo `streamId`). */
  streamId: string;
  /** Call id (Twilio `callSid`, Telnyx `call_control_id`, Plivo `callId`). */
  callId: string;
  /** Account id, where the provider sends one (Twilio `accountSid`, Plivo `accountId`). */
  accountId?: string;
  /** Caller number, where known. */
  from?: string;
  /** Called number, where known. */
  to?: string;
  /** Custom parameters from the webhook markup (Twilio `customParameters`, Telnyx
   * `custom_parameters`, Plivo `extra_headers`). */
  customParameters: Record<string, string>;
  /** Media format of the caller audio the provider sends. */
  mediaFormat: MediaFormat;
}
