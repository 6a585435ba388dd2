/**
 * A measuring process of the `pipeline-cost` benchmark:
 * `node --expose-gc pipeline-cost-child.js '<ChildSettings JSON>'`, started with an IPC channel.
 * Imports the packages of the checkout in `treeRoot` by path, then drives N simulated Twilio
 * calls in this process without sockets, three times: the harness alone, the bare echo, our
 * pipeline. Sends one `ChildMessage` back and exits; exits by itself when the benchmark goes away
 * or the run takes far longer than it should.
 */
import { CYCLE_MS } from '../calls/caller-speech.js';
import { listenWithBareEcho } from './bare-echo-listener.js';
import { callerPayloads, MEDIA_FRAME_MS, openingMessages } from './caller-media.js';
import type {
  ChildMessage,
  ChildRunResult,
  ChildSettings,
  PhaseFigures,
  PhaseKind,
  PipelinePhaseFigures,
} from './child-protocol.js';
import { SendTally } from './counting-socket.js';
import { type DrivenCall, drivenCalls } from './driven-call.js';
import { echoBotFactory } from './echo-bot.js';
import { GcTimeline } from './gc-timeline.js';
import { measurePhase } from './measure-phase.js';
import { PipelineTally, startPipelineCall } from './pipeline-call.js';
import { loadTreePackages, type TreePackages } from './tree-packages.js';
import { WindowProfiler } from './window-profiler.js';

const MS_PER_SECOND = 1000;
/** The calls get their opening messages this long after their pipelines started, in ms. */
const PIPELINE_START_MS = 200;
/** The process gives up when it runs this much longer than its phases should take, in ms. */
const DEADLINE_MARGIN_MS = 60_000;

function send(message: ChildMessage, then: () => void): void {
  if (!process.send) throw new Error('pipeline-cost-child must be started with an IPC channel');
  process.send(message, undefined, {}, () => then());
}

/** Heap used after forced collections; none without `--expose-gc`. */
function heapUsedAfterGc(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function referencePhase(
  kind: PhaseKind,
  settings: ChildSettings,
  payloads: readonly string[],
  gc: GcTimeline,
): Promise<PhaseFigures> {
  const tally = new SendTally();
  const calls = drivenCalls(settings.calls, payloads.length, tally);
  if (kind === 'bare') for (const call of calls) listenWithBareEcho(call, payloads[0]!);
  return measurePhase(
    kind,
    {
      calls,
      payloads,
      tally,
      warmupMs: settings.referenceWarmupSecs * MS_PER_SECOND,
      measureMs: settings.referenceSecs * MS_PER_SECOND,
    },
    gc,
  );
}

async function pipelinePhase(
  tree: TreePackages,
  settings: ChildSettings,
  payloads: readonly string[],
  gc: GcTimeline,
): Promise<PipelinePhaseFigures> {
  const heapBefore = heapUsedAfterGc();
  const tally = new SendTally();
  const pipelineTally = new PipelineTally();
  const calls: DrivenCall[] = drivenCalls(settings.calls, payloads.length, tally);
  const callSettings = {
    tree,
    twilio: tree.createTwilio({ env: {} }),
    createBot: echoBotFactory(tree.core),
    audioOut10msChunks: settings.audioOut10msChunks,
    tally: pipelineTally,
  };
  for (const call of calls) startPipelineCall(call, callSettings);
  await pause(PIPELINE_START_MS);
  for (const call of calls)
    for (const message of openingMessages(call.ids)) call.socket.deliver(message);
  const profiler = settings.profilePath === undefined ? undefined : new WindowProfiler();
  let speechStartsBefore = 0;
  const figures = await measurePhase(
    'pipeline',
    {
      calls,
      payloads,
      tally,
      warmupMs: settings.warmupSecs * MS_PER_SECOND,
      measureMs: settings.measureSecs * MS_PER_SECOND,
      onWindowStart: () => {
        speechStartsBefore = pipelineTally.speechStarts;
        profiler?.start();
      },
    },
    gc,
  );
  const speechStarts = pipelineTally.speechStarts - speechStartsBefore;
  if (profiler && settings.profilePath) await profiler.stop(settings.profilePath);
  const heapAfter = heapUsedAfterGc();
  return {
    ...figures,
    heapUsedPerCallBytes:
      heapBefore === undefined || heapAfter === undefined
        ? undefined
        : (heapAfter - heapBefore) / settings.calls,
    speechStarts: tree.core.VADUserStartedSpeakingFrame ? speechStarts : undefined,
    errors: pipelineTally.errors,
  };
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as ChildSettings;
  // the benchmark went away (crashed or interrupted): never outlive it
  process.on('disconnect', () => process.exit(1));
  const phasesMs =
    (2 * (settings.referenceWarmupSecs + settings.referenceSecs) +
      settings.warmupSecs +
      settings.measureSecs) *
    MS_PER_SECOND;
  setTimeout(() => {
    console.error('pipeline-cost-child: deadline passed, exiting');
    process.exit(1);
  }, phasesMs + DEADLINE_MARGIN_MS).unref();

  const tree = await loadTreePackages(settings.treeRoot);
  const payloads = callerPayloads(tree.core.pcmToUlaw);
  if (payloads.length * MEDIA_FRAME_MS !== CYCLE_MS) {
    throw new Error(`the caller cycle is ${payloads.length} frames, not ${CYCLE_MS} ms`);
  }
  const gc = new GcTimeline();
  gc.start();
  const harness = await referencePhase('harness', settings, payloads, gc);
  const bare = await referencePhase('bare', settings, payloads, gc);
  const pipeline = await pipelinePhase(tree, settings, payloads, gc);
  gc.stop();
  const result: ChildRunResult = {
    treeRoot: settings.treeRoot,
    features: {
      interruptionReplay: tree.core.InterruptionFrame !== undefined,
      speechStartCount: tree.core.VADUserStartedSpeakingFrame !== undefined,
    },
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    harness,
    bare,
    pipeline,
  };
  // process.exit ends the calls, which are still running
  send({ type: 'result', result }, () => process.exit(0));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (process.send) send({ type: 'failed', message }, () => process.exit(1));
  else {
    console.error(message);
    process.exit(1);
  }
});
