import type { MediaFormat } from '@x/transport-core';
import { encodeBase64 } from '@x/transport-core/provider-kit';

/** The ids of the reference start message. */
export const STREAM_ID = '32DE0DEA-53CB-4B21-89A4-9E1819C043BC';
export const CALL_CONTROL_ID = 'v2:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ';

export const PCMU_8K: MediaFormat = { encoding: 'PCMU', sampleRate: 8000, channels: 1 };
export const PCMA_8K: MediaFormat = { encoding: 'PCMA', sampleRate: 8000, channels: 1 };
export const L16_8K: MediaFormat = { encoding: 'L16', sampleRate: 8000, channels: 1 };
export const L16_16K: MediaFormat = { encoding: 'L16', sampleRate: 16000, channels: 1 };

/** A Telnyx `media` message carrying `payload` as chunk `chunk`. */
export function mediaMessage(
  payload: Uint8Array,
  chunk: number,
  options: { track?: string; streamId?: string } = {},
): string {
  return JSON.stringify({
    event: 'media',
    sequence_number: String(chunk + 2),
    media: {
      track: options.track ?? 'inbound',
      chunk: String(chunk),
      timestamp: String(chunk * 20),
      payload: encodeBase64(payload),
    },
    stream_id: options.streamId ?? STREAM_ID,
  });
}

/** The reference start message with another media format. */
export function startMessage(format: MediaFormat): string {
  return JSON.stringify({
    event: 'start',
    sequence_number: '1',
    stream_id: STREAM_ID,
    start: {
      call_control_id: CALL_CONTROL_ID,
      from: '+13122010094',
      to: '+13122123456',
      custom_parameters: { customer_id: 'customer_123' },
      media_format: {
        encoding: format.encoding,
        sample_rate: format.sampleRate,
        channels: format.channels,
      },
    },
  });
}

/** The payload of an outbound `media` message, decoded. */
export function outboundPayload(message: unknown): Uint8Array {
  if (typeof message !== 'string')
    throw new Error(`expected a text message, got ${String(message)}`);
  const parsed = JSON.parse(message) as { event: string; media?: { payload?: string } };
  if (parsed.event !== 'media' || typeof parsed.media?.payload !== 'string') {
    throw new Error(`expected a media message, got ${message}`);
  }
  return Buffer.from(parsed.media.payload, 'base64');
}
