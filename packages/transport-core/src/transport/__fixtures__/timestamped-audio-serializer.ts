import { InputAudioRawFrame } from '../../frames/audio-frames.js';
import type { DeserializedFrames } from '../../serializer/frame-serializer.js';
import { RawAudioSerializer } from '../raw-audio-serializer.js';

/** Bytes of the timestamp before the PCM in a `timestampedAudio` message. */
const TIMESTAMP_BYTES = 4;

/**
 * A binary audio message as `TimestampedAudioSerializer` reads it: the media timestamp in ms
 * (uint32, little-endian) followed by PCM16 little-endian samples.
 */
export function timestampedAudio(timestampMs: number, pcm: Int16Array): Uint8Array {
  const message = new Uint8Array(TIMESTAMP_BYTES + pcm.byteLength);
  new DataView(message.buffer).setUint32(0, timestampMs, true);
  message.set(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength), TIMESTAMP_BYTES);
  return message;
}

/**
 * `RawAudioSerializer` whose binary messages start with a media timestamp (see
 * `timestampedAudio`), put on the frame as a provider serializer does: a stand-in for Twilio's
 * `media.timestamp` in core's tests.
 */
export class TimestampedAudioSerializer extends RawAudioSerializer {
  override deserialize(data: string | Uint8Array): DeserializedFrames {
    if (typeof data === 'string') return super.deserialize(data);
    const timestampMs = new DataView(data.buffer, data.byteOffset).getUint32(0, true);
    const frame = super.deserialize(data.subarray(TIMESTAMP_BYTES));
    if (frame instanceof InputAudioRawFrame) frame.mediaTimestampMs = timestampMs;
    return frame;
  }
}
