import { createHmac } from 'node:crypto';
import { pcmToUlaw, ulawToPcm } from '@x/transport-core';
import { ManualClock } from '@x/transport-core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeBase64 } from '../audio/base64.js';
import { PROVIDER_NAMES, type ProviderName } from '../providers/provider-name.js';
import { tone } from '../testing-internal/audio-fixtures.js';
import {
  sendJson,
  startTestBotServer,
  type TestBotServer,
  type TestConnection,
} from '../testing-internal/test-bot-server.js';
import { MediaTicker } from '../timing/media-ticker.js';
import { CallRefusedError } from './call-refused-error.js';
import { runCall, startCall } from './simulated-call.js';

const RATE = 8000;
let server: TestBotServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The μ-law payload of `ms` of a 440 Hz tone. */
function tonePayload(ms: number): string {
  return encodeBase64(pcmToUlaw(tone(440, ms, RATE)));
}

/** A bot message carrying μ-law audio in the provider's shape. */
function botAudio(
  provider: ProviderName,
  streamId: string,
  payload: string,
): Record<string, unknown> {
  switch (provider) {
    case 'twilio':
      return { event: 'media', streamSid: streamId, media: { payload } };
    case 'telnyx':
      return { event: 'media', media: { payload } };
    case 'plivo':
      return {
        event: 'playAudio',
        media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload },
      };
  }
}

/** A bot mark / checkpoint in the provider's shape. */
function botMark(provider: ProviderName, streamId: string, name: string): Record<string, unknown> {
  switch (provider) {
    case 'twilio':
      return { event: 'mark', streamSid: streamId, mark: { name } };
    case 'telnyx':
      return { event: 'mark', mark: { name } };
    case 'plivo':
      return { event: 'checkpoint', streamId, name };
  }
}

/** A bot clear in the provider's shape. */
function botClear(provider: ProviderName, streamId: string): Record<string, unknown> {
  switch (provider) {
    case 'twilio':
      return { event: 'clear', streamSid: streamId };
    case 'telnyx':
      return { event: 'clear' };
    case 'plivo':
      return { event: 'clearAudio', streamId };
  }
}

/** The stream id in a `start` message of any provider. */
function streamIdOf(start: Record<string, unknown>): string {
  const body = start.start as Record<string, string>;
  return (start.stream_id as string | undefined) ?? body.streamSid ?? body.streamId!;
}

function mediaOf(connection: TestConnection): Record<string, unknown>[] {
  return connection.messages.filter((message) => message.event === 'media');
}

describe('opening messages and caller media', () => {
  it.each(PROVIDER_NAMES)(
    '%s: opens the stream, then sends 20 ms frames numbered in order, then ends',
    async (provider) => {
      server = await startTestBotServer();
      const call = await startCall({ url: server.url, provider, fast: true });
      const connection = await server.nextConnection();
      const speech = tone(440, 200, RATE);
      const sent = await call.sendAudio({ pcm: speech, sampleRate: RATE });
      expect(sent).toEqual({ startMs: 20, endMs: 220, completed: true });
      const summary = await call.hangUp();
      await connection.closed;

      const events = connection.messages.map((message) => message.event);
      const opening = {
        twilio: ['connected', 'start'],
        telnyx: ['connected', 'start'],
        plivo: ['start'],
      }[provider];
      expect(events.slice(0, opening.length)).toEqual(opening);
      expect(events.at(-1)).toBe(provider === 'plivo' ? 'media' : 'stop');
      const numbered = connection.messages.filter((message) => message.event !== 'connected');
      const sequenceNumbers = numbered.map((message) =>
        Number(message.sequenceNumber ?? message.sequence_number),
      );
      expect(sequenceNumbers).toEqual(sequenceNumbers.map((_, index) => index + 1));

      const media = mediaOf(connection);
      expect(media.length).toBe(summary.caller.framesSent);
      media.forEach((message, index) => {
        const body = message.media as Record<string, unknown>;
        expect(body.track).toBe('inbound');
        expect(Buffer.from(body.payload as string, 'base64')).toHaveLength(160);
        if (provider === 'plivo') {
          expect(body.chunk).toBe(index + 1);
          expect(typeof message.sequenceNumber).toBe('number');
          expect(typeof body.timestamp).toBe('string');
        } else {
          expect(body.chunk).toBe(String(index + 1));
          expect(body.timestamp).toBe(String(index * 20));
        }
      });
      if (provider === 'plivo') {
        const timestamps = media.map((message) =>
          Number((message.media as Record<string, unknown>).timestamp),
        );
        expect(timestamps.map((value) => value - timestamps[0]!)).toEqual(
          media.map((_, index) => index * 20),
        );
      }
      // frame 0 is silence (sent with start); frames 1-10 carry the tone, exactly as μ-law encodes it
      const sentAudio = Buffer.concat(
        media
          .slice(1, 11)
          .map((message) =>
            Buffer.from((message.media as Record<string, string>).payload!, 'base64'),
          ),
      );
      expect(ulawToPcm(sentAudio)).toEqual(ulawToPcm(pcmToUlaw(speech)));
      expect(summary.caller.audioSentMs).toBe(200);
      expect(summary.hungUpBy).toBe('caller');
      expect(summary.close).toEqual({ code: 1000, reason: '' });
    },
  );

  it.each(PROVIDER_NAMES)(
    '%s: loses the frames loseCallerFrames names, their numbers and timestamps skipped as on a lossy line',
    async (provider) => {
      server = await startTestBotServer();
      const call = await startCall({
        url: server.url,
        provider,
        fast: true,
        loseCallerFrames: (frameIndex) => frameIndex === 3 || frameIndex === 4,
      });
      const connection = await server.nextConnection();
      await call.sendAudio({ pcm: tone(440, 200, RATE), sampleRate: RATE });
      const summary = await call.hangUp();
      await connection.closed;
      const chunks = mediaOf(connection).map((message) =>
        Number((message.media as Record<string, unknown>).chunk),
      );
      expect(chunks.slice(0, 5)).toEqual([1, 2, 3, 6, 7]);
      expect(summary.caller.framesLost).toBe(2);
      expect(summary.caller.framesSent).toBe(chunks.length);
    },
  );

  it('paces frames at one per 20 ms of clock time in real-time mode', async () => {
    server = await startTestBotServer();
    const clock = new ManualClock();
    const ticker = new MediaTicker({ clock });
    const call = await startCall({ url: server.url, provider: 'twilio', clock, ticker });
    const connection = await server.nextConnection();
    await vi.waitFor(() => expect(mediaOf(connection)).toHaveLength(1));
    let sent = false;
    const sending = call
      .sendAudio({ pcm: tone(440, 100, RATE), sampleRate: RATE })
      .then((result) => {
        sent = true;
        return result;
      });
    await clock.advance(60);
    await vi.waitFor(() => expect(mediaOf(connection)).toHaveLength(4));
    expect(sent).toBe(false);
    await clock.advance(60);
    await vi.waitFor(() => expect(mediaOf(connection)).toHaveLength(7));
    expect(await sending).toEqual({ startMs: 20, endMs: 120, completed: true });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(mediaOf(connection)).toHaveLength(7);
    await call.hangUp();
  });

  it('sends each provider DTMF shape, one digit every 250 ms', async () => {
    server = await startTestBotServer();
    const call = await startCall({ url: server.url, provider: 'telnyx', fast: true });
    const connection = await server.nextConnection();
    await call.sendDtmf('1#');
    await call.hangUp();
    const dtmf = connection.messages.filter((message) => message.event === 'dtmf');
    expect(dtmf.map((message) => (message.dtmf as Record<string, string>).digit)).toEqual([
      '1',
      '#',
    ]);
    const times = dtmf.map((message) => Date.parse(message.occurred_at as string));
    expect(times[1]! - times[0]!).toBe(250);
    expect(call.summary().caller.dtmfSent).toBe('1#');
    await expect(call.sendDtmf('x')).rejects.toThrow(/"x"/);
  });

  it('drops the query string for Twilio, as Twilio does, and keeps it for the others', async () => {
    server = await startTestBotServer();
    const twilio = await startCall({
      url: `${server.url}?token=abc`,
      provider: 'twilio',
      fast: true,
    });
    expect((await server.nextConnection()).request.url).toBe('/ws');
    await twilio.hangUp();
    const telnyx = await startCall({
      url: `${server.url}?token=abc`,
      provider: 'telnyx',
      fast: true,
      headers: { 'X-Test': 'yes' },
    });
    const connection = await server.nextConnection();
    expect(connection.request.url).toBe('/ws?token=abc');
    expect(connection.request.headers['x-test']).toBe('yes');
    await telnyx.hangUp();
  });
});

describe('playing what the bot sends', () => {
  it.each(PROVIDER_NAMES)(
    '%s: records a tone from the bot at the call time it arrived, silence elsewhere',
    async (provider) => {
      server = await startTestBotServer({
        onMessage: (connection, message) => {
          const media = message.media as Record<string, unknown> | undefined;
          if (message.event === 'media' && Number(media?.chunk) === 26) {
            const streamId = streamIdOf(
              connection.messages.find((first) => first.event === 'start')!,
            );
            sendJson(connection.socket, botAudio(provider, streamId, tonePayload(200)));
          }
        },
      });
      const call = await startCall({ url: server.url, provider, fast: true });
      await call.sendSilence(1000);
      // How many fast-mode frames the reply takes to come back depends on the machine's load:
      // wait until it has played rather than assume it came within the second of silence.
      await vi.waitFor(() => expect(call.summary().bot.audioPlayedMs).toBe(200), {
        timeout: 5000,
        interval: 20,
      });
      const summary = await call.hangUp();
      expect(summary.protocolErrors).toEqual([]);
      expect(summary.bot.utterances).toHaveLength(1);
      const startMs = summary.bot.utterances[0]!.startMs;
      // chunk 26 starts at 500 ms: the reply cannot come before it was sent
      expect(startMs).toBeGreaterThanOrEqual(500);
      // it plays from the call time it arrived, on a whole sample
      expect(Math.abs(summary.firstBotAudioMs! - startMs)).toBeLessThan(1000 / RATE);
      expect(summary.bot.audioReceivedMs).toBe(200);
      expect(summary.bot.audioPlayedMs).toBe(200);
      const { audio, sampleRate } = call.recording();
      expect(sampleRate).toBe(RATE);
      const onset = Math.floor((startMs * RATE) / 1000);
      expect(audio.subarray(0, onset).every((sample) => sample === 0)).toBe(true);
      expect(audio.subarray(onset, onset + 1600)).toEqual(
        ulawToPcm(pcmToUlaw(tone(440, 200, RATE))),
      );
      expect(audio.subarray(onset + 1600).every((sample) => sample === 0)).toBe(true);
      expect(audio.length).toBeGreaterThanOrEqual(1000 * 8);
    },
  );

  it.each([
    ['telnyx', { event: 'media', media: {} }],
    ['plivo', { event: 'playAudio', media: { contentType: 'audio/x-l16', sampleRate: 16000 } }],
  ] as const)('%s: streams and records L16 at 16 kHz', async (provider, shape) => {
    const botTone = tone(1000, 100, 16000);
    server = await startTestBotServer({
      onMessage: (connection, message) => {
        if (message.event !== 'start') return;
        const payload = Buffer.from(
          botTone.buffer,
          botTone.byteOffset,
          botTone.byteLength,
        ).toString('base64');
        sendJson(connection.socket, { ...shape, media: { ...shape.media, payload } });
      },
    });
    const call = await startCall({
      url: server.url,
      provider,
      codec: 'L16',
      sampleRate: 16000,
      fast: true,
    });
    const connection = await server.nextConnection();
    const speech = tone(700, 40, 16000);
    await call.sendAudio({ pcm: speech, sampleRate: 16000 });
    await call.waitFor('first-bot-audio');
    await call.sendSilence(200);
    const summary = await call.hangUp();
    expect(summary.protocolErrors).toEqual([]);
    expect(summary.bot.audioPlayedMs).toBe(100);
    expect(summary.codec).toEqual({ name: 'L16', sampleRate: 16000 });
    const media = mediaOf(connection);
    const sent = Buffer.from((media[1]!.media as Record<string, string>).payload!, 'base64');
    expect(sent).toHaveLength(640);
    expect(new Int16Array(sent.buffer, sent.byteOffset, 320)).toEqual(speech.subarray(0, 320));
    const { audio, sampleRate } = call.recording();
    expect(sampleRate).toBe(16000);
    const onset = Math.floor((summary.bot.utterances[0]!.startMs * 16000) / 1000);
    expect(audio.subarray(onset, onset + botTone.length)).toEqual(botTone);
  });

  it.each(['twilio', 'telnyx', 'plivo'] as const)(
    '%s: answers a mark only once the audio before it has played, and at once when nothing is buffered',
    async (provider) => {
      server = await startTestBotServer({
        onMessage: (connection, message) => {
          if (message.event !== 'start') return;
          const streamId = streamIdOf(message);
          sendJson(connection.socket, botMark(provider, streamId, 'before-audio'));
          sendJson(connection.socket, botAudio(provider, streamId, tonePayload(1000)));
          sendJson(connection.socket, botMark(provider, streamId, 'after-audio'));
        },
      });
      const clock = new ManualClock();
      const call = await startCall({
        url: server.url,
        provider,
        clock,
        ticker: new MediaTicker({ clock }),
      });
      const connection = await server.nextConnection();
      const answered = (): string[] =>
        connection.messages
          .filter((message) => message.event === 'mark' || message.event === 'playedStream')
          .map(
            (message) => (message.name ?? (message.mark as Record<string, string>).name) as string,
          );
      await vi.waitFor(() => expect(call.summary().marks.received).toBe(2));
      await vi.waitFor(() => expect(answered()).toEqual(['before-audio']));
      await clock.advance(980);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(answered()).toEqual(['before-audio']);
      await clock.advance(40);
      await vi.waitFor(() => expect(answered()).toEqual(['before-audio', 'after-audio']));
      const mark = await call.waitFor('mark', {
        sinceMs: 0,
        where: (event) => event.name === 'after-audio',
      });
      expect(mark).toEqual({ type: 'mark', atMs: 1000, name: 'after-audio', onClear: false });
      const summary = await call.hangUp();
      expect(summary.marks).toEqual({
        received: 2,
        answeredAfterPlayout: 2,
        answeredOnClear: 0,
        droppedOnClear: 0,
        pending: 0,
      });
    },
  );

  it.each(['twilio', 'telnyx'] as const)(
    '%s: a clear drops the buffered audio, reports how much, and echoes the pending marks at once',
    async (provider) => {
      let streamId = '';
      server = await startTestBotServer({
        onMessage: (connection, message) => {
          if (message.event !== 'start') return;
          streamId = (message.stream_id ??
            (message.start as Record<string, string>).streamSid) as string;
          sendJson(connection.socket, botAudio(provider, streamId, tonePayload(1000)));
          sendJson(connection.socket, botMark(provider, streamId, 'end-of-greeting'));
        },
      });
      const clock = new ManualClock();
      const call = await startCall({
        url: server.url,
        provider,
        clock,
        ticker: new MediaTicker({ clock }),
      });
      const connection = await server.nextConnection();
      await vi.waitFor(() => expect(call.summary().marks.received).toBe(1));
      await clock.advance(300);
      sendJson(connection.socket, botClear(provider, streamId));
      const clear = await call.waitFor('clear', { sinceMs: 0 });
      expect(clear).toEqual({
        type: 'clear',
        atMs: 300,
        discardedMs: 700,
        pendingMarks: ['end-of-greeting'],
      });
      await vi.waitFor(() =>
        expect(connection.messages.filter((message) => message.event === 'mark')).toHaveLength(1),
      );
      const summary = await call.hangUp();
      expect(summary.clears).toEqual([{ atMs: 300, discardedMs: 700 }]);
      expect(summary.marks.answeredOnClear).toBe(1);
      expect(summary.bot.audioPlayedMs).toBe(300);
      expect(summary.bot.utterances).toEqual([{ startMs: 0, endMs: 300, endReason: 'cleared' }]);
      const { audio } = call.recording();
      expect(audio.subarray(0, 2400)).toEqual(
        ulawToPcm(pcmToUlaw(tone(440, 1000, RATE))).subarray(0, 2400),
      );
      expect(audio.subarray(2400).every((sample) => sample === 0)).toBe(true);
    },
  );

  it('plivo: answers clearAudio with clearedAudio and leaves pending checkpoints unanswered', async () => {
    let streamId = '';
    server = await startTestBotServer({
      onMessage: (connection, message) => {
        if (message.event !== 'start') return;
        streamId = (message.start as Record<string, string>).streamId!;
        sendJson(connection.socket, botAudio('plivo', streamId, tonePayload(1000)));
        sendJson(connection.socket, botMark('plivo', streamId, 'greeting'));
      },
    });
    const clock = new ManualClock();
    const call = await startCall({
      url: server.url,
      provider: 'plivo',
      clock,
      ticker: new MediaTicker({ clock }),
    });
    const connection = await server.nextConnection();
    await vi.waitFor(() => expect(call.summary().marks.received).toBe(1));
    await clock.advance(400);
    sendJson(connection.socket, botClear('plivo', streamId));
    await connection.nextEvent('clearedAudio');
    await clock.advance(1000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(connection.messages.some((message) => message.event === 'playedStream')).toBe(false);
    const summary = await call.hangUp();
    expect(summary.clears).toEqual([{ atMs: 400, discardedMs: 600 }]);
    expect(summary.marks).toEqual({
      received: 1,
      answeredAfterPlayout: 0,
      answeredOnClear: 0,
      droppedOnClear: 1,
      pending: 0,
    });
  });

  it('reports an utterance end after the utterance gap, and returns what the caller heard in it', async () => {
    server = await startTestBotServer({
      onMessage: (connection, message) => {
        if (message.event === 'start')
          sendJson(connection.socket, botAudio('twilio', streamIdOf(message), tonePayload(200)));
      },
    });
    const clock = new ManualClock();
    const call = await startCall({
      url: server.url,
      provider: 'twilio',
      clock,
      ticker: new MediaTicker({ clock }),
    });
    const started = await call.waitFor('bot-audio-start');
    expect(started.atMs).toBe(0);
    await clock.advance(300);
    // the utterance ended at 200 ms but is reported only once 250 ms of silence have passed
    const ending = call.waitFor('bot-audio-end');
    await clock.advance(200);
    const ended = await ending;
    expect(ended).toEqual({ type: 'bot-audio-end', atMs: 200, reason: 'drained' });
    expect(call.heard(started.atMs, ended.atMs)).toEqual(
      ulawToPcm(pcmToUlaw(tone(440, 200, RATE))),
    );
    await call.hangUp();
  });

  it('keeps audio sent faster than real time buffered, and counts late audio as underruns', async () => {
    let streamId = '';
    server = await startTestBotServer({
      onMessage: (connection, message) => {
        if (message.event !== 'start') return;
        streamId = (message.start as Record<string, string>).streamSid!;
        for (let chunk = 0; chunk < 5; chunk++)
          sendJson(connection.socket, botAudio('twilio', streamId, tonePayload(20)));
      },
    });
    const clock = new ManualClock();
    const call = await startCall({
      url: server.url,
      provider: 'twilio',
      clock,
      ticker: new MediaTicker({ clock }),
    });
    const connection = await server.nextConnection();
    await vi.waitFor(() => expect(call.summary().bot.mediaMessages).toBe(5));
    expect(call.bufferedBotAudioMs).toBe(100);
    await clock.advance(140);
    sendJson(connection.socket, botAudio('twilio', streamId, tonePayload(20)));
    await vi.waitFor(() => expect(call.summary().bot.mediaMessages).toBe(6));
    const summary = await call.hangUp();
    expect(summary.underruns).toEqual({ count: 1, totalMs: 40 });
    expect(summary.bot.utterances).toHaveLength(1);
  });
});

describe('protocol errors', () => {
  it('twilio: flags binary frames and messages for another stream, with the offending message, and plays neither', async () => {
    server = await startTestBotServer({
      onMessage: (connection, message) => {
        if (message.event !== 'start') return;
        connection.socket.send(Buffer.from([1, 2, 3]));
        sendJson(connection.socket, {
          event: 'media',
          streamSid: 'MZ00000000000000000000000000000000',
          media: { payload: '//8=' },
        });
      },
    });
    const call = await startCall({ url: server.url, provider: 'twilio', fast: true });
    await vi.waitFor(() => expect(call.summary().protocolErrorCount).toBe(2));
    const summary = await call.hangUp();
    expect(summary.protocolErrors).toEqual([
      expect.objectContaining({
        code: 31950,
        rule: 'binary-frame',
        message: '<binary frame of 3 bytes>',
        rejected: true,
      }),
      expect.objectContaining({
        code: 31951,
        rule: 'wrong-stream-id',
        message: expect.stringContaining('MZ000000'),
      }),
    ]);
    expect(summary.bot.audioReceivedMs).toBe(0);
  });

  it('telnyx: answers a rejected message with an error frame', async () => {
    server = await startTestBotServer({
      onMessage: (connection, message) => {
        if (message.event === 'start')
          sendJson(connection.socket, { event: 'dtmf', dtmf: { digit: '1' } });
      },
    });
    const call = await startCall({ url: server.url, provider: 'telnyx', fast: true });
    const connection = await server.nextConnection();
    const error = await connection.nextEvent('error');
    expect(error.payload).toEqual({
      code: 100003,
      title: 'malformed_frame',
      detail: expect.stringContaining('"dtmf"'),
    });
    const event = await call.waitFor('protocol-error', { sinceMs: 0 });
    expect(event.error.rule).toBe('unsupported-event');
    await call.hangUp();
  });
});

describe('signed upgrades', () => {
  it('twilio: signs the wss:// URL with HMAC-SHA1 of the auth token, and reports a refusal', async () => {
    let port = 0;
    server = await startTestBotServer({
      verifyUpgrade: (request) => {
        const expected = createHmac('sha1', 'twilio-token')
          .update(`wss://127.0.0.1:${port}/ws`)
          .digest('base64');
        return request.headers['x-twilio-signature'] === expected ? undefined : 403;
      },
    });
    port = Number(new URL(server.url).port);
    const call = await startCall({
      url: server.url,
      provider: 'twilio',
      authToken: 'twilio-token',
      fast: true,
    });
    await call.hangUp();
    const refusal = startCall({ url: server.url, provider: 'twilio', authToken: 'wrong-token' });
    await expect(refusal).rejects.toBeInstanceOf(CallRefusedError);
    await expect(refusal).rejects.toMatchObject({ statusCode: 403 });
  });

  it('plivo: sends X-Plivo-Signature-V3 over the URL and nonce', async () => {
    let port = 0;
    server = await startTestBotServer({
      verifyUpgrade: (request) => {
        const nonce = request.headers['x-plivo-signature-v3-nonce'] as string;
        const expected = createHmac('sha256', 'plivo-token')
          .update(`http://127.0.0.1:${port}/ws.${nonce}`)
          .digest('base64');
        return /^\d{20}$/.test(nonce) && request.headers['x-plivo-signature-v3'] === expected
          ? undefined
          : 403;
      },
    });
    port = Number(new URL(server.url).port);
    const call = await startCall({
      url: server.url,
      provider: 'plivo',
      authToken: 'plivo-token',
      fast: true,
    });
    await call.hangUp();
    await expect(
      startCall({ url: server.url, provider: 'plivo', authToken: 'nope' }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  it('telnyx: sends the stream auth token as a header and in connected', async () => {
    server = await startTestBotServer();
    const call = await startCall({
      url: server.url,
      provider: 'telnyx',
      authToken: 'stream-token',
      fast: true,
    });
    const connection = await server.nextConnection();
    expect(connection.request.headers['x-telnyx-streaming-auth-token']).toBe('stream-token');
    const connected = await connection.nextEvent('connected');
    expect(connected.connected).toEqual({ 'x-telnyx-streaming-auth-token': 'stream-token' });
    await call.hangUp();
  });
});

describe('ending and scripts', () => {
  it('reports the bot hanging up with its close code and reason', async () => {
    server = await startTestBotServer({
      onMessage: (connection, message) => {
        if (message.event === 'start') setTimeout(() => connection.socket.close(4000, 'bye'), 20);
      },
    });
    const call = await startCall({ url: server.url, provider: 'twilio' });
    const summary = await call.ended;
    expect(summary.hungUpBy).toBe('bot');
    expect(summary.close).toEqual({ code: 4000, reason: 'bye' });
    await expect(call.waitFor('clear')).rejects.toThrow(/call ended/);
    expect((await call.waitFor('closed')).by).toBe('bot');
  });

  it('speaks over the bot when scripted, and the bot clear cuts its speech', async () => {
    const silence = encodeBase64(pcmToUlaw(new Int16Array(160)));
    let cleared = false;
    server = await startTestBotServer({
      onMessage: (connection, message) => {
        const streamSid = message.streamSid as string;
        if (message.event === 'start')
          sendJson(connection.socket, botAudio('twilio', streamSid, tonePayload(2000)));
        const payload = (message.media as Record<string, string> | undefined)?.payload;
        if (message.event === 'media' && payload !== silence && !cleared) {
          cleared = true;
          sendJson(connection.socket, botClear('twilio', streamSid));
        }
      },
    });
    const { summary, recording } = await runCall({
      url: server.url,
      provider: 'twilio',
      fast: true,
      script: [
        {
          at: { after: 'bot-audio-start', delayMs: 300 },
          play: { pcm: tone(300, 400, RATE), sampleRate: RATE },
        },
        { at: { after: 'clear', delayMs: 100 }, hangUp: true },
      ],
    });
    expect(summary.clears).toHaveLength(1);
    const clear = summary.clears[0]!;
    expect(clear.atMs).toBeGreaterThanOrEqual(300);
    const playedMs = clear.atMs - summary.bot.utterances[0]!.startMs;
    expect(Math.abs(clear.discardedMs - (2000 - playedMs))).toBeLessThanOrEqual(2000 / RATE);
    expect(summary.hungUpBy).toBe('caller');
    expect(summary.durationMs).toBeGreaterThanOrEqual(clear.atMs + 100);
    const cutAt = Math.ceil((clear.atMs * RATE) / 1000);
    expect(recording!.audio.subarray(cutAt).every((sample) => sample === 0)).toBe(true);
  });

  it('hangs up once everything is said and the bot has been quiet long enough', async () => {
    server = await startTestBotServer({
      onMessage: (connection, message) => {
        if (message.event === 'start')
          sendJson(
            connection.socket,
            botAudio('twilio', message.streamSid as string, tonePayload(200)),
          );
      },
    });
    const { summary } = await runCall({
      url: server.url,
      provider: 'twilio',
      fast: true,
      script: [{ at: 0, play: { pcm: tone(300, 100, RATE), sampleRate: RATE } }],
      hangUpWhenQuietMs: 300,
    });
    expect(summary.hungUpBy).toBe('caller');
    expect(summary.bot.audioPlayedMs).toBe(200);
    expect(summary.durationMs).toBeGreaterThanOrEqual(500);
  });

  it('refuses a script step with no action or a bad time, naming it', async () => {
    await expect(
      startCall({
        url: 'ws://127.0.0.1:1/ws',
        provider: 'twilio',
        script: [{ at: -1, hangUp: true }],
      }),
    ).rejects.toThrow(/step 0: "at" must be a call time/);
    await expect(startCall({ url: 'http://127.0.0.1:1/ws', provider: 'twilio' })).rejects.toThrow(
      /ws:\/\/ or wss:\/\//,
    );
  });
});
