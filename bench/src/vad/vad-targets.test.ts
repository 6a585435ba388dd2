import { describe, expect, it } from 'vitest';
import { accuracyRunFixture, conditionFixture, cpuFixture } from './accuracy-run-fixture.js';
import { vadTargets } from './vad-targets.js';

const healthy = () => [
  accuracyRunFixture('energy-8k-tones-rejected'),
  accuracyRunFixture('silero-8k'),
  accuracyRunFixture('silero-8k-model-alone'),
];

function find(checks: ReturnType<typeof vadTargets>, text: string) {
  const check = checks.find((entry) => entry.target.includes(text));
  if (!check) throw new Error(`no target containing "${text}"`);
  return check;
}

describe('vadTargets', () => {
  it('passes every target of a run where everything held', () => {
    const checks = vadTargets(healthy(), [cpuFixture('silero-8k-batched', 100, 0.5)]);
    expect(checks.filter((check) => check.verdict !== 'pass')).toEqual([]);
    expect(checks).toHaveLength(7);
  });

  it('fails the Silero distractor target on one false start and names the distractor', () => {
    const runs = healthy();
    runs[1]!.conditions[3] = conditionFixture({
      condition: 'ringback',
      kind: 'distractor',
      falseStarts: 1,
    });
    const check = find(vadTargets(runs, []), '0 false starts');
    expect(check).toMatchObject({ verdict: 'FAIL', measured: 'ringback: 1' });
  });

  it('fails when the shipped Silero misses more than the model alone', () => {
    const runs = healthy();
    runs[1]!.speech = conditionFixture({
      condition: 'all speech',
      kind: 'speech',
      missed: 3,
      missedFraction: 3 / 78,
    });
    runs[2]!.speech = conditionFixture({
      condition: 'all speech',
      kind: 'speech',
      missed: 2,
      missedFraction: 2 / 78,
    });
    expect(find(vadTargets(runs, []), 'model alone').verdict).toBe('FAIL');
  });

  it('counts the energy engine’s distractor false starts per 6 minutes', () => {
    const runs = healthy();
    runs[0]!.distractors = conditionFixture({
      condition: 'all distractors',
      kind: 'distractor',
      minutes: 7.5,
      falseStarts: 2,
      falseStartsPerMinute: 2 / 7.5,
    });
    const check = find(vadTargets(runs, []), '6 minutes');
    expect(check).toMatchObject({ verdict: 'FAIL', measured: '2 in 7.5 min = 1.60 per 6 min' });
  });

  it('fails the energy white-noise target when the start delay is not better than 0.8 s', () => {
    const runs = healthy();
    runs[0]!.conditions[1] = conditionFixture({
      condition: 'white 5 dB',
      kind: 'speech',
      startDelaySecs: { count: 70, p50: 0.8, p90: 1.1 },
    });
    expect(find(vadTargets(runs, []), 'white noise 5 dB').verdict).toBe('FAIL');
  });

  it('shows how far the CPU target is missed', () => {
    const check = find(
      vadTargets(healthy(), [
        cpuFixture('silero-8k-batched', 100, 1.2),
        cpuFixture('silero-8k-unbatched', 100, 3.8),
      ]),
      'CPU',
    );
    expect(check.verdict).toBe('FAIL');
    expect(check.measured).toBe('1.200 ms, 0.400 ms over (×1.50); unbatched 3.800 ms');
  });

  it('reports targets of engines that did not run as not run', () => {
    const checks = vadTargets([accuracyRunFixture('energy-8k-tones-rejected')], []);
    expect(find(checks, '0 false starts').verdict).toBe('not run');
    expect(find(checks, 'CPU').verdict).toBe('not run');
    expect(find(checks, 'misses ≤ 15 %').verdict).toBe('pass');
  });

  it('checks each set of thresholds separately', () => {
    const runs = [
      ...healthy(),
      ...healthy().map((run) => ({ ...run, thresholds: 'echo bot' as const })),
    ];
    const checks = vadTargets(runs, []);
    expect(
      checks
        .filter((check) => check.target.includes('0 false starts'))
        .map((check) => check.thresholds),
    ).toEqual(['engine defaults', 'echo bot']);
  });
});
