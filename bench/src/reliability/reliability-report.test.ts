import { describe, expect, it } from 'vitest';
import type { MachineInfo } from '../support/machine.js';
import { reliabilityChecks } from './reliability-checks.js';
import { DEFAULT_RELIABILITY_OPTIONS } from './reliability-options.js';
import { reliabilityMarkdown } from './reliability-report.js';
import type { ReliabilityResults } from './reliability-results.js';
import { summarize } from './statistics.js';

const MEBIBYTE = 2 ** 20;

const machine: MachineInfo = {
  cpuModel: 'Test CPU',
  cores: 2,
  memoryGiB: 4,
  node: 'v20.0.0',
  v8: '11',
  os: 'Linux',
  commit: 'abc123',
  sources: ['bench/src/reliability'],
  dirty: false,
  date: '2026-01-01T00:00:00.000Z',
};

const metrics = (started: number, remoteCloses: number, botEnded: number) => ({
  callsStarted: started,
  callsEndedByReason: { 'remote-close': remoteCloses, ended: botEnded },
  activeCalls: 0,
  failedSetupsByReason: {},
  protocolErrorsByKind: {},
  refusedByReason: {},
});

/** A run where everything held. */
function healthyRun(): ReliabilityResults {
  const round = (calls: number) => ({
    requested: calls,
    heardTheBot: calls,
    failures: {},
    closeCodes: {},
    firstAudioMs: summarize([10, 20, 30]),
    wallMs: 1000,
  });
  return {
    machine,
    options: { ...DEFAULT_RELIABILITY_OPTIONS },
    inProcess: [
      {
        provider: 'twilio',
        cases: 1000,
        seed: 1,
        accepted: 400,
        rejectedByKind: { 'invalid-json': 600 },
        deserializeEscapes: 0,
        recognitions: {},
        recognizeEscapes: 0,
        detections: { 'unknown-protocol': 100 },
        detectionEscapes: 0,
        escapeExamples: [],
        wallMs: 100,
      },
    ],
    live: [
      {
        provider: 'telnyx',
        fuzzedMessages: 10_000,
        validMediaMessages: 1_000,
        invalidUtf8Frames: 3,
        oversizedFrames: 3,
        resets: 4,
        connectionsOpened: 50,
        garbageFirstConnections: 5,
        refusedUpgrades: {},
        serverCloses: { '1007': 3 },
        wallMs: 12_000,
        serverAlive: true,
        healthStatus: 200,
        livenessStatus: 200,
        callAfterwards: { greeted: true, firstAudioMs: 3 },
        metricChanges: {
          callsStarted: 45,
          protocolErrorsByKind: {},
          failedSetupsByReason: {},
          callsEndedByReason: {},
        },
      },
    ],
    churn: {
      abrupt: round(100),
      short: { ...round(200), closeCodes: { '1000': 200 } },
      readings: {
        before: { residentBytes: 60 * MEBIBYTE, metrics: metrics(0, 0, 0) },
        afterAbrupt: { residentBytes: 70 * MEBIBYTE, metrics: metrics(100, 100, 0) },
        afterShort: { residentBytes: 72 * MEBIBYTE, metrics: metrics(300, 150, 150) },
      },
      shortCallMemory: [{ calls: 0, residentBytes: 70 * MEBIBYTE }],
      activeCallsReturnedToZero: true,
    },
    drains: [
      {
        label: 'unsecured',
        drainTimeoutSecs: 3,
        callsRequested: 50,
        callsConnected: 50,
        callFailures: {},
        readinessFailedAfterMs: 12,
        livenessWhileDraining: 200,
        upgradeWhileDraining: 503,
        callClosedAfterMs: summarize([4000, 4100]),
        closeCodes: { '1000': 50 },
        heardGoodbye: 50,
        restHangUps: undefined,
        exitCode: 0,
        exitSignal: null,
        exitedAfterMs: 4200,
        outputTail: '',
      },
    ],
  };
}

describe('reliabilityChecks', () => {
  it('passes every check of a run where everything held', () => {
    const failed = reliabilityChecks(healthyRun()).filter((check) => !check.passed);
    expect(failed).toEqual([]);
  });

  it('fails part a when one exception escaped deserialize', () => {
    const run = healthyRun();
    run.inProcess[0]!.deserializeEscapes = 1;
    const check = reliabilityChecks(run).find((entry) => entry.check.startsWith('a. twilio'));
    expect(check?.passed).toBe(false);
    expect(check?.detail).toContain('1 of 1000 cases');
  });

  it('fails part b when the call afterwards was not greeted', () => {
    const run = healthyRun();
    run.live[0]!.callAfterwards = { greeted: false, error: 'timeout' };
    expect(reliabilityChecks(run).find((entry) => entry.check.startsWith('b.'))?.passed).toBe(
      false,
    );
  });

  it('fails part c when an abrupt disconnect was not counted as one remote close', () => {
    const run = healthyRun();
    run.churn.readings.afterAbrupt.metrics = metrics(100, 99, 0);
    const check = reliabilityChecks(run).find((entry) => entry.check.includes('remote close'));
    expect(check?.passed).toBe(false);
  });

  it('fails part c when idle memory grew by the bound or more over the short calls', () => {
    const run = healthyRun();
    run.churn.readings.afterShort.residentBytes = 86 * MEBIBYTE;
    const check = reliabilityChecks(run).find((entry) => entry.check.includes('memory'));
    expect(check).toMatchObject({ passed: false, detail: '16.0 MiB over 200 calls' });
  });

  it('fails part d when a call closed with another code than 1000 or the exit came late', () => {
    const late = healthyRun();
    late.drains[0]!.exitedAfterMs = 3_000 + 8_000 + 3_001;
    const cut = healthyRun();
    cut.drains[0]!.closeCodes = { '1000': 49, '1006': 1 };
    for (const run of [late, cut]) {
      expect(reliabilityChecks(run).find((entry) => entry.check.startsWith('d.'))?.passed).toBe(
        false,
      );
    }
  });
});

describe('reliabilityMarkdown', () => {
  it('shows the machine, a verdict row per check, and every part', () => {
    const markdown = reliabilityMarkdown(healthyRun());
    expect(markdown).toContain('| commit | `abc123` |');
    expect(markdown.match(/^\| pass \|/gm)).toHaveLength(reliabilityChecks(healthyRun()).length);
    for (const heading of ['## a.', '## b.', '## c.', '## d.']) expect(markdown).toContain(heading);
    expect(markdown).toContain('| unsecured | 50/50 | 3 s | 12 ms | 200 | 503 |');
  });

  it('marks failed checks and quotes the escaped exceptions', () => {
    const run = healthyRun();
    run.inProcess[0]!.deserializeEscapes = 1;
    run.inProcess[0]!.escapeExamples = [
      {
        where: 'twilio deserialize',
        error: 'RangeError: Maximum call stack size exceeded',
        stack: 'at JSON.stringify (<anonymous>)',
        message: 'text (12 characters): "{\\"a\\":[[[]]]}"',
      },
    ];
    const markdown = reliabilityMarkdown(run);
    expect(markdown).toContain('| **FAIL** | a. twilio');
    expect(markdown).toContain('`RangeError: Maximum call stack size exceeded`');
  });
});
