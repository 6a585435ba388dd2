/**
 * Calls per core: a bare `ws` echo (the machine's limit) and our full pipeline (detectProvider +
 * Twilio serializer + WebSocketTransport + an echo bot paced by the transport, interrupted by
 * callers who barge in) at the same call counts, each server in its own process, loaded by the
 * phone simulator from another process. Checks issue 11's targets and draws the chart against
 * the committed "before" run.
 */
import { join } from 'node:path';
import type { Benchmark } from '../benchmark.js';
import { callsChartSvg } from '../calls/calls-chart.js';
import {
  BEFORE_RESULTS_FILE,
  CHART_FILE,
  readChartableResults,
} from '../calls/calls-chart-files.js';
import {
  callsPerCoreOptionsFromEnvironment,
  expectedRunSecs,
} from '../calls/calls-per-core-options.js';
import {
  type CallsPerCoreResults,
  callsPerCoreMarkdown,
  heardVerdict,
  sentVerdict,
  serverLabel,
} from '../calls/calls-per-core-report.js';
import { evaluateCallsTargets } from '../calls/calls-targets.js';
import { detectCpuPinning } from '../calls/cpu-pinning.js';
import type { ServerSettings } from '../calls/ipc-messages.js';
import { readSoakForTargets } from '../calls/latest-soak.js';
import { type CallsStepResult, runCallsStep } from '../calls/run-calls-step.js';
import type { MachineInfo } from '../support/machine.js';
import { RESULTS_DIRECTORY, resultsDirectory } from '../support/results.js';

/** Pause between steps, so the previous processes' sockets are gone. */
const PAUSE_BETWEEN_STEPS_MS = 1_000;

export const callsPerCore: Benchmark = {
  name: 'calls-per-core',
  description:
    'server CPU, memory and pacing per call: bare ws echo against our full pipeline at the same call counts',
  sources: [
    'packages/transport-core/src',
    'packages/serializer-twilio/src',
    'packages/phone-simulator/src',
    'bench/src/calls',
    'bench/src/support/synthetic-voice.ts',
    'bench/src/benchmarks/calls-per-core.ts',
  ],
  async run(machine: MachineInfo) {
    const options = callsPerCoreOptionsFromEnvironment();
    const pinning = detectCpuPinning();
    console.log(`  ${pinning.reason}`);
    console.log(`  expected to take about ${Math.ceil(expectedRunSecs(options) / 60)} minutes`);
    const steps: CallsStepResult[] = [];
    const servers: ServerSettings[] = [
      { kind: 'bare-echo', audioOut10msChunks: 2, echoBatchMs: 0, vad: false },
      ...options.audioOut10msChunks.map(
        (chunks): ServerSettings => ({
          kind: 'pipeline',
          audioOut10msChunks: chunks,
          audioOutMaxLeadMs: options.audioOutMaxLeadMs,
          echoBatchMs: options.echoBatchMs,
          vad: options.vad,
        }),
      ),
    ];
    for (const calls of options.counts) {
      for (const server of servers) {
        const started = performance.now();
        const step = await runCallsStep({
          server,
          calls,
          durationMs: options.callDurationSecs * 1000,
          rampMs: options.rampSecs * 1000,
          settleMs: options.settleSecs * 1000,
          pinning,
          cpuProfileDirectory: server.kind === 'pipeline' ? options.cpuProfileDirectory : undefined,
          nodeFlags: options.serverNodeFlags,
        });
        steps.push(step);
        const report = step.load.report;
        const heard = heardVerdict(step);
        const sent = sentVerdict(step);
        const clear = step.steady.clearLatencyMs;
        const interruptions = clear
          ? `; interruptions: ${clear.count}, clear p99 ${clear.p99.toFixed(2)} ms`
          : '';
        console.log(
          `  ${String(calls).padStart(4)} calls, ${serverLabel(server)}: CPU ${(step.steady.cpuFraction * 100).toFixed(1)} % (${step.steady.cpuMsPerCallSecond.toFixed(3)} ms/s per call); sent: jitter p99 ${step.steady.sendJitterMs.p99.toFixed(1)} ms, ${step.steady.lateSends} late, ${sent.steady ? 'steady' : 'not steady'}; heard: jitter p99 ${report.outboundJitterMs.p99.toFixed(1)} ms, ${report.underruns.count} underruns, ${heard.steady ? 'steady' : 'not steady'}${interruptions} [${((performance.now() - started) / 1000).toFixed(0)} s]`,
        );
        await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_STEPS_MS));
      }
    }
    const soak = readSoakForTargets(resultsDirectory());
    const targets = evaluateCallsTargets(steps, soak);
    const results: CallsPerCoreResults = { machine, options, pinning, steps, targets };
    const before = readChartableResults(join(RESULTS_DIRECTORY, BEFORE_RESULTS_FILE));
    return {
      markdown: callsPerCoreMarkdown(results),
      json: results,
      extraFiles: { [CHART_FILE]: callsChartSvg(before, results) },
    };
  },
};
