import { FRAME_DURATION_MS } from '@x/phone-simulator';
import { CALL_TOKEN_PARAMETER } from '@x/transport-core';
import { decodeDtmfKeys } from '@x/transport-core/testing';
import { describe, expect, it } from 'vitest';
import { type ConformanceContext, eventually } from './conformance-context.js';
import { CONFORMANCE_STREAM_PARAMETERS, PIPELINE_SAMPLE_RATE_HZ } from './conformance-server.js';
import { DEFAULT_ECHO_CODECS } from './conformance-subject.js';
import { CONFORMANCE_PUBLIC_STREAM_URL } from './conformance-urls.js';
import { CALLER_TONE_FREQUENCY_HZ, fadedTone, findEcho } from './echo-audio.js';
import type { ServedCall } from './served-call.js';

/** Bound on one loopback test, in milliseconds (each call lasts about a second). */
export const LOOPBACK_TEST_TIMEOUT_MS = 20_000;
/** Bound on waiting for what the phone hears, in wall milliseconds. */
const PHONE_WAIT_MS = 8_000;
/** How long the caller speaks for the echo, in milliseconds. */
const CALLER_SPEECH_MS = 500;
/** Caller audio the bot must have received past the tone before echoing it, in milliseconds. */
const CALLER_TAIL_MS = 60;
/** How long the bot speaks before a mark, in milliseconds. */
const SPOKEN_BEFORE_MARK_MS = 300;
/** How long the bot speaks when it is to be interrupted, in milliseconds. */
const INTERRUPTED_SPEECH_MS = 3_000;
/** Audio a clear must have dropped, at the least, in milliseconds. */
const MINIMUM_CLEARED_MS = 1_000;
/** Playout the phone may count short of what was sent (resampler tails, frames), in milliseconds. */
const PLAYOUT_TOLERANCE_MS = 20;
/** Rate of a stream whose codec names none (G.711), in Hz. */
const DEFAULT_STREAM_SAMPLE_RATE_HZ = 8000;
/** Keys the caller presses. */
const CALLER_KEYS = '1*9#';
/** Keys the bot presses. */
const BOT_KEYS = '42#';

/**
 * The same call for every provider: the phone simulator places it through the provider's
 * signed webhook and streams to a real `ws` server on 127.0.0.1, which detects the provider,
 * checks the call token and runs the provider's serializer in a `WebSocketTransport`.
 */
export function describeLoopbackCall(context: ConformanceContext): void {
  const { subject } = context;
  const echoCodecs = (subject.echoCodecs ?? DEFAULT_ECHO_CODECS).map((echoCodec) => ({
    ...echoCodec,
    label: `${echoCodec.codec} at ${echoCodec.sampleRate ?? DEFAULT_STREAM_SAMPLE_RATE_HZ} Hz`,
  }));

  describe('a loopback call through the signed webhook', () => {
    it(
      'answers the webhook with markup whose call token checkStream accepts for that call',
      async () => {
        const server = await context.startServer();
        const phone = await context.placeCall(server);
        expect(server.webhooks).toEqual([{ verification: { ok: true }, callId: phone.ids.callId }]);
        expect(phone.webhookAnswer?.streamUrl).toBe(CONFORMANCE_PUBLIC_STREAM_URL);
        expect(phone.webhookAnswer?.parameters).toEqual({
          ...CONFORMANCE_STREAM_PARAMETERS,
          [CALL_TOKEN_PARAMETER]: expect.any(String),
        });
        const stream = await server.streamFor(phone.ids.callId);
        expect(stream.upgradeVerified).toBe(true);
        expect(stream.streamCheck).toEqual({ ok: true });
        expect(stream.callData).toMatchObject({
          provider: subject.name,
          callId: phone.ids.callId,
          streamId: phone.ids.streamId,
        });
        const call = await context.servedCall(server, phone);
        expect(call.bot.streamStarted).toMatchObject({
          provider: subject.name,
          streamId: phone.ids.streamId,
          callId: phone.ids.callId,
          customParameters: expect.objectContaining(CONFORMANCE_STREAM_PARAMETERS),
        });
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );

    it.each(echoCodecs)(
      'echoes the caller over $label: the caller hears back what it said',
      async (echoCodec) => {
        const { phone, call } = await context.callThroughWebhook({
          codec: echoCodec.codec,
          ...(echoCodec.sampleRate !== undefined && { sampleRate: echoCodec.sampleRate }),
        });
        const streamRate = phone.codec.sampleRate;
        const said = fadedTone(CALLER_TONE_FREQUENCY_HZ, streamRate, CALLER_SPEECH_MS);
        await phone.sendAudio({ pcm: said, sampleRate: streamRate });
        // Every frame the phone has sent, the tone's last among them, reaches the bot in order:
        // wait for them all. (A count from before the tone falls short when frames sent earlier
        // are still on their way, or held while the pipeline starts, on a loaded machine.)
        const framesSent = phone.summary().caller.framesSent;
        const expectedSamples = Math.ceil(
          ((framesSent * FRAME_DURATION_MS + CALLER_TAIL_MS) * PIPELINE_SAMPLE_RATE_HZ) / 1000,
        );
        await call.bot.waitFor('the caller say its tone', () => {
          return call.bot.callerSamples >= expectedSamples;
        });

        const echoStartMs = phone.now();
        call.say(call.bot.callerAudioSoFar(), PIPELINE_SAMPLE_RATE_HZ);
        call.mark('echoed');
        const played = await phone.waitFor('mark', {
          where: (mark) => mark.name === 'echoed',
          timeoutMs: PHONE_WAIT_MS,
        });
        const echo = findEcho(said, phone.heard(echoStartMs, played.atMs));
        expect(echo, 'the caller heard less than it said').toBeDefined();
        expect(echo!.snrDb).toBeGreaterThan(echoCodec.minimumSnrDb);
        expect(phone.summary().protocolErrors).toEqual([]);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );

    it(
      'answers a playback mark once the audio before it has played',
      async () => {
        const { phone, call } = await context.callThroughWebhook();
        const spokeAtMs = phone.now();
        speakThenMark(call, SPOKEN_BEFORE_MARK_MS, 'after-speech');
        const answered = await phone.waitFor('mark', {
          where: (mark) => mark.name === 'after-speech',
          timeoutMs: PHONE_WAIT_MS,
        });
        expect(answered.onClear).toBe(false);
        expect(answered.atMs - spokeAtMs).toBeGreaterThanOrEqual(
          SPOKEN_BEFORE_MARK_MS - PLAYOUT_TOLERANCE_MS,
        );
        await call.bot.waitFor('the mark answered', () => call.bot.marksPlayed.length > 0);
        await call.end();
        expect(call.bot.marksPlayed).toEqual([{ name: 'after-speech', cleared: false }]);
        expect(phone.summary().protocolErrors).toEqual([]);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );

    it(
      'clears playback on an interruption and reports the marks it dropped as cleared',
      async () => {
        const { phone, call } = await context.callThroughWebhook();
        speakThenMark(call, INTERRUPTED_SPEECH_MS, 'cut-off');
        await eventually('the phone holds the mark', () => phone.summary().marks.received === 1);

        const interruptedAtMs = phone.now();
        call.interrupt();
        const clear = await phone.waitFor('clear', {
          sinceMs: interruptedAtMs,
          timeoutMs: PHONE_WAIT_MS,
        });
        expect(clear.pendingMarks).toEqual(['cut-off']);
        expect(clear.discardedMs).toBeGreaterThan(MINIMUM_CLEARED_MS);
        const confirmsClears = subject.capabilities.clearedMarks === 'confirm-clear';
        await call.bot.waitFor('the cut-off mark reported (and the clear confirmed)', () => {
          return (
            call.bot.marksPlayed.length > 0 && (!confirmsClears || call.bot.playbackClears > 0)
          );
        });
        expect(call.bot.marksPlayed).toEqual([{ name: 'cut-off', cleared: true }]);
        if (confirmsClears) {
          expect(call.bot.playbackClears).toBe(1);
        } else {
          expect(phone.events()).toContainEqual(
            expect.objectContaining({ type: 'mark', name: 'cut-off', onClear: true }),
          );
        }

        speakThenMark(call, SPOKEN_BEFORE_MARK_MS, 'after-clear');
        await call.bot.waitFor('the mark after the clear', () => call.bot.marksPlayed.length > 1);
        expect(call.bot.marksPlayed).toEqual([
          { name: 'cut-off', cleared: true },
          { name: 'after-clear', cleared: false },
        ]);
        expect(phone.summary().protocolErrors).toEqual([]);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );

    it(
      "turns the caller's keys into InputDTMFFrames",
      async () => {
        const { phone, call } = await context.callThroughWebhook();
        await phone.sendDtmf(CALLER_KEYS);
        await call.bot.waitFor(`the keys ${CALLER_KEYS}`, () => {
          return call.bot.dtmf.length >= CALLER_KEYS.length;
        });
        expect(call.bot.dtmf).toEqual([...CALLER_KEYS]);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );

    it(
      `plays the bot's keys to the caller (${
        subject.capabilities.outboundDtmf ? 'natively' : 'as in-band tones'
      }): the caller hears the same keys`,
      async () => {
        const { phone, call } = await context.callThroughWebhook();
        expect(call.serializer.sendsDtmf === true, 'serializer.sendsDtmf').toBe(
          subject.capabilities.outboundDtmf,
        );
        const pressedAtMs = phone.now();
        call.sendDtmf(BOT_KEYS);
        if (subject.capabilities.outboundDtmf) {
          const pressed = await phone.waitFor('bot-dtmf', { timeoutMs: PHONE_WAIT_MS });
          expect(pressed.digits).toBe(BOT_KEYS);
        } else {
          call.mark('after-keys');
          const played = await phone.waitFor('mark', {
            where: (mark) => mark.name === 'after-keys',
            timeoutMs: PHONE_WAIT_MS,
          });
          const heard = phone.heard(pressedAtMs, played.atMs);
          expect(decodeDtmfKeys(heard, phone.codec.sampleRate)).toBe(BOT_KEYS);
          expect(phone.events().filter((event) => event.type === 'bot-dtmf')).toEqual([]);
        }
        expect(phone.summary().protocolErrors).toEqual([]);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );

    it(
      'hangs up exactly once over the REST API when the bot ends the call',
      async () => {
        const { phone, call } = await context.callThroughWebhook();
        await call.end();
        const summary = await phone.ended;
        expect(summary.hungUpBy).toBe('bot');
        expect(call.serializer.hangUpOutcome).toBe('hung-up');
        expect(await call.serializer.hangUp?.(), 'asked again').toBe('hung-up');
        const requests = await context.hangUpRequests(phone.ids.callId);
        expect(requests).toHaveLength(1);
        expect(requests[0]).toMatchObject({ provider: subject.name, authorized: true });
        expect(requests[0]!.status).toBeLessThan(300);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );

    it(
      'never hangs up after the caller hung up (the socket closed without a stop)',
      async () => {
        const { phone, call } = await context.callThroughWebhook({ sendStopOnHangUp: false });
        await phone.hangUp();
        await call.finished;
        expect(call.serializer.hangUpOutcome ?? 'skipped').toBe('skipped');
        expect(await context.hangUpRequests(phone.ids.callId)).toEqual([]);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );

    it(
      'never hangs up after the provider stopped the stream, even when asked',
      async () => {
        const { phone, call } = await context.callThroughWebhook({ sendStopOnHangUp: true });
        await phone.hangUp();
        await call.finished;
        expect(await call.serializer.hangUp?.()).toBe('skipped');
        expect(await context.hangUpRequests(phone.ids.callId)).toEqual([]);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );
  });
}

/** The bot speaks for `durationMs` (a tone at the pipeline's rate), then asks for a mark. */
function speakThenMark(call: ServedCall, durationMs: number, markName: string): void {
  call.say(
    fadedTone(CALLER_TONE_FREQUENCY_HZ * 2, PIPELINE_SAMPLE_RATE_HZ, durationMs),
    PIPELINE_SAMPLE_RATE_HZ,
  );
  call.mark(markName);
}
