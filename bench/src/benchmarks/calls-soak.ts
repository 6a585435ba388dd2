/**
 * Calls soak (opt-in: `CALLS_SOAK_MINUTES`): our pipeline server under a level number of calls,
 * each replaced when it ends, for many minutes; is its memory flat?
 */
import type { Benchmark } from '../benchmark.js';
import { callsPerCoreOptionsFromEnvironment } from '../calls/calls-per-core-options.js';
import {
  callsSoakOptionsFromEnvironment,
  SOAK_ENABLING_VARIABLE,
} from '../calls/calls-soak-options.js';
import {
  type CallsSoakResults,
  callsSoakMarkdown,
  soakVerdict,
} from '../calls/calls-soak-report.js';
import { detectCpuPinning } from '../calls/cpu-pinning.js';
import type { ServerSettings } from '../calls/ipc-messages.js';
import { runCallsSoak } from '../calls/run-calls-soak.js';
import type { MachineInfo } from '../support/machine.js';

/** The soak runs our pipeline with 20 ms chunks, the pacing target. */
const SOAK_OUT_10MS_CHUNKS = 2;

export const callsSoak: Benchmark = {
  name: 'calls-soak',
  description: 'memory of our pipeline server over a long run at a level call count (opt-in)',
  sources: [
    'packages/transport-core/src',
    'packages/serializer-twilio/src',
    'packages/phone-simulator/src',
    'bench/src/calls',
    'bench/src/support/synthetic-voice.ts',
    'bench/src/benchmarks/calls-soak.ts',
  ],
  enabledBy: SOAK_ENABLING_VARIABLE,
  async run(machine: MachineInfo) {
    const options = callsSoakOptionsFromEnvironment();
    if (!options) throw new Error(`set ${SOAK_ENABLING_VARIABLE} to run the soak`);
    // the same pipeline as calls-per-core: its VAD, echo batch and lead settings apply here too
    const pipeline = callsPerCoreOptionsFromEnvironment();
    const server: ServerSettings = {
      kind: 'pipeline',
      audioOut10msChunks: SOAK_OUT_10MS_CHUNKS,
      audioOutMaxLeadMs: pipeline.audioOutMaxLeadMs,
      echoBatchMs: pipeline.echoBatchMs,
      vad: pipeline.vad,
    };
    const pinning = detectCpuPinning();
    console.log(`  ${pinning.reason}`);
    console.log(
      `  ${options.calls} calls of ${options.callSecs} s, replaced as they end, for ${options.minutes} min`,
    );
    const run = await runCallsSoak(options, server, pinning);
    const results: CallsSoakResults = { machine, ...run };
    console.log(
      `  RSS ${run.trend.rss.slopeKiBPerMinute.toFixed(1)} KiB/min (${(run.trend.rss.growthPer10Minutes * 100).toFixed(2)} % per 10 min): ${soakVerdict(run)}`,
    );
    return { markdown: callsSoakMarkdown(results), json: results };
  },
};
