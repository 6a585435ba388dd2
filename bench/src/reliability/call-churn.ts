/**
 * Part c: many calls that end abruptly (the socket destroyed mid-call, no close frame) and many
 * short calls one after the other, against a live demo process; then the demo's counters must
 * say every call ended, and its memory must be where it started.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { type DemoMetricsSnapshot, readDemoMetrics } from './demo-metrics-snapshot.js';
import type { DemoServerProcess } from './demo-server-process.js';
import type { FuzzProvider } from './fuzz-provider.js';
import { countInto, type Summary, summarize } from './statistics.js';

/** Options of part c. */
export interface CallChurnOptions {
  /** Calls destroyed mid-call. */
  abruptDisconnects: number;
  /** Abrupt calls open at once. */
  abruptConcurrency: number;
  /** Short calls, one after the other. */
  shortCalls: number;
  /** Bound on the whole part, in milliseconds. */
  timeoutMs: number;
}

/** Bound on one call reaching the bot's first audio, in milliseconds. */
const CALL_STEP_TIMEOUT_MS = 5_000;
/** Idle time before memory is read, so the server has finished cleaning up, in milliseconds. */
const IDLE_BEFORE_MEMORY_MS = 3_000;
/** Bound on the server's active calls returning to zero, in milliseconds. */
const ACTIVE_CALLS_ZERO_TIMEOUT_MS = 15_000;
/** Short calls between two readings of the server's memory while they run. */
const CALLS_PER_MEMORY_SAMPLE = 250;
/** 20 ms of μ-law silence. */
const SILENT_PAYLOAD = new Uint8Array(160).fill(0xff);

/** One round of calls. */
export interface ChurnRound {
  /** Calls asked for. */
  requested: number;
  /** Calls that reached the bot's first audio before they ended as planned. */
  heardTheBot: number;
  /** Calls that failed before (refused, timed out), by reason. */
  failures: Record<string, number>;
  /** How the server closed the short calls, by close code (abrupt calls never see it). */
  closeCodes: Record<string, number>;
  /** Time from connecting to the bot's first audio, in milliseconds. */
  firstAudioMs: Summary;
  /** Wall time of the round, in milliseconds. */
  wallMs: number;
}

/** Memory and counters of the server at one point. */
export interface ServerReading {
  /** Resident set size, in bytes. */
  residentBytes: number | undefined;
  /** Its counters. */
  metrics: DemoMetricsSnapshot | undefined;
}

/** What part c measured. */
export interface CallChurnResult {
  abrupt: ChurnRound;
  short: ChurnRound;
  /** Idle readings: before, after the abrupt calls, after the short calls. */
  readings: { before: ServerReading; afterAbrupt: ServerReading; afterShort: ServerReading };
  /** The server's resident memory while the short calls ran (bytes, after that many calls). */
  shortCallMemory: { calls: number; residentBytes: number | undefined }[];
  /** The server's active calls came back to 0 after each round. */
  activeCallsReturnedToZero: boolean;
}

/** A call to `provider`'s stream: connects, opens, sends one media message, waits for the bot. */
function callUntilTheBotSpeaks(
  url: string,
  provider: FuzzProvider,
): Promise<{ socket: WebSocket; firstAudioMs: number }> {
  const started = performance.now();
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.terminate();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error('timeout')), CALL_STEP_TIMEOUT_MS);
    socket.on('error', () => {
      // the close or refusal that follows says what happened
    });
    socket.once('unexpected-response', (_request, response) =>
      fail(new Error(`refused ${response.statusCode}`)),
    );
    socket.once('close', (code) => fail(new Error(`closed ${code} before the bot spoke`)));
    socket.once('open', () => {
      for (const message of provider.openingMessages) socket.send(JSON.stringify(message));
      socket.send(JSON.stringify(provider.mediaMessage(SILENT_PAYLOAD, 1)));
    });
    socket.once('message', () => {
      clearTimeout(timer);
      socket.removeAllListeners('close');
      socket.removeAllListeners('unexpected-response');
      resolve({ socket, firstAudioMs: performance.now() - started });
    });
  });
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message;
}

/** `stop` as the provider sends it when the caller hangs up (Plivo sends none). */
function stopMessage(provider: FuzzProvider): string | undefined {
  const start = provider.openingMessages.at(-1)!;
  if (provider.name === 'twilio')
    return JSON.stringify({ event: 'stop', streamSid: start.streamSid });
  if (provider.name === 'telnyx')
    return JSON.stringify({ event: 'stop', stream_id: start.stream_id });
  return undefined;
}

async function readServer(demo: DemoServerProcess): Promise<ServerReading> {
  await sleep(IDLE_BEFORE_MEMORY_MS);
  return { residentBytes: demo.residentBytes(), metrics: await readDemoMetrics(demo) };
}

async function activeCallsReachZero(demo: DemoServerProcess): Promise<boolean> {
  const deadline = performance.now() + ACTIVE_CALLS_ZERO_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const metrics = await readDemoMetrics(demo);
    if (metrics?.activeCalls === 0) return true;
    await sleep(100);
  }
  return false;
}

function emptyRound(requested: number): ChurnRound & { firstAudio: number[] } {
  return {
    requested,
    heardTheBot: 0,
    failures: {},
    closeCodes: {},
    firstAudioMs: summarize([]),
    wallMs: 0,
    firstAudio: [],
  };
}

function finish(round: ChurnRound & { firstAudio: number[] }, started: number): ChurnRound {
  const { firstAudio, ...rest } = round;
  return { ...rest, firstAudioMs: summarize(firstAudio), wallMs: performance.now() - started };
}

/** Runs part c against `demo`, rotating over `providers`. */
export async function churnCalls(
  demo: DemoServerProcess,
  providers: readonly FuzzProvider[],
  options: CallChurnOptions,
): Promise<CallChurnResult> {
  const url = demo.socketUrl('/ws');
  const deadline = performance.now() + options.timeoutMs;
  const before = await readServer(demo);

  const abrupt = emptyRound(options.abruptDisconnects);
  let abruptStarted = 0;
  const abruptBegan = performance.now();
  const abruptWorker = async (): Promise<void> => {
    while (abruptStarted < options.abruptDisconnects && performance.now() < deadline) {
      const provider = providers[abruptStarted++ % providers.length]!;
      try {
        const { socket, firstAudioMs } = await callUntilTheBotSpeaks(url, provider);
        abrupt.heardTheBot++;
        abrupt.firstAudio.push(firstAudioMs);
        socket.terminate(); // destroys the TCP socket: no close frame
      } catch (error) {
        countInto(abrupt.failures, reasonOf(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.abruptConcurrency }, abruptWorker));
  const abruptRound = finish(abrupt, abruptBegan);
  let returnedToZero = await activeCallsReachZero(demo);
  const afterAbrupt = await readServer(demo);

  const short = emptyRound(options.shortCalls);
  const shortCallMemory: CallChurnResult['shortCallMemory'] = [];
  const shortBegan = performance.now();
  for (let index = 0; index < options.shortCalls && performance.now() < deadline; index++) {
    if (index % CALLS_PER_MEMORY_SAMPLE === 0) {
      shortCallMemory.push({ calls: index, residentBytes: demo.residentBytes() });
    }
    const provider = providers[index % providers.length]!;
    try {
      const { socket, firstAudioMs } = await callUntilTheBotSpeaks(url, provider);
      short.heardTheBot++;
      short.firstAudio.push(firstAudioMs);
      const closed = (once(socket, 'close') as Promise<[number]>).catch(() => undefined);
      const stop = stopMessage(provider);
      if (stop) socket.send(stop);
      socket.close(1000);
      const outcome = await Promise.race([
        closed,
        sleep(CALL_STEP_TIMEOUT_MS).then(() => undefined),
      ]);
      countInto(short.closeCodes, outcome ? String(outcome[0]) : 'no close');
      socket.terminate();
    } catch (error) {
      countInto(short.failures, reasonOf(error));
    }
  }
  const shortRound = finish(short, shortBegan);
  returnedToZero = (await activeCallsReachZero(demo)) && returnedToZero;
  const afterShort = await readServer(demo);
  return {
    abrupt: abruptRound,
    short: shortRound,
    readings: { before, afterAbrupt, afterShort },
    shortCallMemory,
    activeCallsReturnedToZero: returnedToZero,
  };
}
