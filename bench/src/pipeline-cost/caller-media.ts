import { CALLER_SAMPLE_RATE, CYCLE_MS, callerSpeech } from '../calls/caller-speech.js';

/** Audio in one Twilio media message, in milliseconds. */
export const MEDIA_FRAME_MS = 20;
/** Samples in one media message at the caller rate. */
const SAMPLES_PER_FRAME = (CALLER_SAMPLE_RATE * MEDIA_FRAME_MS) / 1000;

/** G.711 μ-law encoder of a tree (`pcmToUlaw`). */
export type UlawEncoder = (pcm: Int16Array) => Uint8Array;

/**
 * The base64 μ-law payloads of one cycle of caller speech (`calls/caller-speech.ts`: the synthetic
 * voice in 3 s turns after a long and a short pause), one per 20 ms frame. Calls play it round
 * and round, each from its own offset.
 */
export function callerPayloads(encode: UlawEncoder): string[] {
  const pcm = callerSpeech(CYCLE_MS);
  const payloads: string[] = [];
  for (let offset = 0; offset + SAMPLES_PER_FRAME <= pcm.length; offset += SAMPLES_PER_FRAME) {
    const ulaw = encode(pcm.subarray(offset, offset + SAMPLES_PER_FRAME));
    payloads.push(Buffer.from(ulaw.buffer, ulaw.byteOffset, ulaw.byteLength).toString('base64'));
  }
  return payloads;
}

/**
 * Where call `index` of `calls` starts in a cycle of `frames`: spread evenly, so the calls' turns,
 * speech starts and barge-ins are spread over the cycle instead of all coming at once.
 */
export function cycleOffset(index: number, calls: number, frames: number): number {
  return Math.floor((index * frames) / calls);
}

/** A call's Twilio identifiers. */
export interface TwilioIds {
  streamSid: string;
  callSid: string;
  accountSid: string;
}

/** The identifiers of call `index`: `MZ`, `CA` and `AC` followed by 32 hex digits. */
export function twilioIds(index: number): TwilioIds {
  const digits = index.toString(16).padStart(32, '0');
  return { streamSid: `MZ${digits}`, callSid: `CA${digits}`, accountSid: `AC${'0'.repeat(32)}` };
}

/** Twilio's first two messages on a stream: `connected`, then `start` (sequence number 1). */
export function openingMessages(ids: TwilioIds): [string, string] {
  const connected = { event: 'connected', protocol: 'Call', version: '1.0.0' };
  const start = {
    event: 'start',
    sequenceNumber: '1',
    start: {
      accountSid: ids.accountSid,
      streamSid: ids.streamSid,
      callSid: ids.callSid,
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: CALLER_SAMPLE_RATE, channels: 1 },
      customParameters: {},
    },
    streamSid: ids.streamSid,
  };
  return [JSON.stringify(connected), JSON.stringify(start)];
}

/**
 * Media message number `frame` (from 0) of a stream, as the phone simulator writes it (by hand:
 * every part is JSON-safe); its sequence number follows the `start`'s.
 */
export function mediaMessage(streamSid: string, frame: number, payload: string): string {
  return `{"event":"media","sequenceNumber":"${frame + 2}","media":{"track":"inbound","chunk":"${frame + 1}","timestamp":"${frame * MEDIA_FRAME_MS}","payload":"${payload}"},"streamSid":"${streamSid}"}`;
}
