import { FRAME_DURATION_MS } from '@x/phone-simulator';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';
import { PIPELINE_SAMPLE_RATE_HZ } from './conformance-server.js';
import { CALLER_TONE_AMPLITUDE, CALLER_TONE_FREQUENCY_HZ, fadedTone } from './echo-audio.js';
import { LOOPBACK_TEST_TIMEOUT_MS } from './loopback-call-checks.js';

/** How long the caller's tone lasts, in milliseconds. */
const TONE_MS = 600;
/** The first frame of the tone lost on the way, counted from the tone's first frame. */
const FIRST_LOST_FRAME = 10;
/** Frames lost in a row. */
const LOST_FRAMES = 3;
/** Caller audio the bot must have received past the tone before it is measured, in milliseconds. */
const CALLER_TAIL_MS = 60;
/** A sample of the tone counts as heard above this fraction of its amplitude. */
const HEARD_FRACTION = 0.1;
/** How far the measured spans may be from the expected ones (resampler edges), in milliseconds. */
const SPAN_TOLERANCE_MS = 8;

/**
 * Caller packets lost between the phone and the provider: the serializer passes the provider's
 * media position (timestamps or chunk numbers) on, and the input fills the loss with silence, so
 * the bot hears the call as long as it lasted and what follows the loss in its place.
 */
export function describeCallerAudioLoss(context: ConformanceContext): void {
  describe('caller audio lost on the way', () => {
    it(
      'reaches the bot as silence in its place: the tone keeps its length, with a hole as long as the loss',
      async () => {
        let toneFirstFrame = Number.POSITIVE_INFINITY;
        const { phone, call } = await context.callThroughWebhook({
          loseCallerFrames: (frameIndex) => {
            const intoTone = frameIndex - toneFirstFrame;
            return intoTone >= FIRST_LOST_FRAME && intoTone < FIRST_LOST_FRAME + LOST_FRAMES;
          },
        });
        const streamRate = phone.codec.sampleRate;
        const said = fadedTone(CALLER_TONE_FREQUENCY_HZ, streamRate, TONE_MS);
        const before = phone.summary().caller;
        toneFirstFrame = before.framesSent + before.framesLost;
        await phone.sendAudio({ pcm: said, sampleRate: streamRate });
        const { framesSent } = phone.summary().caller;
        const expectedSamples = Math.ceil(
          ((framesSent * FRAME_DURATION_MS + CALLER_TAIL_MS) * PIPELINE_SAMPLE_RATE_HZ) / 1000,
        );
        await call.bot.waitFor('the caller say its tone', () => {
          return call.bot.callerSamples >= expectedSamples;
        });
        expect(phone.summary().caller.framesLost).toBe(LOST_FRAMES);

        const heard = toneSpans(call.bot.callerAudioSoFar(), PIPELINE_SAMPLE_RATE_HZ);
        const reference = toneSpans(said, streamRate);
        expect(heard.spanMs, 'the tone closed up over the loss').toBeGreaterThan(
          reference.spanMs - SPAN_TOLERANCE_MS,
        );
        expect(heard.spanMs).toBeLessThan(reference.spanMs + SPAN_TOLERANCE_MS);
        const lostMs = LOST_FRAMES * FRAME_DURATION_MS;
        expect(heard.longestQuietMs).toBeGreaterThan(lostMs - SPAN_TOLERANCE_MS);
        expect(heard.longestQuietMs).toBeLessThan(lostMs + SPAN_TOLERANCE_MS);
        expect(phone.summary().protocolErrors).toEqual([]);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );
  });
}

/**
 * From the first to the last sample of the tone heard (above `HEARD_FRACTION` of its
 * amplitude): how long that is, and the longest stretch inside it with nothing heard, in ms.
 */
function toneSpans(
  audio: Int16Array,
  sampleRate: number,
): { spanMs: number; longestQuietMs: number } {
  const threshold = CALLER_TONE_AMPLITUDE * HEARD_FRACTION;
  let first = -1;
  let last = -1;
  let longestQuiet = 0;
  for (let index = 0; index < audio.length; index++) {
    if (Math.abs(audio[index]!) <= threshold) continue;
    if (first < 0) first = index;
    else longestQuiet = Math.max(longestQuiet, index - last - 1);
    last = index;
  }
  const toMs = (samples: number) => (samples * 1000) / sampleRate;
  return { spanMs: first < 0 ? 0 : toMs(last - first + 1), longestQuietMs: toMs(longestQuiet) };
}
