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
  /** Pipeline only: caller speech starts and the interruptions they caused, since the previous sample. */
  interruptions: InterruptionSample | undefined;
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

/** Caller speech starts and interruptions over one sample interval (see `ClearLatencyProbe`). */
export interface InterruptionSample {
  /**
   * For each `clear` sent: ms from the arrival of the media message whose audio made the VAD
   * start to the `clear` handed to the socket (at most `MAX_CLEAR_LATENCIES_PER_SAMPLE`).
   */
  clearLatenciesMs: number[];
  /** VAD speech starts (the caller started a turn). */
  speechStarts: number;
  /** `clear` messages sent (the caller interrupted the bot). */
  clears: number;
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
  /** Pipeline: VAD speech starts over all calls. */
  callerSpeechStarts: number;
  /** Pipeline: `clear` messages sent over all calls. */
  clearsSent: number;
  /** Pipeline: `clear` messages with no speech start before them (expected 0). */
  clearsWithoutSpeechStart: number;
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
  /**
   * Soak: keep `calls` calls open until this many milliseconds after the start, placing a new
   * call (of `durationMs`, shortened to fit) whenever one ends. None: each call runs once.
   */
  replaceCallsUntilMs?: number | undefined;
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

/** Load → parent, in a soak: what happened to the calls placed, and the load's own CPU use. */
export interface SoakLoadFinished {
  type: 'soak-load-finished';
  /** The calls placed and how they went. */
  tally: SoakLoadTally;
  /** CPU time of the load process during the run, in microseconds. */
  cpuMicros: number;
  /** Wall time of the run, in milliseconds. */
  wallMs: number;
}

/** Totals over the calls of a soak, summed from the simulator's reports. */
export interface SoakLoadTally {
  /** Calls placed. */
  placed: number;
  /** Calls whose stream started. */
  connected: number;
  /** Calls that could not connect. */
  failed: number;
  /** Connected calls the bot closed early or that ended on an error. */
  endedEarly: number;
  /** Protocol errors the simulator saw. */
  protocolErrors: number;
  /** Gaps inside bot utterances. */
  underruns: number;
  /** Connection and socket errors, by message. */
  errors: { message: string; count: number }[];
}
