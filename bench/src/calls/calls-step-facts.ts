import type { ServerSettings } from './ipc-messages.js';
import type { CallsStepResult } from './run-calls-step.js';

/** Duration of one bare-echo media message, in milliseconds (the simulator's frame). */
const BARE_ECHO_MESSAGE_MS = 20;

/** How the tables name a server. */
export function serverLabel(server: ServerSettings): string {
  return server.kind === 'bare-echo'
    ? 'bare `ws` echo'
    : `our pipeline, ${server.audioOut10msChunks * 10} ms chunks${server.audioOutMaxLeadMs === undefined ? '' : `, ${server.audioOutMaxLeadMs} ms lead`}`;
}

/** Duration of one outgoing audio message of `step`'s server, in milliseconds. */
export function chunkMsOf(step: CallsStepResult): number {
  return step.server.kind === 'bare-echo'
    ? BARE_ECHO_MESSAGE_MS
    : step.server.audioOut10msChunks * 10;
}

/** The bare echo's step at `calls`, if it ran. */
export function bareEchoAt(
  steps: readonly CallsStepResult[],
  calls: number,
): CallsStepResult | undefined {
  return steps.find((step) => step.calls === calls && step.server.kind === 'bare-echo');
}

/** Our server's CPU per call over the bare echo's at the same count (NaN without one). */
export function cpuRatio(steps: readonly CallsStepResult[], step: CallsStepResult): number {
  const bare = bareEchoAt(steps, step.calls);
  if (!bare || bare.steady.cpuMsPerCallSecond === 0) return Number.NaN;
  return step.steady.cpuMsPerCallSecond / bare.steady.cpuMsPerCallSecond;
}

/** Why `step`'s steady state does not stand for its call count, if it does not. */
export function measurementProblem(step: CallsStepResult): string | undefined {
  if (step.steady.intervals === 0) return 'no steady state';
  if (step.steady.calls < step.calls) {
    return `only ${step.steady.calls} of ${step.calls} calls were open at once`;
  }
  return undefined;
}
