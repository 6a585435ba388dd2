/**
 * Part d: SIGTERM with calls in progress. The demo starts with `DRAIN_TIMEOUT`, the simulator
 * places K calls that stay on the line, then the process gets SIGTERM; measured: when `/healthz`
 * turns 503 (readiness) while `/livez` stays 200, what a new upgrade gets, when and how each call
 * closes and whether it heard a goodbye first, and how and when the process exits.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type CallOptions, type SimulatedCall, startCall } from '@x/phone-simulator';
import { WebSocket } from 'ws';
import { DemoServerProcess, httpGet } from './demo-server-process.js';
import type { FuzzProviderName } from './fuzz-provider.js';
import { countInto, type Summary, summarize } from './statistics.js';

/** How one drain run is set up. */
export interface DrainRunSettings {
  /** Label in the report. */
  label: string;
  /** `DRAIN_TIMEOUT` of the demo, in seconds. */
  drainTimeoutSecs: number;
  /** Calls on the line at SIGTERM. */
  calls: number;
  /** Extra environment of the demo (credentials, API base URLs). */
  environment: Record<string, string>;
  /** Simulator options of call `index` (URL, provider, webhook). */
  callOptions(demo: DemoServerProcess, index: number): CallOptions;
  /** Bound on the process exiting after SIGTERM, in milliseconds. */
  exitTimeoutMs: number;
}

/** Interval of the readiness polls after SIGTERM, in milliseconds. */
const READINESS_POLL_MS = 10;
/** Bound on every call reaching the bot's first audio before SIGTERM. */
const CALLS_READY_TIMEOUT_MS = 15_000;
/** Calls placed at once while setting up. */
const CALLS_PLACED_AT_ONCE = 10;

/** What one drain run measured. */
export interface DrainRunResult {
  label: string;
  drainTimeoutSecs: number;
  /** Calls asked for / on the line at SIGTERM. */
  callsRequested: number;
  callsConnected: number;
  /** Why calls could not be placed, by message. */
  callFailures: Record<string, number>;
  /** From SIGTERM to the first 503 of `/healthz`, in milliseconds (undefined: never). */
  readinessFailedAfterMs: number | undefined;
  /** `/livez` while draining. */
  livenessWhileDraining: number;
  /** A new WebSocket upgrade while draining: the HTTP status it got (101 if accepted). */
  upgradeWhileDraining: number;
  /** From SIGTERM to each call's close, in milliseconds. */
  callClosedAfterMs: Summary;
  /** Calls by the close code they got ('none' when still open when the process exited). */
  closeCodes: Record<string, number>;
  /** Calls that heard bot audio begin after SIGTERM (the goodbye) before closing. */
  heardGoodbye: number;
  /** Calls hung up over the provider's REST API (the fake API counted them), when one ran. */
  restHangUps: number | undefined;
  /** Process exit code and signal. */
  exitCode: number | null;
  exitSignal: string | null;
  /** From SIGTERM to the process exit, in milliseconds (undefined: killed after the bound). */
  exitedAfterMs: number | undefined;
  /** The process's last lines. */
  outputTail: string;
}

/** Places `count` calls, `CALLS_PLACED_AT_ONCE` at a time, and waits for each one's greeting. */
async function placeCalls(
  settings: DrainRunSettings,
  demo: DemoServerProcess,
  failures: Record<string, number>,
): Promise<SimulatedCall[]> {
  const calls: SimulatedCall[] = [];
  for (let from = 0; from < settings.calls; from += CALLS_PLACED_AT_ONCE) {
    const batch = Array.from(
      { length: Math.min(CALLS_PLACED_AT_ONCE, settings.calls - from) },
      async (_, offset) => {
        try {
          const call = await startCall(settings.callOptions(demo, from + offset));
          await call.waitFor('first-bot-audio', { timeoutMs: CALLS_READY_TIMEOUT_MS });
          calls.push(call);
        } catch (error) {
          countInto(failures, error instanceof Error ? error.message.slice(0, 120) : String(error));
        }
      },
    );
    await Promise.all(batch);
  }
  return calls;
}

/** The HTTP status a new upgrade to `/ws` gets (101 when accepted, 0 when it failed). */
async function upgradeStatus(demo: DemoServerProcess): Promise<number> {
  const socket = new WebSocket(demo.socketUrl('/ws'));
  socket.on('error', () => {});
  const status = await Promise.race([
    new Promise<number>((resolve) => {
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => resolve(101));
      socket.once('close', () => resolve(0));
    }),
    sleep(3_000).then(() => 0),
  ]);
  socket.terminate();
  return status;
}

/** Runs one drain: start, place calls, SIGTERM, measure, and make sure the process is gone. */
export async function runDrain(
  settings: DrainRunSettings,
  countRestHangUps?: () => number,
): Promise<DrainRunResult> {
  const demo = await DemoServerProcess.start({
    LOG_LEVEL: 'warn',
    DRAIN_TIMEOUT: String(settings.drainTimeoutSecs),
    ...settings.environment,
  });
  const callFailures: Record<string, number> = {};
  try {
    const calls = await placeCalls(settings, demo, callFailures);
    const callTimeAtSignal = calls.map((call) => call.now());
    const closedAt: (number | undefined)[] = calls.map(() => undefined);
    const signalledAt = performance.now();
    const ended = calls.map((call, index) =>
      call.ended.then((summary) => {
        closedAt[index] = performance.now() - signalledAt;
        return summary;
      }),
    );
    demo.signal('SIGTERM');
    let readinessFailedAfterMs: number | undefined;
    while (demo.alive && performance.now() - signalledAt < settings.exitTimeoutMs) {
      const { status } = await httpGet(`${demo.url}/healthz`);
      if (status === 503) {
        readinessFailedAfterMs = performance.now() - signalledAt;
        break;
      }
      if (status === 0) break;
      await sleep(READINESS_POLL_MS);
    }
    const livenessWhileDraining = (await httpGet(`${demo.url}/livez`)).status;
    const upgradeWhileDraining = await upgradeStatus(demo);
    const exit = await Promise.race([
      demo.exited,
      sleep(Math.max(0, settings.exitTimeoutMs - (performance.now() - signalledAt))).then(
        () => undefined,
      ),
    ]);
    const exitedAfterMs = exit ? performance.now() - signalledAt : undefined;
    await demo.kill();
    const summaries = await Promise.all(
      ended.map((summary) => Promise.race([summary, sleep(2_000).then(() => undefined)])),
    );
    const closeCodes: Record<string, number> = {};
    let heardGoodbye = 0;
    summaries.forEach((summary, index) => {
      countInto(closeCodes, summary?.close ? String(summary.close.code) : 'none');
      const after = callTimeAtSignal[index]!;
      const call = calls[index]!;
      if (call.events().some((event) => event.type === 'bot-audio-start' && event.atMs >= after)) {
        heardGoodbye++;
      }
    });
    return {
      label: settings.label,
      drainTimeoutSecs: settings.drainTimeoutSecs,
      callsRequested: settings.calls,
      callsConnected: calls.length,
      callFailures,
      readinessFailedAfterMs,
      livenessWhileDraining,
      upgradeWhileDraining,
      callClosedAfterMs: summarize(
        closedAt.filter((value): value is number => value !== undefined),
      ),
      closeCodes,
      heardGoodbye,
      restHangUps: countRestHangUps?.(),
      exitCode: demo.exit?.code ?? null,
      exitSignal: demo.exit?.signal ?? null,
      exitedAfterMs,
      outputTail: demo.output.split('\n').slice(-12).join('\n'),
    };
  } finally {
    await demo.kill();
  }
}

/** Rotates calls over the three providers on the unsecured `/ws` (no REST hang-up). */
export function unsecuredCallOptions(demo: DemoServerProcess, index: number): CallOptions {
  const providers: FuzzProviderName[] = ['twilio', 'telnyx', 'plivo'];
  return { url: demo.socketUrl('/ws'), provider: providers[index % providers.length]! };
}
