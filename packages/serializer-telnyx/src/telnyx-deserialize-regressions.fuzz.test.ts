/**
 * Bugs that fuzzing found in the Telnyx serializer, one test each, kept so they stay fixed.
 */
import { deserializeOutcome, startedSerializer } from '@x/fuzz-kit';
import { InputAudioRawFrame } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { telnyxFuzzTarget, telnyxMediaMessage } from './__fixtures__/fuzz/telnyx-valid-messages.js';

/** Media messages sent after the stray one, in the stream's own numbering. */
const FOLLOWING_MESSAGES = 50;
/** Of those, at least this many must be heard (a reorder window may hold back a few). */
const MINIMUM_HEARD = 45;

describe('TelnyxFrameSerializer on the messages that fuzzing found it failing', () => {
  it('keeps hearing the caller after one media message numbered far ahead of the stream', () => {
    const serializer = startedSerializer(telnyxFuzzTarget);
    const payload = Uint8Array.of(0x7f, 0x00, 0xff);
    const heard = (chunk: number) =>
      (
        deserializeOutcome(serializer, JSON.stringify(telnyxMediaMessage(payload, chunk))).frames ??
        []
      ).filter((frame) => InputAudioRawFrame.is(frame)).length;
    expect(heard(1)).toBe(1);
    // one stray chunk number (a corrupt or replayed message; no stream_id is needed either)
    heard(1_000_000);
    let following = 0;
    for (let chunk = 2; chunk < 2 + FOLLOWING_MESSAGES; chunk++) following += heard(chunk);
    // it heard none: every later message was dropped as "late" until the numbering passed 1,000,000
    expect(following).toBeGreaterThanOrEqual(MINIMUM_HEARD);
  });
});
