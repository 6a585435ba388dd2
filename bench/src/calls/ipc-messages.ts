/** Messages between the benchmark (parent) and its server and load processes, over Node IPC. */

import type { LoadReport } from '@x/phone-simulator';

/** Which server a server process runs. */
export type ServerKind = 'bare-echo' | 'pipeline';

/** Settings handed to a server process (as JSON in its argument list). */
export interface ServerSettings {
  /** Which server to run. */
  kind: ServerKind;
  /** Pipeline: bot audio chunk size in 10 ms units. */
  audioOut10msChunks: number;
  /** Pipeline: most audio sent ahead of real time, in ms; none: the transport's default (one chunk). */
  audioOutMaxLeadMs?: number | undefined;
  /** Pipeline: the echo hands caller audio back in batches of this many ms (0: frame by frame). */
  echoBatchMs: number;
  /** Pipeline: run the core energy VAD. */
  vad: boolean;
}

/** Percentiles of a distribution, in milliseconds. */
export interface DelayPercentiles {
  /** Values recorded. */
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** One periodic reading of the server process. */
export interface ServerSample {
  type: 'sample';
  /** When it was taken (epoch ms, sub-millisecond). */
  atMs: number;
  /** Process CPU time so far, user + system, in microseconds. */
  cpuMicros: number;
  /** Resident set size, in bytes. */
  rssBytes: number;
  /** V8 heap in use, in bytes. */
  heapUsedBytes: number;
  /** Memory of buffers outside the V8 heap, in bytes. */
  externalBytes: number;
  /** Calls open now. */
  activeCalls: number;
  /** Calls opened so far. */
  openedCalls: number;
  /** Calls closed so far. */
  closedCalls: number;
  /** Event-loop delay since the previous sample. */
  loopDelayMs: DelayPercentiles;
  /** Pipeline only: caller media message received → caller audio frame at the bot, since the previous sample. */
  inboundLatencyMs: DelayPercentiles | undefined;
  /** The server's own outbound pacing since the previous sample (see `SendTimingProbe`). */
  sendTiming: SendTimingSample;
  /** Times the OS took the CPU from the server so far (involuntary context switches). */
  involuntaryContextSwitches: number;
}

/** Outbound pacing as the server sent it, over one sample interval. */
export interface SendTimingSample {
  /** |interval between two audio sends of a call − one chunk|. */
  jitterMs: DelayPercentiles;
  /** Sends that came after the call's audio sent before had finished playing (an ideal client's underruns). */
  lateSends: number;
  /** Silence those late sends left, in ms. */
  gapMs: number;
}

/** Server → parent: listening on `port`. */
export interface ServerReady {
  type: 'ready';
  port: number;
  /** Path of the WebSocket endpoint. */
  path: string;
}

/** Server → parent: memory after a forced garbage collection, with no call open. */
export interface ServerBaseline {
  type: 'baseline';
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
}

/** Server → parent: what the server counted over its life (answer to `stop`, sent just before it exits). */
export interface ServerTotals {
  type: 'totals';
  /** Pipeline: transport counters summed over all calls. */
  messagesReceived: number;
  messagesSkipped: number;
  messagesDropped: number;
  messagesSent: number;
  /** Calls whose server side failed (detection, pipeline error). */
  serverErrors: number;
  /** First few server error messages. */
  errorMessages: string[];
}

/** Any message a server process sends. */
export type ServerMessage = ServerReady | ServerSample | ServerBaseline | ServerTotals;

/** Parent → server. */
export type ServerCommand = { type: 'baseline' } | { type: 'stop' };

/** Settings handed to a load process. */
export interface LoadSettings {
  /** WebSocket URL of the server. */
  url: string;
  /** Concurrent calls. */
  calls: number;
  /** Length of each call, in milliseconds. */
  durationMs: number;
  /** Spread of the call starts, in milliseconds. */
  rampMs: number;
}

/** Load → parent: the simulator's report and the load process's own CPU use. */
export interface LoadFinished {
  type: 'load-finished';
  /** `runLoad`'s report (JSON). */
  report: LoadReport;
  /** CPU time of the load process during the run, in microseconds. */
  cpuMicros: number;
  /** Wall time of the run, in milliseconds. */
  wallMs: number;
}
