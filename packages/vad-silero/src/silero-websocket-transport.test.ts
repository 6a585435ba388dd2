import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  bytesFromInt16,
  type Frame,
  type FrameDirection,
  FrameProcessor,
  Pipeline,
  PipelineTask,
  RawAudioSerializer,
  WebSocketTransport,
} from '@x/transport-core';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SileroVADAnalyzer } from './silero-vad-analyzer.js';
import { fixtureAt } from './testing/fixtures.js';

const SPEECH_FRAME_TYPES = new Set([
  'VADUserStartedSpeakingFrame',
  'UserStartedSpeakingFrame',
  'VADUserStoppedSpeakingFrame',
  'UserStoppedSpeakingFrame',
]);
const FRAME_SAMPLES = 160; // 20 ms at 8 kHz
const DEADLINE_MS = 10_000;

/** Keeps the type of every speaking frame that passes. */
class SpeechRecorder extends FrameProcessor {
  readonly types: string[] = [];
  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (SPEECH_FRAME_TYPES.has(frame.type)) this.types.push(frame.type);
    this.pushFrame(frame, direction);
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A loopback `ws` server whose every connection runs transport input → recorder → output. */
async function startServer(): Promise<{ url: string; recorders: SpeechRecorder[] }> {
  const recorders: SpeechRecorder[] = [];
  const http = createServer();
  const server = new WebSocketServer({ server: http });
  server.on('connection', (socket) => {
    const transport = new WebSocketTransport(socket, {
      serializer: new RawAudioSerializer(),
      audioInSampleRate: 8000,
      audioOutSampleRate: 8000,
      vadAnalyzer: new SileroVADAnalyzer(),
    });
    const recorder = new SpeechRecorder();
    recorders.push(recorder);
    const task = new PipelineTask(new Pipeline([transport.input(), recorder, transport.output()]), {
      audioInSampleRate: 8000,
      audioOutSampleRate: 8000,
    });
    void task.run();
    cleanups.push(() => task.cancel());
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  cleanups.push(async () => {
    for (const client of server.clients) client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
  return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`, recorders };
}

/** Sends `audio` as 20 ms binary PCM16 messages, a few at a time. */
async function playInto(url: string, audio: Int16Array): Promise<void> {
  const client = new WebSocket(url);
  cleanups.push(() => client.terminate());
  await once(client, 'open');
  for (let offset = 0; offset < audio.length; offset += FRAME_SAMPLES) {
    client.send(bytesFromInt16(audio.slice(offset, offset + FRAME_SAMPLES)));
    if ((offset / FRAME_SAMPLES) % 5 === 4) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function eventually(predicate: () => boolean): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > DEADLINE_MS) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SileroVADAnalyzer in a WebSocketTransport', () => {
  it('reports the caller starting and stopping to say "yes", for two calls at once', async () => {
    const { url, recorders } = await startServer();
    const yes = fixtureAt('yes-8k', 8000);
    await Promise.all([playInto(url, yes), playInto(url, yes)]);
    await eventually(
      () =>
        recorders.length === 2 &&
        recorders.every((recorder) => recorder.types.includes('UserStoppedSpeakingFrame')),
    );
    for (const recorder of recorders) {
      expect(recorder.types).toEqual([
        'VADUserStartedSpeakingFrame',
        'UserStartedSpeakingFrame',
        'VADUserStoppedSpeakingFrame',
        'UserStoppedSpeakingFrame',
      ]);
    }
  });
});
