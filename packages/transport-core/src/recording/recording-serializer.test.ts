import { describe, expect, it } from 'vitest';
import { bytesFromInt16 } from '../audio/pcm-bytes.js';
import { parseWav } from '../audio/wav.js';
import { ManualClock } from '../clock/index.js';
import { OutputAudioRawFrame } from '../frames/audio-frames.js';
import { EndFrame, InterruptionFrame } from '../frames/lifecycle-frames.js';
import { silentLogger } from '../logging/logger.js';
import type { FrameSerializer } from '../serializer/frame-serializer.js';
import { RawAudioSerializer } from '../transport/raw-audio-serializer.js';
import { CallRecording } from './call-recording.js';
import { RecordingSerializer } from './recording-serializer.js';

const SAMPLE_RATE = 8000;
const FRAMES_PER_MS = SAMPLE_RATE / 1000;

function setUp(inner: FrameSerializer = new RawAudioSerializer()) {
  const clock = new ManualClock();
  const parts: Uint8Array[] = [];
  const recording = new CallRecording({ sink: (bytes) => parts.push(bytes.slice()) });
  const serializer = new RecordingSerializer(inner, recording, clock);
  serializer.setup({
    audioInSampleRate: SAMPLE_RATE,
    audioOutSampleRate: SAMPLE_RATE,
    logger: silentLogger,
  });
  /** Samples of one channel (0 caller, 1 bot) of what was recorded. */
  const channel = (index: number): Int16Array => {
    const bytes = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    const { audio } = parseWav(bytes);
    return audio.filter((_, sample) => sample % 2 === index);
  };
  return { clock, recording, serializer, channel };
}

describe('RecordingSerializer', () => {
  it('records the caller as decoded, the bot as sent, and cuts at the clear message', async () => {
    const { clock, recording, serializer, channel } = setUp();
    await clock.advance(100);
    const frames = serializer.deserialize(bytesFromInt16(new Int16Array(800).fill(1000)));
    expect(frames).toBeDefined();
    serializer.serialize(new OutputAudioRawFrame(new Int16Array(1600).fill(2000), SAMPLE_RATE));
    await clock.advance(50);
    expect(serializer.serialize(new InterruptionFrame())).toBeDefined(); // still the inner's
    await clock.advance(50);
    serializer.serialize(new EndFrame());
    expect(recording.finished).toBe(true);
    const caller = channel(0);
    const bot = channel(1);
    expect(caller.length).toBe(200 * FRAMES_PER_MS);
    expect(caller.slice(0, 100 * FRAMES_PER_MS).every((sample) => sample === 1000)).toBe(true);
    expect(bot.slice(100 * FRAMES_PER_MS, 150 * FRAMES_PER_MS).every((s) => s === 2000)).toBe(true);
    expect(bot.slice(150 * FRAMES_PER_MS).every((sample) => sample === 0)).toBe(true);
  });

  it("keeps the wrapped serializer's DTMF and hang-up abilities", () => {
    const withoutHangUp = setUp({
      name: 'plain',
      setup: () => {},
      serialize: () => undefined,
      deserialize: () => undefined,
    }).serializer;
    expect(withoutHangUp.hangUp).toBeUndefined();
    expect(withoutHangUp.sendsDtmf).toBe(false);
    const inner: FrameSerializer = {
      name: 'fake',
      sendsDtmf: true,
      setup: () => {},
      serialize: () => undefined,
      deserialize: () => undefined,
      hangUp: async () => 'hung-up',
    };
    const wrapped = setUp(inner).serializer;
    expect(wrapped.name).toBe('fake');
    expect(wrapped.sendsDtmf).toBe(true);
    expect(wrapped.hangUp).toBeTypeOf('function');
  });
});
