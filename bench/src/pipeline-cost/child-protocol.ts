/**
 * What the benchmark and a measuring process (`pipeline-cost-child.ts`) tell each other: the
 * settings go in as the first argument (JSON), the result comes back over IPC.
 */

/** What a phase runs for every simulated call. */
export type PhaseKind =
  /** The driver alone: the messages are made and handed to a socket nobody listens on. */
  | 'harness'
  /** The bare echo: `JSON.parse` of each message, a prebuilt media message sent back. */
  | 'bare'
  /** Our pipeline: Twilio serializer, `WebSocketTransport` with the energy VAD, echo bot. */
  | 'pipeline';

/** Settings of one measuring process. */
export interface ChildSettings {
  /** Root of the checkout whose `packages/*\/dist` is measured. */
  treeRoot: string;
  calls: number;
  /** Warm-up of the pipeline phase, in seconds. */
  warmupSecs: number;
  /** Measured window of the pipeline phase, in seconds. */
  measureSecs: number;
  /** Warm-up of the harness and bare phases, in seconds. */
  referenceWarmupSecs: number;
  /** Measured window of the harness and bare phases, in seconds. */
  referenceSecs: number;
  /** Output chunk size of the transport, in 10 ms units. */
  audioOut10msChunks: number;
  /** Write a V8 CPU profile of the pipeline phase's measured window to this file. */
  profilePath: string | undefined;
}

/** What one phase measured over its window. */
export interface PhaseFigures {
  kind: PhaseKind;
  calls: number;
  /** Wall time of the measured window, in milliseconds. */
  windowMs: number;
  /** Calls × window seconds. */
  callSecs: number;
  /** Process CPU (user + system, all threads) in the window, in microseconds. */
  cpuMicros: number;
  /** Time in garbage collection in the window (`PerformanceObserver` 'gc' entries), in microseconds. */
  gcMicros: number;
  /** Collections in the window. */
  gcCount: number;
  /** Caller media messages delivered in the window (all calls). */
  mediaDelivered: number;
  /** Media messages the driver skipped because its timer was more than a few frames late (all calls). */
  mediaSkipped: number;
  /** Messages the calls sent back in the window (all calls). */
  messagesSent: number;
  /** Twilio `clear` messages among them. */
  clearsSent: number;
  /** Timer ticks in the window that fired more than one frame (20 ms) late. */
  lateTicks: number;
  /** Latest tick in the window, in milliseconds after it was due. */
  maxTickLatenessMs: number;
  /** Process CPU per second of wall time (all calls), one sample per second of the window, in microseconds. */
  cpuMicrosPerSecondSamples: number[];
}

/** The pipeline phase's figures, with memory and what the calls did. */
export interface PipelinePhaseFigures extends PhaseFigures {
  /** Heap used per call with every call running, after a forced collection, above the heap before the calls; none without `--expose-gc`. */
  heapUsedPerCallBytes: number | undefined;
  /** Caller speech starts the bots saw in the window; none when the tree has no `VADUserStartedSpeakingFrame`. */
  speechStarts: number | undefined;
  /** Pipeline errors (task `error` events and runs that failed), whole phase. */
  errors: number;
}

/** What the tree offered of the optional parts of the harness. */
export interface TreeFeatures {
  /** The tree exports `InterruptionFrame`: the echo bot answers an interruption with its last batches again. */
  interruptionReplay: boolean;
  /** The tree exports `VADUserStartedSpeakingFrame`: speech starts are counted. */
  speechStartCount: boolean;
}

/** Everything one measuring process measured. */
export interface ChildRunResult {
  treeRoot: string;
  features: TreeFeatures;
  /** True when the process could force collections (`--expose-gc`). */
  gcExposed: boolean;
  harness: PhaseFigures;
  bare: PhaseFigures;
  pipeline: PipelinePhaseFigures;
}

/** Messages from a measuring process. */
export type ChildMessage =
  | { type: 'result'; result: ChildRunResult }
  | { type: 'failed'; message: string };
