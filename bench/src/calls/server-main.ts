/**
 * A server process of the `calls-per-core` benchmark: `node server-main.js '<ServerSettings JSON>'`,
 * started by the benchmark with an IPC channel. Listens on 127.0.0.1 (ephemeral port), reports a
 * sample every second (CPU, memory, event-loop delay, calls), and exits on `stop` or when the
 * benchmark goes away. Run with `--expose-gc` so the idle baseline is measured after a collection.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { percentilesOf } from './delay-histogram.js';
import type {
  DelayPercentiles,
  ServerCommand,
  ServerMessage,
  ServerSettings,
} from './ipc-messages.js';
import type { ServerHandler } from './server-handler.js';

/** Interval between samples. */
const SAMPLE_INTERVAL_MS = 1000;
/** Resolution of the event-loop delay monitor (its own timer), in milliseconds. */
const LOOP_DELAY_RESOLUTION_MS = 10;
const NANOSECONDS_PER_MS = 1e6;
/** Path of the WebSocket endpoint. */
const WEBSOCKET_PATH = '/media';
/** Largest inbound message accepted (a 20 ms media message is about 300 bytes). */
const MAX_PAYLOAD_BYTES = 64 * 1024;

function send(message: ServerMessage, then?: () => void): void {
  if (!process.send) throw new Error('server-main must be started with an IPC channel');
  process.send(message, undefined, {}, () => then?.());
}

/** The monitor records the time between its timer's runs: the delay is what exceeds the resolution. */
function loopDelayBeyondResolution(measured: DelayPercentiles): DelayPercentiles {
  const beyond = (value: number): number => Math.max(0, value - LOOP_DELAY_RESOLUTION_MS);
  return {
    count: measured.count,
    p50: beyond(measured.p50),
    p99: beyond(measured.p99),
    max: beyond(measured.max),
  };
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

/** The handler for `settings.kind`; the bare echo loads nothing of ours. */
async function loadHandler(settings: ServerSettings): Promise<ServerHandler> {
  if (settings.kind === 'bare-echo') {
    const { bareEchoHandler } = await import('./bare-echo-handler.js');
    return bareEchoHandler();
  }
  const { pipelineEchoHandler } = await import('./pipeline-echo-handler.js');
  return pipelineEchoHandler(settings);
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as ServerSettings;
  const handler = await loadHandler(settings);
  let activeCalls = 0;
  let openedCalls = 0;
  let closedCalls = 0;

  const http = createServer((_request, response) => response.writeHead(404).end());
  const sockets = new WebSocketServer({
    server: http,
    path: WEBSOCKET_PATH,
    maxPayload: MAX_PAYLOAD_BYTES,
    perMessageDeflate: false,
  });
  sockets.on('connection', (socket) => {
    activeCalls++;
    openedCalls++;
    let ended = false;
    handler.handle(socket, () => {
      if (ended) return;
      ended = true;
      activeCalls--;
      closedCalls++;
    });
  });

  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loopDelay.enable();
  const sampler = setInterval(() => {
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    send({
      type: 'sample',
      atMs: performance.timeOrigin + performance.now(),
      cpuMicros: cpu.user + cpu.system,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      externalBytes: memory.external,
      activeCalls,
      openedCalls,
      closedCalls,
      loopDelayMs: loopDelayBeyondResolution(percentilesOf(loopDelay, NANOSECONDS_PER_MS)),
      inboundLatencyMs: handler.takeInboundLatency(),
      sendTiming: handler.takeSendTiming(),
      interruptions: handler.takeInterruptions(),
      involuntaryContextSwitches: process.resourceUsage().involuntaryContextSwitches,
    });
    loopDelay.reset();
  }, SAMPLE_INTERVAL_MS);

  const exit = (code: number): void => {
    clearInterval(sampler);
    loopDelay.disable();
    for (const client of sockets.clients) client.terminate();
    sockets.close();
    http.closeAllConnections();
    http.close();
    // process.exit writes the CPU profile when started with --cpu-prof
    process.exit(code);
  };

  process.on('message', (command: ServerCommand) => {
    if (command.type === 'baseline') {
      collectGarbage();
      const memory = process.memoryUsage();
      send({
        type: 'baseline',
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        externalBytes: memory.external,
      });
    } else if (command.type === 'stop') {
      send({ type: 'totals', ...handler.totals() }, () => exit(0));
    }
  });
  // the benchmark went away (crashed or interrupted): never outlive it
  process.on('disconnect', () => exit(1));

  http.listen(0, '127.0.0.1', () => {
    const { port } = http.address() as AddressInfo;
    send({ type: 'ready', port, path: WEBSOCKET_PATH });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
