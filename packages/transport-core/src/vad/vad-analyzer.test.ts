import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWav, pcmToUlaw, ulawToPcm } from '../audio/index.js';
import { EnergyVADAnalyzer } from './energy-vad-analyzer.js';
import type { TelephonyToneKind } from './tones/telephony-tone.js';
import { type VADAnalysis, VADAnalyzer, type VADTransition } from './vad-analyzer.js';
import type { VADParams } from './vad-params.js';

/** 10 ms windows at 8 kHz; the confidence of a window is its first sample / 1000. */
class ScriptedVAD extends VADAnalyzer {
  readonly seen: number[] = [];
  asynchronous = false;
  protected override supportsSampleRate(sampleRate: number): boolean {
    return sampleRate === 8000;
  }
  protected override windowSamplesFor(sampleRate: number): number {
    return sampleRate / 100;
  }
  protected override voiceConfidence(window: Int16Array): number | Promise<number> {
    const confidence = window[0]! / 1000;
    this.seen.push(confidence);
    return this.asynchronous ? Promise.resolve(confidence) : confidence;
  }
}

const WINDOW = 80;
/** A loud window (about −10 dBFS, volume 1) whose confidence is `confidence`. */
function window(confidence: number): Int16Array {
  const samples = new Int16Array(WINDOW).fill(10_000);
  samples[0] = Math.round(confidence * 1000);
  return samples;
}
function windows(count: number, confidence: number): Int16Array[] {
  return Array.from({ length: count }, () => window(confidence));
}
function joined(parts: Int16Array[]): Int16Array {
  const result = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/** startSecs 0.05 and stopSecs 0.03 are 5 and 3 windows of 10 ms. */
function scriptedVAD(): ScriptedVAD {
  const vad = new ScriptedVAD({ startSecs: 0.05, stopSecs: 0.03 });
  vad.setSampleRate(8000);
  return vad;
}

async function feedOneByOne(vad: VADAnalyzer, parts: Int16Array[]) {
  const log: { index: number; state: string; transitions: readonly VADTransition[] }[] = [];
  for (const [index, part] of parts.entries()) {
    const analysis = await vad.analyzeAudio(part);
    log.push({ index, state: analysis.state, transitions: analysis.transitions });
  }
  return log;
}

describe('VADAnalyzer state machine', () => {
  it('confirms speech after startSecs of speech windows, not before', async () => {
    const log = await feedOneByOne(scriptedVAD(), windows(6, 0.9));
    expect(log.map((entry) => entry.state)).toEqual([
      'starting',
      'starting',
      'starting',
      'starting',
      'speaking',
      'speaking',
    ]);
    expect(log[4]!.transitions).toEqual(['started']);
    expect(log.flatMap((entry) => entry.transitions)).toEqual(['started']);
  });

  it('falls back to quiet when one window in starting is not speech', async () => {
    const vad = scriptedVAD();
    const log = await feedOneByOne(vad, [...windows(4, 0.9), window(0.1), ...windows(4, 0.9)]);
    expect(log.flatMap((entry) => entry.transitions)).toEqual([]);
    expect(vad.state).toBe('starting');
  });

  it('confirms the stop after stopSecs of non-speech, and a short dip does not stop speech', async () => {
    const vad = scriptedVAD();
    await feedOneByOne(vad, windows(5, 0.9));
    const dip = await feedOneByOne(vad, [...windows(2, 0.1), window(0.9)]);
    expect(dip.map((entry) => entry.state)).toEqual(['stopping', 'stopping', 'speaking']);
    const stop = await feedOneByOne(vad, windows(3, 0.1));
    expect(stop.map((entry) => entry.state)).toEqual(['stopping', 'stopping', 'quiet']);
    expect(stop[2]!.transitions).toEqual(['stopped']);
  });

  it('checks promotions after every window, so one large batch reports start and stop in order', async () => {
    const vad = scriptedVAD();
    const analysis = await vad.analyzeAudio(
      joined([...windows(6, 0.9), ...windows(4, 0.1), ...windows(5, 0.9), window(0.9)]),
    );
    expect(analysis.transitions).toEqual(['started', 'stopped', 'started']);
    expect(analysis.state).toBe('speaking');
  });

  it('counts speech from the very first window (no volume warm-up)', async () => {
    const log = await feedOneByOne(scriptedVAD(), windows(5, 0.9));
    expect(log[4]!.transitions).toEqual(['started']);
  });

  it('does not count confident windows quieter than minVolume', async () => {
    const vad = scriptedVAD();
    const quiet = (confidence: number) => {
      const samples = new Int16Array(WINDOW).fill(3); // about −81 dBFS: volume 0.29
      samples[0] = Math.round(confidence * 1000);
      return samples;
    };
    const log = await feedOneByOne(
      vad,
      Array.from({ length: 8 }, () => quiet(0.9)),
    );
    expect(log.every((entry) => entry.state === 'quiet')).toBe(true);
  });

  it('keeps a falling volume above minVolume through a short dip', async () => {
    const vad = scriptedVAD();
    await feedOneByOne(vad, windows(5, 0.9));
    expect(vad.volume).toBeGreaterThan(0.99);
    const silence = new Int16Array(WINDOW);
    silence[0] = 900;
    await vad.analyzeAudio(silence);
    expect(vad.volume).toBeGreaterThan(0.6);
  });

  it('joins partial windows across calls and analyses each window once', async () => {
    const vad = scriptedVAD();
    const audio = joined(windows(3, 0.9));
    await vad.analyzeAudio(audio.subarray(0, 50));
    await vad.analyzeAudio(audio.subarray(50, 170));
    await vad.analyzeAudio(audio.subarray(170));
    expect(vad.seen).toEqual([0.9, 0.9, 0.9]);
  });

  it('awaits asynchronous engines in window order', async () => {
    const vad = scriptedVAD();
    vad.asynchronous = true;
    const analysis = await vad.analyzeAudio(joined(windows(5, 0.9)));
    expect(analysis.transitions).toEqual(['started']);
    expect(vad.seen).toHaveLength(5);
  });

  it('answers without a promise when the engine does, and with one once the engine needs it', async () => {
    const vad = scriptedVAD();
    const now = vad.analyze(joined(windows(5, 0.9)));
    expect(now).not.toBeInstanceOf(Promise);
    expect((now as VADAnalysis).transitions).toEqual(['started']);
    vad.asynchronous = true;
    const later = vad.analyze(joined(windows(5, 0.1)));
    expect(later).toBeInstanceOf(Promise);
    expect(() => vad.analyze(window(0.1))).toThrow(/previous call is still running/);
    await expect(later).resolves.toEqual({ state: 'quiet', transitions: ['stopped'] });
    vad.asynchronous = false;
    expect(vad.analyze(window(0.1))).not.toBeInstanceOf(Promise);
  });

  it('frees itself when the engine fails, synchronously or not', async () => {
    const failing = new (class extends ScriptedVAD {
      fail: 'throw' | 'reject' = 'throw';
      protected override voiceConfidence(): number | Promise<number> {
        if (this.fail === 'throw') throw new Error('engine broke');
        return Promise.reject(new Error('engine broke later'));
      }
    })();
    failing.setSampleRate(8000);
    expect(() => failing.analyze(window(0.9))).toThrow('engine broke');
    failing.fail = 'reject';
    await expect(failing.analyzeAudio(window(0.9))).rejects.toThrow('engine broke later');
    failing.fail = 'throw';
    expect(() => failing.analyze(window(0.9))).toThrow('engine broke');
  });

  it('refuses a second call while the first is still running', async () => {
    const vad = scriptedVAD();
    vad.asynchronous = true;
    const first = vad.analyzeAudio(joined(windows(2, 0.9)));
    await expect(vad.analyzeAudio(window(0.9))).rejects.toThrow(/previous call is still running/);
    await first;
  });

  it('keeps the state when params change mid-speech', async () => {
    const vad = scriptedVAD();
    await feedOneByOne(vad, windows(5, 0.9));
    vad.setParams({ stopSecs: 0.05 });
    expect(vad.state).toBe('speaking');
    const log = await feedOneByOne(vad, windows(5, 0.1));
    expect(log.map((entry) => entry.transitions.length)).toEqual([0, 0, 0, 0, 1]);
  });

  it('names the bad value when params or rates are wrong', () => {
    expect(() => new ScriptedVAD({ confidence: 1.5 })).toThrow(/confidence.*1\.5/);
    expect(() => new ScriptedVAD({ stopSecs: -1 })).toThrow(/stopSecs.*-1/);
    expect(() => new ScriptedVAD().setSampleRate(16_000)).toThrow(/16000 Hz/);
  });

  it('names the common rates it supports when asked for a rate it cannot analyse, such as 22050 Hz', () => {
    expect(() => new ScriptedVAD().setSampleRate(22_050)).toThrow(
      'ScriptedVAD does not support a sample rate of 22050 Hz; it supports 8000 Hz',
    );
    expect(() => new EnergyVADAnalyzer().setSampleRate(22_050)).toThrow(
      'EnergyVADAnalyzer does not support a sample rate of 22050 Hz; it supports 8000, 12000, 16000, 24000, 32000, 48000 Hz',
    );
    expect(new EnergyVADAnalyzer().supportedCommonSampleRates()).toEqual([
      8000, 12_000, 16_000, 24_000, 32_000, 48_000,
    ]);
  });

  it('asks for a sample rate before analysing', async () => {
    await expect(new ScriptedVAD().analyzeAudio(window(0.9))).rejects.toThrow(/setSampleRate/);
  });

  it('forgets state on reset and on a sample rate change', async () => {
    const vad = scriptedVAD();
    await feedOneByOne(vad, windows(5, 0.9));
    vad.reset();
    expect(vad.state).toBe('quiet');
    expect(vad.volume).toBe(0);
  });
});

/** Level above which `CredulousVAD` takes any sound for speech, in dBFS. */
const CREDULOUS_LEVEL_DBFS = -45;

/**
 * An engine that takes any sound louder than −45 dBFS for speech (confidence 0.9), at 8 or 16 kHz
 * in windows of `windowMs`; it records the tone the base reports for each window it is shown.
 */
class CredulousVAD extends VADAnalyzer {
  readonly tonesSeen: (TelephonyToneKind | undefined)[] = [];
  resets = 0;
  constructor(
    params: Partial<VADParams> = {},
    readonly windowMs = 32,
  ) {
    super(params);
  }
  protected override supportsSampleRate(sampleRate: number): boolean {
    return sampleRate === 8000 || sampleRate === 16_000;
  }
  protected override windowSamplesFor(sampleRate: number): number {
    return (sampleRate * this.windowMs) / 1000;
  }
  protected override voiceConfidence(_window: Int16Array, levelDbfs: number): number {
    this.tonesSeen.push(this.telephonyToneInWindow()?.kind);
    return levelDbfs > CREDULOUS_LEVEL_DBFS ? 0.9 : 0;
  }
  protected override resetEngine(): void {
    this.resets++;
  }
}

function fixture(name: string): Int16Array {
  return parseWav(readFileSync(new URL(`./__fixtures__/${name}.wav`, import.meta.url))).audio;
}

/** Feeds `audio` in 20 ms frames and collects every transition. */
async function transitionsOf(vad: VADAnalyzer, audio: Int16Array): Promise<VADTransition[]> {
  const frame = vad.sampleRate / 50;
  const transitions: VADTransition[] = [];
  for (let offset = 0; offset < audio.length; offset += frame) {
    transitions.push(
      ...(await vad.analyzeAudio(audio.subarray(offset, offset + frame))).transitions,
    );
  }
  return transitions;
}

/** UK ringback (400 + 450 Hz, −19 dBm0 each) for `seconds`, through μ-law, after 0.2 s of quiet. */
function ukRingback(seconds: number): Int16Array {
  const quiet = 1600;
  const audio = new Int16Array(quiet + seconds * 8000);
  for (let index = quiet; index < audio.length; index++) {
    const time = index / 8000;
    audio[index] = Math.round(
      3600 * (Math.sin(2 * Math.PI * 400 * time) + Math.sin(2 * Math.PI * 450 * time + 1)),
    );
  }
  return ulawToPcm(pcmToUlaw(audio));
}

describe('VADAnalyzer and telephony tones', () => {
  for (const name of ['dtmf-8k', 'ringback-8k', 'busy-8k', 'sit-8k', 'cng-8k', 'ced-8k']) {
    it(`never counts the tones of ${name} as speech, even when the engine does`, async () => {
      const vad = new CredulousVAD();
      vad.setSampleRate(8000);
      expect(await transitionsOf(vad, fixture(name))).toEqual([]);
    });
  }

  it('counts the same tones as speech when rejectTelephonyTones is off', async () => {
    const vad = new CredulousVAD({ rejectTelephonyTones: false });
    vad.setSampleRate(8000);
    expect(await transitionsOf(vad, fixture('ringback-8k'))).toEqual(['started', 'stopped']);
    expect(vad.tonesSeen.every((kind) => kind === undefined)).toBe(true);
  });

  it('can turn tone rejection off and on again with setParams', async () => {
    const vad = new CredulousVAD();
    vad.setSampleRate(8000);
    vad.setParams({ rejectTelephonyTones: false });
    expect(await transitionsOf(vad, fixture('busy-8k'))).toContain('started');
    vad.reset();
    vad.setParams({ rejectTelephonyTones: true });
    expect(await transitionsOf(vad, fixture('busy-8k'))).toEqual([]);
  });

  it('still counts speech that overlaps a keypad tone', async () => {
    const vad = new CredulousVAD();
    vad.setSampleRate(8000);
    expect(await transitionsOf(vad, fixture('yes-over-dtmf-8k'))).toEqual(['started', 'stopped']);
    expect(vad.tonesSeen).toContain('dtmf');
  });

  it('shows the engine every window in order, tone or not', async () => {
    const vad = new CredulousVAD();
    vad.setSampleRate(8000);
    const audio = fixture('dtmf-8k');
    await transitionsOf(vad, audio);
    expect(vad.tonesSeen).toHaveLength(Math.floor(audio.length / 256));
    expect(vad.tonesSeen.filter((kind) => kind === 'dtmf').length).toBeGreaterThan(20);
  });

  it('recognises two-frequency tones in 10 ms windows by measuring over the last 32 ms', async () => {
    const vad = new CredulousVAD({}, 10);
    vad.setSampleRate(8000);
    expect(await transitionsOf(vad, ukRingback(2))).toEqual([]);
    const ringing = vad.tonesSeen.slice(25); // after the quiet and the first 32 ms of tone
    expect(ringing.every((kind) => kind === 'ringback')).toBe(true);
  });

  it('recognises tones at 16 kHz', async () => {
    const vad = new CredulousVAD();
    vad.setSampleRate(16_000);
    const ringback = ukRingback(1);
    const at16k = new Int16Array(ringback.length * 2);
    ringback.forEach((sample, index) => {
      at16k[2 * index] = sample;
      at16k[2 * index + 1] = sample;
    });
    expect(await transitionsOf(vad, at16k)).toEqual([]);
    expect(vad.tonesSeen).toContain('ringback');
  });

  it('tells which sample rates the engine can analyse', () => {
    const vad = new CredulousVAD();
    expect(vad.canAnalyzeSampleRate(8000)).toBe(true);
    expect(vad.canAnalyzeSampleRate(16_000)).toBe(true);
    expect(vad.canAnalyzeSampleRate(24_000)).toBe(false);
    expect(vad.canAnalyzeSampleRate(8000.5)).toBe(false);
    expect(vad.canAnalyzeSampleRate(0)).toBe(false);
  });

  it('forgets its state and the engine state on a sample rate change', async () => {
    const vad = new CredulousVAD();
    vad.setSampleRate(8000);
    await vad.analyzeAudio(fixture('sentence-8k').subarray(1600, 12_000));
    expect(vad.state).toBe('speaking');
    const resetsBefore = vad.resets;
    vad.setSampleRate(16_000);
    expect(vad.state).toBe('quiet');
    expect(vad.volume).toBe(0);
    expect(vad.resets).toBe(resetsBefore + 1);
    vad.setSampleRate(16_000);
    expect(vad.resets).toBe(resetsBefore + 1);
  });

  it('refuses a rejectTelephonyTones that is not true or false', () => {
    expect(() => new CredulousVAD({ rejectTelephonyTones: 'yes' as unknown as boolean })).toThrow(
      /rejectTelephonyTones.*yes/,
    );
    expect(new CredulousVAD().params.rejectTelephonyTones).toBe(true);
  });
});
