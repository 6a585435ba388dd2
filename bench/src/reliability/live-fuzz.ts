/**
 * Part b: fuzzed WebSocket messages to a live demo server process, over `/ws`, from a few
 * concurrent connections paced below the demo's inbound rate limit. Each connection sends the
 * provider's opening, then fuzzed messages with a valid media message now and then; a small
 * share of the actions are what ends a connection: a text frame that is not UTF-8, a frame over
 * the 64 KiB limit, a reset without a close frame; some connections send garbage first. A
 * connection the server closes is counted by close code and replaced.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fuzzedMessage, type WireMessage } from '@x/fuzz-kit';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { type CallCheck, checkCallIsGreeted } from './call-check.js';
import { type DemoMetricsSnapshot, readDemoMetrics } from './demo-metrics-snapshot.js';
import { type DemoServerProcess, httpGet } from './demo-server-process.js';
import type { FuzzProvider } from './fuzz-provider.js';
import { countDifference } from './prometheus-text.js';
import { countInto } from './statistics.js';

/** Options of one provider's live run. */
export interface LiveFuzzOptions {
  /** Fuzzed messages to send in all, over every connection. */
  messages: number;
  /** Connections open at once. */
  connections: number;
  /** Pause between two sends of one connection, in milliseconds (the demo allows 250/s). */
  sendIntervalMs: number;
  /** Seed of the fuzzed messages. */
  seed: number;
  /** Bound on the whole run, in milliseconds. */
  timeoutMs: number;
}

/** One in this many actions is a valid media message (so the call has audio). */
const VALID_MEDIA_EVERY = 10;
/** Share of actions that send a text frame that is not UTF-8 (ends the connection). */
const INVALID_UTF8_SHARE = 0.003;
/** Share of actions that send a frame over the demo's 64 KiB limit (ends the connection). */
const OVERSIZED_SHARE = 0.003;
/** Share of actions that reset the connection without a close frame. */
const RESET_SHARE = 0.004;
/** Share of connections that send a fuzzed message before the opening. */
const GARBAGE_FIRST_SHARE = 0.1;
/** Steps of the uniform draw that picks an action. */
const CHOICE_RESOLUTION = 1_000_000;
/** Size of the oversized frames, in bytes. */
const OVERSIZED_FRAME_BYTES = 70_000;
/** Pause before reconnecting after a refused upgrade, in milliseconds. */
const REFUSED_RETRY_MS = 200;
/** Bound on opening one connection. */
const OPEN_TIMEOUT_MS = 5_000;
/** Time the server gets to settle after the run before it is checked, in milliseconds. */
const SETTLE_MS = 1_500;
/** Not UTF-8: a lone continuation byte, an invalid start byte, a cut sequence. */
const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80]);
/** 20 ms of μ-law silence. */
const SILENT_PAYLOAD = new Uint8Array(160).fill(0xff);

/** What part b measured for one provider. */
export interface LiveFuzzResult {
  provider: string;
  /** Fuzzed messages sent. */
  fuzzedMessages: number;
  /** Valid media messages sent between them. */
  validMediaMessages: number;
  /** Text frames that were not UTF-8. */
  invalidUtf8Frames: number;
  /** Frames over the size limit. */
  oversizedFrames: number;
  /** Connections reset by us without a close frame. */
  resets: number;
  /** Connections opened. */
  connectionsOpened: number;
  /** Connections that sent garbage before the opening. */
  garbageFirstConnections: number;
  /** Upgrades the server refused, by HTTP status. */
  refusedUpgrades: Record<string, number>;
  /** Connections the server closed, by close code. */
  serverCloses: Record<string, number>;
  /** Wall time of the sending, in milliseconds. */
  wallMs: number;
  /** The server process still ran afterwards. */
  serverAlive: boolean;
  /** `/healthz` status afterwards. */
  healthStatus: number;
  /** `/livez` status afterwards (404 on a demo without it). */
  livenessStatus: number;
  /** A normal call afterwards. */
  callAfterwards: CallCheck;
  /** The demo's counters that changed during the run. */
  metricChanges: {
    callsStarted: number;
    protocolErrorsByKind: Record<string, number>;
    failedSetupsByReason: Record<string, number>;
    callsEndedByReason: Record<string, number>;
  };
}

type Action =
  | { kind: 'fuzzed'; data: WireMessage }
  | { kind: 'invalid-utf8' | 'oversized' | 'reset' };

/** Turns fuzzed messages into the action list, deterministically from `seed`. */
function actionsFor(provider: FuzzProvider, options: LiveFuzzOptions): Action[] {
  const messages = fc.sample(fuzzedMessage(provider.validMessage), {
    seed: options.seed,
    numRuns: options.messages,
  });
  const choices = fc
    .sample(fc.noBias(fc.integer({ min: 0, max: CHOICE_RESOLUTION - 1 })), {
      seed: options.seed + 1,
      numRuns: options.messages,
    })
    .map((choice) => choice / CHOICE_RESOLUTION);
  const actions: Action[] = [];
  messages.forEach((message, index) => {
    const choice = choices[index]!;
    if (choice < INVALID_UTF8_SHARE) actions.push({ kind: 'invalid-utf8' });
    else if (choice < INVALID_UTF8_SHARE + OVERSIZED_SHARE) actions.push({ kind: 'oversized' });
    else if (choice < INVALID_UTF8_SHARE + OVERSIZED_SHARE + RESET_SHARE) {
      actions.push({ kind: 'reset' });
    }
    actions.push({ kind: 'fuzzed', data: message.data });
  });
  return actions;
}

/** Opens a connection; resolves with it, or with the refusal's status. */
async function open(url: string): Promise<WebSocket | number> {
  const socket = new WebSocket(url);
  socket.on('error', () => {
    // refusals and resets are what this run provokes; they are counted elsewhere
  });
  const refused = new Promise<number>((resolve) => {
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('close', () => resolve(0));
  });
  const opened = once(socket, 'open').then(
    () => socket,
    () => 0,
  );
  const timeout = sleep(OPEN_TIMEOUT_MS).then(() => -1);
  const outcome = await Promise.race([opened, refused, timeout]);
  if (typeof outcome === 'number') socket.terminate();
  return outcome;
}

/** Runs part b for `provider` against `demo`. */
export async function fuzzLive(
  demo: DemoServerProcess,
  provider: FuzzProvider,
  options: LiveFuzzOptions,
): Promise<LiveFuzzResult> {
  const actions = actionsFor(provider, options);
  const before = await readDemoMetrics(demo);
  const result: Omit<
    LiveFuzzResult,
    'serverAlive' | 'healthStatus' | 'livenessStatus' | 'callAfterwards' | 'metricChanges'
  > = {
    provider: provider.name,
    fuzzedMessages: 0,
    validMediaMessages: 0,
    invalidUtf8Frames: 0,
    oversizedFrames: 0,
    resets: 0,
    connectionsOpened: 0,
    garbageFirstConnections: 0,
    refusedUpgrades: {},
    serverCloses: {},
    wallMs: 0,
  };
  let next = 0;
  let mediaChunk = 0;
  const deadline = performance.now() + options.timeoutMs;
  const url = demo.socketUrl('/ws');
  const opening = provider.openingMessages.map((message) => JSON.stringify(message));
  const validMedia = () => JSON.stringify(provider.mediaMessage(SILENT_PAYLOAD, ++mediaChunk));

  const worker = async (): Promise<void> => {
    while (next < actions.length && performance.now() < deadline && demo.alive) {
      const socket = await open(url);
      if (typeof socket === 'number') {
        countInto(result.refusedUpgrades, socket === -1 ? 'timeout' : String(socket));
        await sleep(REFUSED_RETRY_MS);
        continue;
      }
      result.connectionsOpened++;
      let closedByServer = false;
      const closed = new Promise<void>((resolve) => {
        socket.once('close', (code) => {
          if (closedByServer) countInto(result.serverCloses, String(code));
          resolve();
        });
      });
      closedByServer = true;
      if (result.connectionsOpened % Math.round(1 / GARBAGE_FIRST_SHARE) === 0) {
        result.garbageFirstConnections++;
        const action = actions[next++];
        if (action?.kind === 'fuzzed') {
          socket.send(action.data);
          result.fuzzedMessages++;
        }
      }
      for (const message of opening) socket.send(message);
      socket.send(validMedia());
      result.validMediaMessages++;
      let sentOnThisConnection = 0;
      while (socket.readyState === WebSocket.OPEN && next < actions.length) {
        if (performance.now() > deadline) break;
        await sleep(options.sendIntervalMs);
        if (socket.readyState !== WebSocket.OPEN) break;
        if (++sentOnThisConnection % VALID_MEDIA_EVERY === 0) {
          socket.send(validMedia());
          result.validMediaMessages++;
          continue;
        }
        const action = actions[next++];
        if (action === undefined) break;
        if (action.kind === 'fuzzed') {
          socket.send(action.data);
          result.fuzzedMessages++;
        } else if (action.kind === 'invalid-utf8') {
          socket.send(INVALID_UTF8, { binary: false });
          result.invalidUtf8Frames++;
        } else if (action.kind === 'oversized') {
          socket.send(Buffer.alloc(OVERSIZED_FRAME_BYTES, 0x41), { binary: true });
          result.oversizedFrames++;
        } else {
          closedByServer = false;
          socket.terminate();
          result.resets++;
        }
      }
      if (socket.readyState === WebSocket.OPEN) {
        closedByServer = false;
        socket.close(1000);
      }
      await Promise.race([closed, sleep(OPEN_TIMEOUT_MS)]);
      socket.terminate();
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: options.connections }, worker));
  result.wallMs = performance.now() - started;
  await sleep(SETTLE_MS);
  const after = await readDemoMetrics(demo);
  return {
    ...result,
    serverAlive: demo.alive,
    healthStatus: (await httpGet(`${demo.url}/healthz`)).status,
    livenessStatus: (await httpGet(`${demo.url}/livez`)).status,
    callAfterwards: demo.alive
      ? await checkCallIsGreeted(demo, provider.name)
      : { greeted: false, error: 'the server exited' },
    metricChanges: metricChanges(before, after),
  };
}

function metricChanges(
  before: DemoMetricsSnapshot | undefined,
  after: DemoMetricsSnapshot | undefined,
): LiveFuzzResult['metricChanges'] {
  if (!before || !after) {
    return {
      callsStarted: 0,
      protocolErrorsByKind: {},
      failedSetupsByReason: {},
      callsEndedByReason: {},
    };
  }
  return {
    callsStarted: after.callsStarted - before.callsStarted,
    protocolErrorsByKind: countDifference(before.protocolErrorsByKind, after.protocolErrorsByKind),
    failedSetupsByReason: countDifference(before.failedSetupsByReason, after.failedSetupsByReason),
    callsEndedByReason: countDifference(before.callsEndedByReason, after.callsEndedByReason),
  };
}
