/**
 * Reliability: fuzzed provider messages through the deserializers and provider detection in
 * process; fuzzed and hostile WebSocket traffic to a live demo process; abrupt disconnects and
 * short calls with the demo's counters and memory read before and after; and the drain on
 * SIGTERM, also with a provider REST API that never answers.
 */
import type { Benchmark } from '../benchmark.js';
import { churnCalls } from '../reliability/call-churn.js';
import { DemoServerProcess } from '../reliability/demo-server-process.js';
import { runDrain, unsecuredCallOptions } from '../reliability/drain-timing.js';
import { FUZZ_PROVIDERS } from '../reliability/fuzz-providers.js';
import { HangingApi } from '../reliability/hanging-api.js';
import { fuzzInProcess } from '../reliability/in-process-fuzz.js';
import { fuzzLive } from '../reliability/live-fuzz.js';
import { reliabilityChecks } from '../reliability/reliability-checks.js';
import { reliabilityOptionsFromEnvironment } from '../reliability/reliability-options.js';
import { reliabilityMarkdown } from '../reliability/reliability-report.js';
import type { ReliabilityResults } from '../reliability/reliability-results.js';
import type { MachineInfo } from '../support/machine.js';

/** Pause between two sends of one live connection, in ms (100/s, below the demo's 250/s). */
const LIVE_SEND_INTERVAL_MS = 10;
/** Abrupt calls open at once: below the demo's 16 streams being set up per address. */
const ABRUPT_CONCURRENCY = 12;
/** Bound on part c, in milliseconds. */
const CHURN_TIMEOUT_MS = 15 * 60_000;
/** Bound on a live run beyond its paced duration, in milliseconds. */
const LIVE_SLACK_MS = 60_000;
/** Bound on the exit after SIGTERM beyond the drain timeout, in milliseconds. */
const DRAIN_EXIT_SLACK_MS = 30_000;
/** Seeds of different parts and providers are this far apart. */
const SEED_STRIDE = 1_000_003;
/** Twilio account and token of the drain run with the hanging REST API (not real). */
const DRAIN_ACCOUNT_SID = `AC${'0123abcd'.repeat(4)}`;
const DRAIN_AUTH_TOKEN = 'reliability-benchmark-auth-token';
/** The public address the hanging-API run pretends a tunnel gives the demo (never resolved). */
const DRAIN_PUBLIC_URL = 'https://reliability.example.test';

export const reliability: Benchmark = {
  name: 'reliability',
  description:
    'fuzzed messages in process and against a live demo, abrupt disconnects and short calls, drain on SIGTERM',
  sources: [
    'packages/transport-core/src',
    'packages/fuzz-kit/src',
    'packages/serializer-twilio/src',
    'packages/serializer-telnyx/src',
    'packages/serializer-plivo/src',
    'packages/phone-simulator/src',
    'apps/demo/src',
    'bench/src/reliability',
    'bench/src/benchmarks/reliability.ts',
  ],
  async run(machine: MachineInfo) {
    const options = reliabilityOptionsFromEnvironment();
    const descriptors = FUZZ_PROVIDERS.map((provider) => provider.descriptor);

    const inProcess = [];
    for (const [index, provider] of FUZZ_PROVIDERS.entries()) {
      const part = await fuzzInProcess(
        provider,
        descriptors,
        options.fuzzCases,
        options.seed + index * SEED_STRIDE,
      );
      inProcess.push(part);
      console.log(
        `  a. ${provider.name}: ${part.cases} cases in ${(part.wallMs / 1000).toFixed(1)} s, escapes: deserialize ${part.deserializeEscapes}, recognize ${part.recognizeEscapes}, detectProvider ${part.detectionEscapes}`,
      );
    }

    const live = [];
    const liveDemo = await DemoServerProcess.start({ LOG_LEVEL: 'error' });
    try {
      for (const [index, provider] of FUZZ_PROVIDERS.entries()) {
        const pacedMs =
          (options.liveMessages / options.liveConnections) * LIVE_SEND_INTERVAL_MS * 1.2;
        const part = await fuzzLive(liveDemo, provider, {
          messages: options.liveMessages,
          connections: options.liveConnections,
          sendIntervalMs: LIVE_SEND_INTERVAL_MS,
          seed: options.seed + (index + 3) * SEED_STRIDE,
          timeoutMs: pacedMs + LIVE_SLACK_MS,
        });
        live.push(part);
        console.log(
          `  b. ${provider.name}: ${part.fuzzedMessages} fuzzed messages over ${part.connectionsOpened} connections in ${(part.wallMs / 1000).toFixed(1)} s; server ${part.serverAlive ? 'alive' : 'EXITED'}, /healthz ${part.healthStatus}, call afterwards ${part.callAfterwards.greeted ? 'greeted' : 'NOT greeted'}`,
        );
      }
    } finally {
      await liveDemo.kill();
    }

    const churnDemo = await DemoServerProcess.start({ LOG_LEVEL: 'error' });
    let churn: ReliabilityResults['churn'];
    try {
      churn = await churnCalls(churnDemo, FUZZ_PROVIDERS, {
        abruptDisconnects: options.abruptDisconnects,
        abruptConcurrency: ABRUPT_CONCURRENCY,
        shortCalls: options.shortCalls,
        timeoutMs: CHURN_TIMEOUT_MS,
      });
    } finally {
      await churnDemo.kill();
    }
    console.log(
      `  c. ${churn.abrupt.heardTheBot} abrupt disconnects, ${churn.short.heardTheBot} short calls; active calls back to 0: ${churn.activeCallsReturnedToZero}`,
    );

    const exitTimeoutMs = options.drainTimeoutSecs * 1000 + DRAIN_EXIT_SLACK_MS;
    const drains = [
      await runDrain({
        label: 'unsecured calls, no REST hang-up',
        drainTimeoutSecs: options.drainTimeoutSecs,
        calls: options.drainCalls,
        environment: {},
        callOptions: unsecuredCallOptions,
        exitTimeoutMs,
      }),
    ];
    const api = await HangingApi.start();
    try {
      drains.push(
        await runDrain(
          {
            label: 'Twilio calls via the signed webhook, REST API never answers',
            drainTimeoutSecs: options.drainTimeoutSecs,
            calls: options.drainCalls,
            environment: {
              PUBLIC_URL: DRAIN_PUBLIC_URL,
              TWILIO_ACCOUNT_SID: DRAIN_ACCOUNT_SID,
              TWILIO_AUTH_TOKEN: DRAIN_AUTH_TOKEN,
              TWILIO_API_BASE_URL: api.url,
            },
            callOptions: (demo) => ({
              url: demo.socketUrl('/ws'),
              provider: 'twilio',
              authToken: DRAIN_AUTH_TOKEN,
              ids: { accountId: DRAIN_ACCOUNT_SID },
              webhook: {
                url: `${demo.url}/twilio`,
                signatureUrl: `${DRAIN_PUBLIC_URL}/twilio`,
                authToken: DRAIN_AUTH_TOKEN,
              },
            }),
            exitTimeoutMs,
          },
          () => api.requests,
        ),
      );
    } finally {
      await api.close();
    }
    for (const drain of drains) {
      console.log(
        `  d. ${drain.label}: ${drain.callsConnected} calls, /healthz 503 after ${drain.readinessFailedAfterMs?.toFixed(0)} ms, exit ${drain.exitCode} after ${drain.exitedAfterMs?.toFixed(0)} ms`,
      );
    }

    const results: ReliabilityResults = { machine, options, inProcess, live, churn, drains };
    return {
      markdown: reliabilityMarkdown(results),
      json: { ...results, checks: reliabilityChecks(results) },
    };
  },
};
