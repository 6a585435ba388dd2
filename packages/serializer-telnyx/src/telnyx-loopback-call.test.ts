import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
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
  TELEPHONY_WEBSOCKET_SERVER_OPTIONS,
  ulawToPcm,
  WebSocketTransport,
} from '@x/transport-core';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { concatPcm, snrDb, tone } from './__fixtures__/audio.js';
import { fixtureJson, fixtureText } from './__fixtures__/fixtures.js';
import { CALL_CONTROL_ID, mediaMessage, STREAM_ID } from './__fixtures__/telnyx-stream.js';
import type { TelnyxFrameSerializer } from './telnyx-frame-serializer.js';
import { telnyxProvider } from './telnyx-provider.js';
import { TelnyxRequestVerifier } from './telnyx-request-verifier.js';

const STREAM_AUTH_TOKEN = 's3cr3t-stream-token';
const CALLER_FRAMES = 25; // 0.5 s of 20 ms PCMU frames
const MARK_NAME = 'heard-the-echo';

/** Echoes caller audio; on DTMF 1 asks for a mark after the echo; ends the call when it plays. */
class EchoBot extends FrameProcessor {
  readonly marksPlayed: string[] = [];

  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (InputAudioRawFrame.is(frame)) {
      this.pushFrame(new OutputAudioRawFrame(frame.audio, frame.sampleRate), direction);
      return;
    }
    if (InputDTMFFrame.is(frame) && frame.button === '1') {
      this.pushFrame(new PlaybackMarkFrame(MARK_NAME), direction);
      return;
    }
    if (PlaybackMarkPlayedFrame.is(frame)) {
      this.marksPlayed.push(frame.markName);
      this.pushFrame(new EndTaskFrame('the caller heard the echo'), 'upstream');
      return;
    }
    this.pushFrame(frame, direction);
  }
}

interface ApiRequest {
  method: string | undefined;
  path: string | undefined;
  authorization: string | undefined;
  body: string;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A fake Telnyx REST API recording the hang-up. */
async function startTelnyxApi(): Promise<{ baseUrl: string; requests: ApiRequest[] }> {
  const requests: ApiRequest[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      requests.push({
        method: request.method,
        path: request.url,
        authorization: request.headers.authorization,
        body,
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(fixtureText('hang-up-success-response.json'));
    });
  });
  return { baseUrl: `http://${await listen(server)}`, requests };
}

interface BotServer {
  url: string;
  calls: Promise<{ serializer: TelnyxFrameSerializer; bot: EchoBot }>[];
}

/** The bot: token-checked upgrade → detectProvider → WebSocketTransport → echo pipeline. */
async function startBot(apiBaseUrl: string): Promise<BotServer> {
  const verifier = new TelnyxRequestVerifier({ streamAuthToken: STREAM_AUTH_TOKEN });
  const wss = new WebSocketServer({ noServer: true, ...TELEPHONY_WEBSOCKET_SERVER_OPTIONS });
  const calls: BotServer['calls'] = [];
  const runCall = async (socket: WebSocket) => {
    const call = await detectProvider(socket, [telnyxProvider]);
    const serializer = telnyxProvider.createSerializer(call.callData, {
      apiKey: 'KEY0123',
      apiBaseUrl,
      streamAuthToken: STREAM_AUTH_TOKEN,
    });
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
      url: request.url ?? '/',
      headers: request.headers,
    });
    if (!check.ok) {
      socket.end(`HTTP/1.1 401 Unauthorized\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      calls.push(runCall(ws));
    });
  });
  const address = await listen(server);
  closers.push(async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  });
  return { url: `ws://${address}/telnyx/media`, calls };
}

describe('a Telnyx call on loopback', () => {
  it('checks the token, detects Telnyx, echoes the caller, returns the mark and hangs up once', async () => {
    const api = await startTelnyxApi();
    const bot = await startBot(api.baseUrl);
    const caller = tone(440, 8000, CALLER_FRAMES * 20);

    const phone = new WebSocket(bot.url, {
      headers: { 'x-telnyx-streaming-auth-token': STREAM_AUTH_TOKEN },
    });
    const received: { event: string; media?: { payload: string }; mark?: { name: string } }[] = [];
    phone.on('message', (data) => {
      const message = JSON.parse(String(data));
      received.push(message);
      if (message.event === 'mark') {
        // Telnyx echoes a mark once the audio before it has played.
        phone.send(
          JSON.stringify({
            event: 'mark',
            sequence_number: '99',
            stream_id: STREAM_ID,
            mark: message.mark,
          }),
        );
      }
    });
    await once(phone, 'open');
    phone.send(JSON.stringify(fixtureJson('connected-with-auth-token.json')));
    phone.send(fixtureText('start.json'));
    for (let frame = 0; frame < CALLER_FRAMES; frame++) {
      const samples = caller.subarray(frame * 160, (frame + 1) * 160);
      phone.send(mediaMessage(pcmToUlaw(samples), frame + 1));
    }
    phone.send(JSON.stringify(fixtureJson('dtmf.json')));

    const [closeCode] = (await once(phone, 'close')) as [number];
    expect(bot.calls).toHaveLength(1);
    const { serializer, bot: echoBot } = await bot.calls[0]!;

    // Every message the bot sent is one Telnyx accepts; the mark follows the echoed audio.
    expect(received.every((message) => message.event === 'media' || message.event === 'mark')).toBe(
      true,
    );
    // The transport keeps its partial chunk (under 40 ms) past a mark and pads it out at the end,
    // so at most one transport chunk may follow the mark.
    const markIndex = received.findIndex((message) => message.event === 'mark');
    expect(received[markIndex]).toEqual({ event: 'mark', mark: { name: MARK_NAME } });
    expect(received.slice(markIndex + 1).every((message) => message.event === 'media')).toBe(true);
    expect(received.length - markIndex - 1).toBeLessThanOrEqual(1);
    const echoed = concatPcm(
      received.flatMap((message) =>
        message.media ? [ulawToPcm(Buffer.from(message.media.payload, 'base64'))] : [],
      ),
    );
    expect(echoed.length).toBeGreaterThanOrEqual(caller.length - 160);
    // Sample-aligned (the resamplers add no delay). The last few milliseconds stay in the inbound
    // resampler (on a real call the caller's audio never stops); compare what precedes them.
    const comparedSamples = caller.length - 2 * 80;
    expect(snrDb(caller, echoed, 0, comparedSamples)).toBeGreaterThan(33);

    expect(echoBot.marksPlayed).toEqual([MARK_NAME]);
    expect(serializer.hangUpOutcome).toBe('hung-up');
    expect(api.requests).toEqual([
      {
        method: 'POST',
        path: `/v2/calls/${CALL_CONTROL_ID}/actions/hangup`,
        authorization: 'Bearer KEY0123',
        body: '{}',
      },
    ]);
    expect(closeCode).toBeGreaterThanOrEqual(1000);
  });

  it('refuses an upgrade without the stream auth token before any call starts', async () => {
    const api = await startTelnyxApi();
    const bot = await startBot(api.baseUrl);
    const phone = new WebSocket(bot.url);
    const [error] = (await once(phone, 'error')) as [Error];
    expect(error.message).toMatch(/401/);
    expect(bot.calls).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
  });
});
