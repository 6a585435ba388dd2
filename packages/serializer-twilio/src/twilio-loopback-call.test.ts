import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  detectProvider,
  EndTaskFrame,
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  InputDTMFFrame,
  OutputAudioRawFrame,
  Pipeline,
  PipelineRunner,
  PipelineTask,
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  pcmToUlaw,
  StreamStartedFrame,
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
  ulawToPcm,
  WebSocketTransport,
} from '@x/transport-core';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  FIXTURE_ACCOUNT_SID,
  FIXTURE_CALL_SID,
  FIXTURE_STREAM_SID,
  fixtureText,
} from './__fixtures__/fixtures.js';
import {
  type RecordingHttpServer,
  startRecordingHttpServer,
} from './__fixtures__/recording-http-server.js';
import { concatPcm, snrDb, tone } from './__fixtures__/test-audio.js';
import type { TwilioFrameSerializer } from './twilio-frame-serializer.js';
import { twilioProvider } from './twilio-provider.js';
import { TwilioRequestVerifier, twilioUpgradeUrl } from './twilio-request-verifier.js';
import { twilioSignature } from './twilio-signature.js';

const AUTH_TOKEN = 'loopback-auth-token';
/** The host Twilio connects to; the test's proxy headers say the socket came through it. */
const PUBLIC_HOST = 'bot.example.com';
const STREAM_PATH = '/twilio/media';
const CALLER_MS = 500;
const FRAME_SAMPLES = 160;
const MARK_NAME = 'heard-the-echo';
/** Measured 36.7 dB: μ-law quantisation only, the resamplers add no measurable error. */
const MINIMUM_ECHO_SNR_DB = 33;

/** Echoes caller audio; on DTMF asks for a mark after the echo; ends the call when it played. */
class EchoBot extends FrameProcessor {
  readonly marksPlayed: { name: string; cleared: boolean }[] = [];
  customParameters: Readonly<Record<string, string>> | undefined;

  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (StreamStartedFrame.is(frame)) this.customParameters = frame.customParameters;
    if (InputAudioRawFrame.is(frame)) {
      this.pushFrame(new OutputAudioRawFrame(frame.audio, frame.sampleRate), direction);
      return;
    }
    if (InputDTMFFrame.is(frame)) {
      this.pushFrame(new PlaybackMarkFrame(MARK_NAME), direction);
      return;
    }
    if (PlaybackMarkPlayedFrame.is(frame)) {
      this.marksPlayed.push({ name: frame.markName, cleared: frame.cleared });
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
  /** `ws://127.0.0.1:<port>/twilio/media` */
  url: string;
  calls: Promise<{ serializer: TwilioFrameSerializer; bot: EchoBot }>[];
}

/** The bot: signed upgrade behind a "proxy" → detectProvider → WebSocketTransport → echo. */
async function startBot(api: RecordingHttpServer): Promise<BotServer> {
  const verifier = new TwilioRequestVerifier({ authToken: AUTH_TOKEN });
  const wss = new WebSocketServer({ noServer: true, ...TELEPHONY_WEBSOCKET_SERVER_OPTIONS });
  const calls: BotServer['calls'] = [];
  const runCall = async (socket: WebSocket) => {
    const call = await detectProvider(socket, [twilioProvider]);
    const serializer = twilioProvider.createSerializer(call.callData, {
      authToken: AUTH_TOKEN,
      apiBaseUrl: api.url,
    }) as TwilioFrameSerializer;
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
      url: twilioUpgradeUrl(
        { url: request.url ?? '/', headers: request.headers },
        { trustForwardedHeaders: true },
      ),
      headers: request.headers,
    });
    if (request.url !== STREAM_PATH || !check.ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
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
  return { url: `ws://127.0.0.1:${port}${STREAM_PATH}`, calls };
}

/** What Twilio sends through a TLS-terminating proxy: signed over the public `wss://` URL. */
function upgradeHeaders(signature: string): Record<string, string> {
  return {
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Host': PUBLIC_HOST,
    'X-Twilio-Signature': signature,
  };
}

describe('a Twilio call on loopback', () => {
  it('checks the upgrade signature, detects Twilio, echoes the caller, round-trips a mark and hangs up once', async () => {
    const api = await startRecordingHttpServer(() => ({
      status: 200,
      body: '{"status":"completed"}',
    }));
    closers.push(() => api.close());
    const bot = await startBot(api);
    const signature = twilioSignature(AUTH_TOKEN, `wss://${PUBLIC_HOST}${STREAM_PATH}`);
    const phone = new WebSocket(bot.url, { headers: upgradeHeaders(signature) });
    const received: Record<string, unknown>[] = [];
    phone.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      received.push(message);
      // Twilio echoes a mark once the audio before it has played.
      if (message.event === 'mark') {
        phone.send(
          JSON.stringify({
            event: 'mark',
            sequenceNumber: '99',
            streamSid: FIXTURE_STREAM_SID,
            mark: message.mark,
          }),
        );
      }
    });
    await once(phone, 'open');

    const caller = tone(440, 8000, (8000 * CALLER_MS) / 1000, 6000);
    phone.send(fixtureText('connected.json'));
    phone.send(fixtureText('start.json'));
    for (let frame = 0; frame * FRAME_SAMPLES < caller.length; frame++) {
      const samples = caller.subarray(frame * FRAME_SAMPLES, (frame + 1) * FRAME_SAMPLES);
      phone.send(
        JSON.stringify({
          event: 'media',
          sequenceNumber: String(frame + 2),
          media: {
            track: 'inbound',
            chunk: String(frame + 1),
            timestamp: String(frame * 20),
            payload: Buffer.from(pcmToUlaw(samples)).toString('base64'),
          },
          streamSid: FIXTURE_STREAM_SID,
        }),
      );
    }
    phone.send(fixtureText('dtmf.json'));
    await once(phone, 'close');

    expect(bot.calls).toHaveLength(1);
    const { serializer, bot: echoBot } = await bot.calls[0]!;

    // Only messages Twilio accepts, each with exactly its documented fields.
    const events = received.map((message) => message.event);
    expect(new Set(events)).toEqual(new Set(['media', 'mark']));
    for (const message of received) {
      expect(message.streamSid).toBe(FIXTURE_STREAM_SID);
      expect(Object.keys(message)).toEqual(['event', 'streamSid', message.event as string]);
    }
    const markIndex = events.indexOf('mark');
    expect(received[markIndex]).toEqual({
      event: 'mark',
      streamSid: FIXTURE_STREAM_SID,
      mark: { name: MARK_NAME },
    });
    expect(events.slice(markIndex + 1).every((event) => event === 'media')).toBe(true);

    // The echo, back at 8 kHz μ-law, matches the caller sample by sample.
    const echoed = concatPcm(
      received
        .filter((message) => message.event === 'media')
        .map((message) =>
          ulawToPcm(Buffer.from((message.media as { payload: string }).payload, 'base64')),
        ),
    );
    const heldBackSamples = 80; // 10 ms kept by the streaming resamplers at the end
    expect(echoed.length).toBeGreaterThanOrEqual(caller.length - 2 * heldBackSamples);
    expect(snrDb(caller, echoed, 0, caller.length - heldBackSamples)).toBeGreaterThan(
      MINIMUM_ECHO_SNR_DB,
    );

    expect(echoBot.customParameters).toEqual({
      FirstName: 'Jane',
      LastName: 'Doe',
      RemoteParty: 'Bob',
    });
    expect(echoBot.marksPlayed).toEqual([{ name: MARK_NAME, cleared: false }]);
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
        method: 'POST',
        path: `/2010-04-01/Accounts/${FIXTURE_ACCOUNT_SID}/Calls/${FIXTURE_CALL_SID}.json`,
        authorization: `Basic ${Buffer.from(`${FIXTURE_ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
        body: 'Status=completed',
      },
    ]);
  });

  it('refuses an upgrade signed over another URL before any call starts', async () => {
    const api = await startRecordingHttpServer(() => ({ status: 200, body: '{}' }));
    closers.push(() => api.close());
    const bot = await startBot(api);
    const signature = twilioSignature(AUTH_TOKEN, `wss://${PUBLIC_HOST}/other`);
    const phone = new WebSocket(bot.url, { headers: upgradeHeaders(signature) });
    const [error] = (await once(phone, 'error')) as [Error];
    expect(error.message).toMatch(/403/);
    expect(bot.calls).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
  });
});
