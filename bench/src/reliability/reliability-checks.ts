import type { ReliabilityResults } from './reliability-results.js';

/** Growth of the server's idle memory over the short calls that still counts as flat, in bytes. */
export const MEMORY_FLAT_BOUND_BYTES = 16 * 2 ** 20;
/** Slack on the drain bounds for process start-up, scheduling and the last close, in ms. */
export const DRAIN_SLACK_MS = 3_000;
/**
 * What ending one call the normal way may take after the drain timeout, in ms: the demo's own
 * end-of-call bound (the 1.1 s goodbye, 0.5 s of end silence, one REST hang-up abandoned after
 * its 3 s bound plus the transport's 0.5 s margin, the 0.5 s close, and 1 s), rounded up.
 */
export const END_OF_CALL_ALLOWANCE_MS = 7_000;

/** One verdict of the benchmark. */
export interface ReliabilityCheck {
  /** What must hold. */
  check: string;
  passed: boolean;
  /** The figures behind the verdict. */
  detail: string;
}

function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((total, value) => total + value, 0);
}

/** The verdicts a run's figures support, in report order. */
export function reliabilityChecks(results: ReliabilityResults): ReliabilityCheck[] {
  const checks: ReliabilityCheck[] = [];
  for (const part of results.inProcess) {
    const escapes = part.deserializeEscapes + part.recognizeEscapes + part.detectionEscapes;
    checks.push({
      check: `a. ${part.provider}: no exception escapes deserialize, recognize or detectProvider`,
      passed: escapes === 0,
      detail: `${escapes} of ${part.cases} cases (deserialize ${part.deserializeEscapes}, recognize ${part.recognizeEscapes}, detectProvider ${part.detectionEscapes})`,
    });
  }
  for (const part of results.live) {
    checks.push({
      check: `b. ${part.provider}: the server survives fuzzed traffic and still greets a call`,
      passed: part.serverAlive && part.healthStatus === 200 && part.callAfterwards.greeted,
      detail: `${part.fuzzedMessages} fuzzed messages; alive ${part.serverAlive}, /healthz ${part.healthStatus}, call ${part.callAfterwards.greeted ? 'greeted' : `not greeted (${part.callAfterwards.error ?? ''})`}`,
    });
  }
  const { churn } = results;
  const before = churn.readings.before.metrics;
  const after = churn.readings.afterShort.metrics;
  if (before && after) {
    const started = after.callsStarted - before.callsStarted;
    const ended = sum(after.callsEndedByReason) - sum(before.callsEndedByReason);
    const connected = churn.abrupt.heardTheBot + churn.short.heardTheBot;
    checks.push({
      check:
        'c. every call that connected was counted as started and as ended; none is left active',
      passed:
        started === connected &&
        (Object.keys(after.callsEndedByReason).length === 0 || ended === started) &&
        after.activeCalls === 0 &&
        churn.activeCallsReturnedToZero,
      detail: `${connected} calls connected, ${started} started, ${ended} ended, ${after.activeCalls} active`,
    });
    const afterAbrupt = churn.readings.afterAbrupt.metrics;
    if (afterAbrupt) {
      const remoteCloses =
        (afterAbrupt.callsEndedByReason['remote-close'] ?? 0) -
        (before.callsEndedByReason['remote-close'] ?? 0);
      const abruptStarted = afterAbrupt.callsStarted - before.callsStarted;
      checks.push({
        check:
          'c. each call reset mid-call counts as exactly one remote close (clientDisconnected once)',
        passed: abruptStarted === churn.abrupt.heardTheBot && remoteCloses === abruptStarted,
        detail: `${churn.abrupt.heardTheBot} calls reset mid-call, ${abruptStarted} started, ${remoteCloses} ended as remote-close`,
      });
    }
  }
  const growth =
    churn.readings.afterShort.residentBytes !== undefined &&
    churn.readings.afterAbrupt.residentBytes !== undefined
      ? churn.readings.afterShort.residentBytes - churn.readings.afterAbrupt.residentBytes
      : undefined;
  checks.push({
    check: `c. the server's idle memory stays flat over the short calls (grows less than ${MEMORY_FLAT_BOUND_BYTES / 2 ** 20} MiB)`,
    passed: growth !== undefined && growth < MEMORY_FLAT_BOUND_BYTES,
    detail:
      growth === undefined
        ? 'RSS not readable'
        : `${(growth / 2 ** 20).toFixed(1)} MiB over ${churn.short.heardTheBot} calls`,
  });
  for (const drain of results.drains) {
    const boundMs = drain.drainTimeoutSecs * 1000 + END_OF_CALL_ALLOWANCE_MS + DRAIN_SLACK_MS;
    checks.push({
      check: `d. ${drain.label}: readiness fails, upgrades get 503, every call hears a goodbye and closes 1000, exit 0 within ${(boundMs / 1000).toFixed(1)} s`,
      passed:
        drain.callsConnected === drain.callsRequested &&
        drain.readinessFailedAfterMs !== undefined &&
        drain.livenessWhileDraining === 200 &&
        drain.upgradeWhileDraining === 503 &&
        drain.heardGoodbye === drain.callsConnected &&
        (drain.closeCodes['1000'] ?? 0) === drain.callsConnected &&
        drain.exitCode === 0 &&
        drain.exitedAfterMs !== undefined &&
        drain.exitedAfterMs <= boundMs,
      detail: `${drain.callsConnected}/${drain.callsRequested} calls, /healthz 503 after ${drain.readinessFailedAfterMs?.toFixed(0) ?? 'never'} ms, /livez ${drain.livenessWhileDraining}, upgrade ${drain.upgradeWhileDraining}, goodbye ${drain.heardGoodbye}, close codes ${JSON.stringify(drain.closeCodes)}, exit ${drain.exitCode} after ${drain.exitedAfterMs?.toFixed(0) ?? '—'} ms`,
    });
  }
  return checks;
}
