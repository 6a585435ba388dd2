import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  bytesFromInt16,
  detectProvider,
  EndTaskFrame,
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  InputDTMFFrame,
  int16FromBytes,
  type MediaFormat,
  OutputAudioRawFrame,
  Pipeline,
  PipelineRunner,
  PipelineTask,
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  pcmToUlaw,
  publicRequestUrl,
  StreamStartedFrame,
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
  ulawToPcm,
  WebSocketTransport,
} from '@x/transport-core';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { fixtureJson } from './__fixtures__/load-fixture.js';
import type { PlivoFrameSerializer } from './plivo-frame-serializer.js';
import { plivoProvider } from './plivo-provider.js';
import { PlivoRequestVerifier } from './plivo-request-verifier.js';
import { plivoSignatureV3 } from './plivo-signature.js';
import { concatPcm, snrDb, toInt16, tone } from './testing-internal/audio.js';
import {
  type RecordingHttpServer,
  startRecordingHttpServer,
} from './testing-internal/recording-http-server.js';

const AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX';
const AUTH_TOKEN = 'loopback-auth-token';
const START = fixtureJson<{ start: Record<string, unknown>; extra_headers: string }>('start.json');
const STREAM_ID = START.start.streamId as string;
const CALL_ID = START.start.callId as string;
const CALLER_MS = 500;
const FRAME_MS = 20;
const CHECKPOINT_NAME = 'heard-the-echo';

/** Echoes caller audio; on DTMF asks for a checkpoint after the echo; ends when it is played. */
class EchoBot extends FrameProcessor {
  readonly checkpointsPlayed: string[] = [];
  customParameters: Readonly<Record<string, string>> | undefined;

  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (StreamStartedFrame.is(frame)) this.customParameters = frame.customParameters;
    if (InputAudioRawFrame.is(frame)) {
      this.pushFrame(new OutputAudioRawFrame(frame.audio, frame.sampleRate), direction);
      return;
    }
    if (InputDTMFFrame.is(frame)) {
      this.pushFrame(new PlaybackMarkFrame(CHECKPOINT_NAME), direction);
      return;
    }
    if (PlaybackMarkPlayedFrame.is(frame)) {
      this.checkpointsPlayed.push(frame.markName);
      this.pushFrame(new EndTaskFrame('the caller heard the echo'), 'upstream');
      return;
    }
    this.pushFrame(frame, direction);
  }
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface BotServer {
  /** `ws://127.0.0.1:<port>/plivo/stream`. */
  url: string;
  calls: Promise<{ serializer: PlivoFrameSerializer; bot: EchoBot }>[];
}

/** The bot: V3-signed upgrade → detectProvider → WebSocketTransport → echo pipeline. */
async function startBot(api: RecordingHttpServer): Promise<BotServer> {
  const verifier = new PlivoRequestVerifier({ authToken: AUTH_TOKEN });
  const wss = new WebSocketServer({ noServer: true, ...TELEPHONY_WEBSOCKET_SERVER_OPTIONS });
  const calls: BotServer['calls'] = [];
  const runCall = async (socket: WebSocket) => {
    const call = await detectProvider(socket, [plivoProvider]);
    const serializer = plivoProvider.createSerializer(call.callData, {
      authId: AUTH_ID,
      authToken: AUTH_TOKEN,
      apiBaseUrl: api.baseUrl,
    }) as PlivoFrameSerializer;
    const transport = new WebSocketTransport(
      socket,
      { serializer, audioInEnabled: true, audioOutEnabled: true, audioOutEndSilenceSecs: 0 },
      { initialMessages: call },
    );
    const bot = new EchoBot();
    const task = new PipelineTask(new Pipeline([transport.input(), bot, transport.output()]), {
      audioInSampleRate: 16_000,
      audioOutSampleRate: 16_000,
    });
    await new PipelineRunner().run(task);
    return { serializer, bot };
  };
  const server = createServer((_request, response) => response.writeHead(404).end());
  server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const check = verifier.verifyUpgrade({
      method: 'GET',
      url: publicRequestUrl(
        { url: request.url ?? '/', headers: request.headers },
        { webSocket: true, defaultSecure: false },
      ),
      headers: request.headers,
    });
    if (!check.ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => calls.push(runCall(ws)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/plivo/stream`, calls };
}

/** Headers Plivo's Node stream SDK would check: V3 over `http(s)://host/path`, method GET. */
function signedUpgradeHeaders(url: string): Record<string, string> {
  const nonce = '8471629305';
  const signedUrl = url.replace(/^ws/, 'http');
  return {
    'X-Plivo-Signature-V3': plivoSignatureV3({
      method: 'GET',
      url: signedUrl,
      nonce,
      authToken: AUTH_TOKEN,
    }),
    'X-Plivo-Signature-V3-Nonce': nonce,
  };
}

interface WireCodec {
  name: string;
  contentType: string;
  format: MediaFormat;
  encode(pcm: Int16Array): Uint8Array;
  decode(bytes: Uint8Array): Int16Array;
  /** Lowest acceptable echo SNR, in dB (measured: μ-law 37.8 dB, L16 at the stream rate is exact). */
  minimumSnrDb: number;
}

const CODECS: WireCodec[] = [
  {
    name: 'μ-law 8 kHz',
    contentType: 'audio/x-mulaw',
    format: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
    encode: pcmToUlaw,
    decode: ulawToPcm,
    minimumSnrDb: 32,
  },
  {
    name: 'L16 16 kHz',
    contentType: 'audio/x-l16',
    format: { encoding: 'L16', sampleRate: 16000, channels: 1 },
    encode: (pcm) => bytesFromInt16(pcm).slice(),
    decode: (bytes) => int16FromBytes(bytes),
    minimumSnrDb: 70,
  },
];

describe('a Plivo call on loopback', () => {
  it.each(CODECS)(
    '$name: checks the upgrade signature, detects Plivo, echoes the caller, answers the checkpoint and hangs up once',
    async (codec) => {
      const api = await startRecordingHttpServer({ status: 204 });
      closers.push(() => api.close());
      const bot = await startBot(api);
      const streamRate = codec.format.sampleRate;
      const caller = toInt16(tone(streamRate, CALLER_MS / 1000));
      const samplesPerFrame = (streamRate * FRAME_MS) / 1000;

      const phone = new WebSocket(bot.url, { headers: signedUpgradeHeaders(bot.url) });
      const received: Record<string, unknown>[] = [];
      phone.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        received.push(message);
        if (message.event === 'checkpoint') {
          // Plivo answers a checkpoint once the audio before it has played.
          phone.send(
            JSON.stringify({
              event: 'playedStream',
              sequenceNumber: 99,
              streamId: STREAM_ID,
              name: message.name,
            }),
          );
        }
      });
      await once(phone, 'open');
      const start = structuredClone(START);
      start.start.mediaFormat = { encoding: codec.contentType, sampleRate: streamRate };
      phone.send(JSON.stringify(start));
      for (let frame = 0; frame * samplesPerFrame < caller.length; frame++) {
        const samples = caller.subarray(frame * samplesPerFrame, (frame + 1) * samplesPerFrame);
        phone.send(
          JSON.stringify({
            event: 'media',
            sequenceNumber: frame + 2,
            streamId: STREAM_ID,
            media: {
              track: 'inbound',
              timestamp: String(frame * FRAME_MS),
              chunk: frame + 1,
              payload: Buffer.from(codec.encode(samples)).toString('base64'),
            },
            extra_headers: start.extra_headers,
          }),
        );
      }
      phone.send(JSON.stringify(fixtureJson('dtmf.json')));

      await once(phone, 'close');
      expect(bot.calls).toHaveLength(1);
      const { serializer, bot: echoBot } = await bot.calls[0]!;

      // Only messages Plivo accepts, in the stream's own format; the checkpoint follows the echo.
      const events = received.map((message) => message.event);
      expect(new Set(events)).toEqual(new Set(['playAudio', 'checkpoint']));
      const checkpointIndex = events.indexOf('checkpoint');
      expect(received[checkpointIndex]).toEqual({
        event: 'checkpoint',
        streamId: STREAM_ID,
        name: CHECKPOINT_NAME,
      });
      expect(events.slice(checkpointIndex + 1).every((event) => event === 'playAudio')).toBe(true);
      const audio = received.filter((message) => message.event === 'playAudio');
      for (const message of audio) {
        expect(message.media).toMatchObject({
          contentType: codec.contentType,
          sampleRate: streamRate,
        });
      }
      const echoed = concatPcm(
        audio.map((message) =>
          codec.decode(Buffer.from((message.media as { payload: string }).payload, 'base64')),
        ),
      );
      // Sample-aligned (the resamplers add no delay); the inbound resampler holds back the last
      // few milliseconds, so compare what precedes them.
      const heldBackSamples = (streamRate * 10) / 1000;
      expect(echoed.length).toBeGreaterThanOrEqual(caller.length - 2 * heldBackSamples);
      expect(snrDb(caller, echoed, 0, caller.length - heldBackSamples)).toBeGreaterThan(
        codec.minimumSnrDb,
      );

      expect(echoBot.customParameters).toEqual({ userId: '12345', sessionId: 'abc-xyz' });
      expect(echoBot.checkpointsPlayed).toEqual([CHECKPOINT_NAME]);
      expect(serializer.hangUpOutcome).toBe('hung-up');
      expect(
        api.requests.map(({ method, path, headers, body }) => ({
          method,
          path,
          authorization: headers.authorization,
          body,
        })),
      ).toEqual([
        {
          method: 'DELETE',
          path: `/v1/Account/${AUTH_ID}/Call/${CALL_ID}/`,
          authorization: `Basic ${Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64')}`,
          body: '',
        },
      ]);
    },
  );

  it('refuses an unsigned upgrade before any call starts', async () => {
    const api = await startRecordingHttpServer({ status: 204 });
    closers.push(() => api.close());
    const bot = await startBot(api);
    const phone = new WebSocket(bot.url, {
      headers: { ...signedUpgradeHeaders(bot.url), 'X-Plivo-Signature-V3-Nonce': 'replayed-nonce' },
    });
    const [error] = (await once(phone, 'error')) as [Error];
    expect(error.message).toMatch(/401/);
    expect(bot.calls).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
  });
});
