import { get } from 'node:http';
import { createServer } from 'node:net';
import { type FakeProviderApi, type SimulatedCall, startFakeProviderApi } from '@x/phone-simulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DemoProcess,
  killDemos,
  placeTwilioCall,
  runDemo,
  startDemoProcess,
  waitForOutput,
} from './testing/demo-process.js';
import { headerCounts, parseSeries } from './testing/prometheus-text.js';
import { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN } from './testing/provider-test-setup.js';

/** Worker processes of these tests. */
const WORKERS = 2;
/** Most calls placed while waiting for both workers to have one (connections go round-robin). */
const MOST_CALLS_TO_REACH_EVERY_WORKER = 6;
/** `DRAIN_TIMEOUT` of these tests, in seconds. */
const DRAIN_TIMEOUT_SECS = 2;
/** Longest wait for a replacement worker to serve, in milliseconds (its start is delayed 1 s). */
const REPLACEMENT_WAIT_MS = 20_000;

let api: FakeProviderApi | undefined;
afterEach(async () => {
  killDemos();
  await api?.close();
  api = undefined;
});

/** The demo with `WORKERS` workers, Twilio's secrets set and its REST API faked. */
async function startWorkers(environment: Record<string, string> = {}) {
  api = await startFakeProviderApi({
    twilio: { accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN },
  });
  return startDemoProcess({
    WORKERS: String(WORKERS),
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_API_BASE_URL: api.url,
    DRAIN_TIMEOUT: String(DRAIN_TIMEOUT_SECS),
    LOG_LEVEL: 'warn',
    ...environment,
  });
}

/** A GET on a connection of its own, closed after the answer. */
function requestOnNewConnection(port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve());
    }).on('error', reject);
  });
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** Calls started per `worker` label in a scrape. */
function callsStartedByWorker(metrics: string): Map<string, number> {
  const byWorker = new Map<string, number>();
  for (const series of parseSeries(metrics)) {
    if (series.name !== 'telephony_calls_started_total') continue;
    const worker = series.labels.worker!;
    byWorker.set(worker, (byWorker.get(worker) ?? 0) + series.value);
  }
  return byWorker;
}

/** The `worker` labels of `telephony_worker_up` in a scrape, with their values. */
function workersUp(metrics: string): Record<string, number> {
  return Object.fromEntries(
    parseSeries(metrics)
      .filter((series) => series.name === 'telephony_worker_up')
      .map((series) => [series.labels.worker!, series.value]),
  );
}

/** The pid of each worker, from the line the primary prints before the banner. */
function workerPids(demo: DemoProcess): Map<string, number> {
  return new Map(
    [...demo.output().matchAll(/worker (\d+) \(pid (\d+)\)/gi)].map(([, id, pid]) => [
      id!,
      Number(pid),
    ]),
  );
}

describe('pnpm demo with WORKERS=2 (node dist/main.js as a cluster)', () => {
  it('spreads calls over both workers, scrapes them in one /metrics, and drains every worker on SIGTERM to the primary', async () => {
    const { demo, port, url } = await startWorkers();
    expect(demo.output()).toContain(`${WORKERS} worker processes on one port (WORKERS)`);

    const calls: SimulatedCall[] = [];
    let metrics = await scrape(url);
    while (callsStartedByWorker(metrics).size < WORKERS) {
      expect(calls.length, `calls placed, all on one worker:\n${metrics}`).toBeLessThan(
        MOST_CALLS_TO_REACH_EVERY_WORKER,
      );
      const workersBefore = callsStartedByWorker(metrics).size;
      calls.push(await placeTwilioCall(port, url));
      metrics = await scrape(url);
      // The primary hands connections to the workers in turn. When a call and its scrape take
      // an even number of new connections, every stream lands on the same worker; one more
      // connection moves the next one to the other.
      if (callsStartedByWorker(metrics).size === workersBefore) {
        await requestOnNewConnection(port, '/livez');
      }
    }

    // every worker counted calls; together, every call once
    const started = callsStartedByWorker(metrics);
    expect([...started.keys()].sort()).toEqual(['1', '2']);
    expect([...started.values()].every((count) => count > 0)).toBe(true);
    expect([...started.values()].reduce((sum, count) => sum + count, 0)).toBe(calls.length);
    expect(workersUp(metrics)).toEqual({ '1': 1, '2': 1 });
    // each metric's HELP and TYPE once, whichever worker answered
    for (const kind of ['HELP', 'TYPE'] as const) {
      const counts = headerCounts(metrics, kind);
      expect(counts.get('telephony_calls_started_total')).toBe(1);
      expect([...counts.values()].every((count) => count === 1)).toBe(true);
    }
    // health stays per worker
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: 'ok' });

    const signalledAtCallMs = calls.map((call) => call.now());
    demo.child.kill('SIGTERM');
    await waitForOutput(demo, 'SIGTERM: draining 2 workers');
    await waitForOutput(demo, 'worker 1: SIGTERM: draining');
    await waitForOutput(demo, 'worker 2: SIGTERM: draining');
    expect((await fetch(`${url}/healthz`)).status).toBe(503);
    expect(calls.every((call) => call.summary().close === undefined)).toBe(true);

    expect(await demo.exited).toBe(0);
    const summaries = await Promise.all(calls.map((call) => call.ended));
    summaries.forEach((summary, index) => {
      expect(summary.close?.code).toBe(1000);
      const goodbye = calls[index]!.events().find(
        (event) =>
          event.type === 'bot-audio-start' &&
          event.atMs > signalledAtCallMs[index]! + DRAIN_TIMEOUT_SECS * 1000 - 100,
      );
      expect(goodbye).toBeDefined();
    });
    expect(
      api!
        .hangUps('twilio')
        .map((request) => request.callId)
        .sort(),
    ).toEqual(calls.map((call) => call.ids.callId).sort());
    expect(demo.output()).toContain('worker 1: Stopped.');
    expect(demo.output()).toContain('worker 2: Stopped.');
    expect(demo.output()).toContain('All workers stopped.');
  }, 60_000);

  it('replaces a worker that dies, but not one that drained on a SIGTERM of its own', async () => {
    const { demo, url } = await startWorkers();
    const pids = workerPids(demo);
    expect([...pids.keys()].sort()).toEqual(['1', '2']);

    process.kill(pids.get('1')!, 'SIGKILL');
    await waitForOutput(demo, 'exited unexpectedly (signal SIGKILL)');
    await waitForOutput(demo, 'replaces worker 1', REPLACEMENT_WAIT_MS);
    await waitForOutput(demo, 'Worker 3 (pid', REPLACEMENT_WAIT_MS);
    await waitForOutput(demo, 'is serving.', REPLACEMENT_WAIT_MS);
    expect(workersUp(await scrape(url))).toEqual({ '2': 1, '3': 1 });

    process.kill(pids.get('2')!, 'SIGTERM');
    await waitForOutput(
      demo,
      `Worker 2 (pid ${pids.get('2')}) drained and exited (exit code 0); it is not replaced`,
    );
    expect(demo.output()).not.toContain(`Worker 2 (pid ${pids.get('2')}) exited unexpectedly`);
    expect(workersUp(await scrape(url))).toEqual({ '3': 1 });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
  }, 60_000);

  it('stops every worker and exits 1 when the workers cannot listen', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = runDemo({ PORT: String(port), WORKERS: String(WORKERS) });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(run.output()).toContain('could not start (exit code 1); stopping the others.');
    } finally {
      blocker.close();
    }
  });

  it('refuses an invalid WORKERS value, naming the variable, and exits 1', async () => {
    const run = runDemo({ PORT: '0', WORKERS: 'lots' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('The demo cannot start: fix these settings and try again.');
    expect(run.output()).toContain('WORKERS must be a whole number from 1 to 256, or auto');
    expect(run.output()).toContain('(got "lots")');
  });
});
