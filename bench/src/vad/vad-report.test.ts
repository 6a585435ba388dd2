import { describe, expect, it } from 'vitest';
import type { MachineInfo } from '../support/machine.js';
import { accuracyRunFixture, cpuFixture } from './accuracy-run-fixture.js';
import { DEFAULT_VAD_OPTIONS } from './vad-options.js';
import { vadMarkdown } from './vad-report.js';
import type { VadResults } from './vad-results.js';
import { vadTargets } from './vad-targets.js';

const machine: MachineInfo = {
  cpuModel: 'Test CPU',
  cores: 2,
  memoryGiB: 4,
  node: 'v20.0.0',
  v8: '11',
  os: 'Linux',
  commit: 'abc123',
  sources: ['bench/src/vad'],
  dirty: false,
  date: '2026-01-01T00:00:00.000Z',
};

function results(overrides: Partial<VadResults> = {}): VadResults {
  const accuracy = [
    accuracyRunFixture('energy-8k-tones-rejected'),
    accuracyRunFixture('silero-8k'),
  ];
  const cpu = [
    cpuFixture('silero-8k-batched', 1, 3.9),
    cpuFixture('silero-8k-batched', 100, 0.71),
    cpuFixture('energy-8k-tones-rejected', 100, 0.05),
  ];
  return {
    machine,
    options: { ...DEFAULT_VAD_OPTIONS },
    corpus: {
      fingerprint: 'f00d',
      directory: '/tmp/corpus',
      reused: true,
      tools: { espeakNg: 'eSpeak NG 1.51', sox: 'SoX v14.4.2' },
      seed: 1,
      line: 'μ-law',
      voices: ['en-us', 'en-gb'],
      conditions: ['clean', 'white 5 dB'],
      distractors: ['dtmf', 'ringback'],
      speechScenes: 4,
      speechMinutes: 3,
      utterances: 26,
      utterancesByKind: { word: 12, phrase: 6, sentence: 8 },
      distractorScenes: 2,
      distractorMinutes: 1,
      sameAsCommittedManifest: true,
    },
    thresholds: {
      'engine defaults': { confidence: 0.7, startSecs: 0.2, stopSecs: 0.2, minVolume: 0.6 },
      'echo bot': { confidence: 0.7, startSecs: 0.2, stopSecs: 0.6, minVolume: 0.6 },
    },
    toneRejectionInCore: true,
    unavailable: [],
    accuracy,
    cpu,
    targets: vadTargets(accuracy, cpu),
    wallSecs: 10,
    ...overrides,
  };
}

describe('vadMarkdown', () => {
  it('opens with the verdict count and the machine, then the targets with FAIL in bold', () => {
    const markdown = vadMarkdown(results());
    expect(markdown).toContain('**');
    expect(markdown).toMatch(/Issue 9's targets: \*\*\d+ pass, \d+ fail, \d+ not run\*\*/);
    expect(markdown).toContain('| CPU | Test CPU |');
    expect(markdown.indexOf('## Targets')).toBeLessThan(markdown.indexOf('## CPU per call-second'));
  });

  it('has a CPU table with one column per call count and the distance to the CPU target', () => {
    const markdown = vadMarkdown(results());
    expect(markdown).toContain('| engine | 1 call | 100 calls |');
    expect(markdown).toContain('| silero-8k-batched | 3.900 (0.00 cores) | 0.710 (0.07 cores) |');
    expect(markdown).toContain('**met**, 0.710 ms (0.0900 ms to spare)');
  });

  it('has a table per engine with a row per condition, distractor and pool', () => {
    const markdown = vadMarkdown(results());
    expect(markdown).toContain('### silero-8k — engine defaults');
    expect(markdown).toContain(
      '| white 5 dB | 78 | 0 (0.0 %) | 0 of 36 | 0.00 | 0.25 / 0.30 | 0.25 / 0.35 | 0 |',
    );
    expect(markdown).toContain('| ringback | — | — | — | 0.00 (0 in 0.5 min) | — | — | — |');
    expect(markdown).toContain('| **all distractors** |');
  });

  it('lists missed utterances by text, most often first, with their voices', () => {
    const run = accuracyRunFixture('silero-8k', {
      missedExamples: [
        {
          scene: 's1',
          voice: 'en+m3',
          condition: 'clean',
          text: 'no',
          startSecs: 1,
          speakingAtOnset: false,
        },
        {
          scene: 's2',
          voice: 'en+m3',
          condition: 'white 5 dB',
          text: 'no',
          startSecs: 1,
          speakingAtOnset: false,
        },
        {
          scene: 's3',
          voice: 'en-us',
          condition: 'clean',
          text: 'yes',
          startSecs: 2,
          speakingAtOnset: false,
        },
        {
          scene: 's4',
          voice: 'en-gb',
          condition: 'clean',
          text: 'no',
          startSecs: 1,
          speakingAtOnset: false,
        },
      ],
    });
    const markdown = vadMarkdown(results({ accuracy: [run] }));
    expect(markdown).toContain('"no" 3× (en+m3 2, en-gb 1); "yes" 1× (en-us 1)');
  });

  it('says which engines did not run and when tone rejection is missing from core', () => {
    const markdown = vadMarkdown(
      results({
        unavailable: [{ family: 'silero', reason: 'not built' }],
        toneRejectionInCore: false,
      }),
    );
    expect(markdown).toContain('- silero: not built');
    expect(markdown).toContain('no `rejectTelephonyTones`');
  });
});
