/**
 * G.711 and resampling throughput of @x/transport-core against alawmulaw, two WASM resamplers and
 * a plain copy loop, measured in one run on 20 ms frames as a call would see them; plus the
 * resamplers' measured quality.
 */

import { alawToPcm, pcmToAlaw, pcmToUlaw, ulawToPcm } from '@x/transport-core';
import alawmulaw from 'alawmulaw';
import type { Benchmark } from '../benchmark.js';
import { libsamplerateResampler } from '../resamplers/libsamplerate.js';
import { copyLoop, oursResampler } from '../resamplers/ours.js';
import {
  concatInt16,
  type ResamplerUnderTest,
  type StreamingResampler,
} from '../resamplers/resampler-under-test.js';
import { speexResampler } from '../resamplers/speex.js';
import { type MachineInfo, machineMarkdown } from '../support/machine.js';
import { markdownTable } from '../support/results.js';
import { bestLag, rms, sine, snrDb, speechLike } from '../support/signals.js';
import { type TimingSummary, timeInterleaved } from '../support/timing.js';

const { alaw, mulaw } = alawmulaw;

const FRAME_MS = 20;
const CODEC_RATE = 8000;
const CODEC_SECONDS = 200;
const CODEC_RUNS = { runs: 31, warmupRuns: 5 };
const RESAMPLE_SECONDS = 10;
const RESAMPLE_RUNS = { runs: 15, warmupRuns: 2 };
const ALIAS_SWEEP_FROM_HZ = 4025;
const ALIAS_SWEEP_STEP_HZ = 50;
const RESAMPLE_PAIRS: ReadonlyArray<readonly [number, number]> = [
  [8000, 16000],
  [16000, 8000],
  [8000, 24000],
  [24000, 8000],
  [24000, 16000],
  [48000, 8000],
  [44100, 16000],
];
const RESAMPLERS: ResamplerUnderTest[] = [
  oursResampler('wasm-simd'),
  oursResampler('javascript'),
  speexResampler(3),
  speexResampler(5),
  speexResampler(7),
  libsamplerateResampler(2, 'SINC_FASTEST'),
  libsamplerateResampler(1, 'SINC_MEDIUM_QUALITY'),
  copyLoop,
];

function frames<T extends Int16Array | Uint8Array>(signal: T, frameLength: number): T[] {
  const result: T[] = [];
  for (let offset = 0; offset < signal.length; offset += frameLength) {
    result.push(signal.subarray(offset, offset + frameLength) as T);
  }
  return result;
}

function copyBytesToSamples(bytes: Uint8Array): Int16Array {
  const output = new Int16Array(bytes.length);
  for (let index = 0; index < bytes.length; index++) output[index] = bytes[index]!;
  return output;
}

function copySamplesToBytes(samples: Int16Array): Uint8Array {
  const output = new Uint8Array(samples.length);
  for (let index = 0; index < samples.length; index++) output[index] = samples[index]!;
  return output;
}

interface CodecRow {
  operation: string;
  implementation: string;
  samplesPerSecond: number;
  timing: TimingSummary;
}

function measureCodecs(): CodecRow[] {
  const pcm = speechLike(CODEC_RATE, CODEC_SECONDS);
  const frameLength = (CODEC_RATE * FRAME_MS) / 1000;
  const pcmFrames = frames(pcm, frameLength);
  const ulawFrames = frames(pcmToUlaw(pcm), frameLength);
  const alawFrames = frames(pcmToAlaw(pcm), frameLength);
  const operations: Array<[string, string, () => unknown]> = [];
  const decoders: Array<[string, Uint8Array[], Array<[string, (b: Uint8Array) => Int16Array]>]> = [
    [
      'μ-law decode',
      ulawFrames,
      [
        ['@x/transport-core', ulawToPcm],
        ['alawmulaw', mulaw.decode],
        ['plain copy loop', copyBytesToSamples],
      ],
    ],
    [
      'A-law decode',
      alawFrames,
      [
        ['@x/transport-core', alawToPcm],
        ['alawmulaw', alaw.decode],
        ['plain copy loop', copyBytesToSamples],
      ],
    ],
  ];
  const encoders: Array<[string, Array<[string, (p: Int16Array) => Uint8Array]>]> = [
    [
      'μ-law encode',
      [
        ['@x/transport-core', pcmToUlaw],
        ['alawmulaw', mulaw.encode],
        ['plain copy loop', copySamplesToBytes],
      ],
    ],
    [
      'A-law encode',
      [
        ['@x/transport-core', pcmToAlaw],
        ['alawmulaw', alaw.encode],
        ['plain copy loop', copySamplesToBytes],
      ],
    ],
  ];
  for (const [operation, input, implementations] of decoders) {
    for (const [implementation, decode] of implementations) {
      operations.push([operation, implementation, () => input.map((frame) => decode(frame))]);
    }
  }
  for (const [operation, implementations] of encoders) {
    for (const [implementation, encode] of implementations) {
      operations.push([operation, implementation, () => pcmFrames.map((frame) => encode(frame))]);
    }
  }
  // Each operation's implementations are timed in interleaved rounds, one operation at a time.
  const rows: CodecRow[] = [];
  for (const operation of new Set(operations.map(([name]) => name))) {
    const group = operations.filter(([name]) => name === operation);
    const timings = timeInterleaved(
      group.map(([, , work]) => work),
      CODEC_RUNS,
    );
    group.forEach(([, implementation], index) => {
      const timing = timings[index]!;
      rows.push({
        operation,
        implementation,
        samplesPerSecond: pcm.length / (timing.medianCpuMs / 1000),
        timing,
      });
    });
  }
  return rows;
}

interface ResampleRow {
  pair: string;
  implementation: string;
  inputSamplesPerSecond: number;
  cpuMsPerAudioSecond: number;
  streamsPerCore: number;
  timing: TimingSummary;
}

function runStream(resampler: StreamingResampler, chunks: Int16Array[]): number {
  let produced = 0;
  for (const chunk of chunks) produced += resampler.process(chunk).length;
  return produced + resampler.flush().length;
}

async function measureResampling(): Promise<ResampleRow[]> {
  const rows: ResampleRow[] = [];
  for (const [inputRate, outputRate] of RESAMPLE_PAIRS) {
    const input = speechLike(inputRate, RESAMPLE_SECONDS);
    const chunks = frames(input, (inputRate * FRAME_MS) / 1000);
    const resamplers = await Promise.all(
      RESAMPLERS.map((implementation) => implementation.create(inputRate, outputRate)),
    );
    const timings = timeInterleaved(
      resamplers.map((resampler) => () => runStream(resampler, chunks)),
      RESAMPLE_RUNS,
    );
    RESAMPLERS.forEach((implementation, index) => {
      resamplers[index]!.dispose();
      const timing = timings[index]!;
      const cpuMsPerAudioSecond = timing.medianCpuMs / RESAMPLE_SECONDS;
      rows.push({
        pair: `${inputRate} → ${outputRate}`,
        implementation: implementation.name,
        inputSamplesPerSecond: input.length / (timing.medianCpuMs / 1000),
        cpuMsPerAudioSecond,
        streamsPerCore: 1000 / cpuMsPerAudioSecond,
        timing,
      });
    });
  }
  return rows;
}

interface QualityRow {
  implementation: string;
  roundTripSnrDb: number;
  roundTripSnrAt3000Db: number;
  attenuation16kTo8kAt4500Db: number;
  attenuation48kTo8kAt5000Db: number;
  worstAlias16kTo8kDb: number;
  worstAliasToneHz: number;
  gain16kTo8kAt3400Db: number;
  heldBackMs8kTo16k: number;
  heldBackMs16kTo8k: number;
  chunkingInvariant: boolean;
}

async function convert(
  implementation: ResamplerUnderTest,
  input: Int16Array,
  inputRate: number,
  outputRate: number,
  chunkLength = input.length,
): Promise<{ output: Int16Array; heldBack: number }> {
  const resampler = await implementation.create(inputRate, outputRate);
  const parts: Int16Array[] = [];
  for (const chunk of frames(input, chunkLength)) parts.push(resampler.process(chunk));
  const beforeFlush = parts.reduce((total, part) => total + part.length, 0);
  parts.push(resampler.flush());
  resampler.dispose();
  const expected = Math.round((input.length * outputRate) / inputRate);
  return { output: concatInt16(parts), heldBack: expected - beforeFlush };
}

async function attenuationDb(
  implementation: ResamplerUnderTest,
  inputRate: number,
  outputRate: number,
  toneHz: number,
): Promise<number> {
  const input = sine(toneHz, inputRate, 0.5);
  const { output } = await convert(implementation, input, inputRate, outputRate);
  const expected = Math.round((input.length * outputRate) / inputRate);
  const edge = Math.round(outputRate * 0.05);
  const residual = rms(output, edge, expected - edge);
  return residual < SILENT_RMS ? Number.POSITIVE_INFINITY : 20 * Math.log10(rms(input) / residual);
}

async function roundTripSnr(implementation: ResamplerUnderTest, toneHz: number): Promise<number> {
  const original = sine(toneHz, 8000, 1);
  const up = (await convert(implementation, original, 8000, 16000)).output;
  const roundTrip = (await convert(implementation, up, 16000, 8000)).output;
  return snrDb(original, roundTrip, bestLag(original, roundTrip, 200), 400);
}

/** Tones from just above 4 kHz to just below 8 kHz through 16k → 8k: the least attenuated one. */
async function worstAlias(
  implementation: ResamplerUnderTest,
): Promise<{ attenuation: number; toneHz: number }> {
  let worst = { attenuation: Number.POSITIVE_INFINITY, toneHz: 0 };
  for (let toneHz = ALIAS_SWEEP_FROM_HZ; toneHz < 8000; toneHz += ALIAS_SWEEP_STEP_HZ) {
    const attenuation = await attenuationDb(implementation, 16000, 8000, toneHz);
    if (attenuation < worst.attenuation) worst = { attenuation, toneHz };
  }
  return worst;
}

async function measureQuality(implementation: ResamplerUnderTest): Promise<QualityRow> {
  const passIn = sine(3400, 16000, 0.5);
  const passOut = (await convert(implementation, passIn, 16000, 8000)).output;
  const speech = speechLike(44100, 1);
  const whole = (await convert(implementation, speech, 44100, 16000)).output;
  const chunked = (await convert(implementation, speech, 44100, 16000, 882)).output;
  const chunkingInvariant =
    whole.length === chunked.length && whole.every((value, index) => value === chunked[index]);
  const second = (rate: number) => sine(440, rate, 1);
  const heldBack8kTo16k = (await convert(implementation, second(8000), 8000, 16000, 160)).heldBack;
  const heldBack16kTo8k = (await convert(implementation, second(16000), 16000, 8000, 320)).heldBack;
  const alias = await worstAlias(implementation);
  return {
    implementation: implementation.name,
    roundTripSnrDb: await roundTripSnr(implementation, 1000),
    roundTripSnrAt3000Db: await roundTripSnr(implementation, 3000),
    attenuation16kTo8kAt4500Db: await attenuationDb(implementation, 16000, 8000, 4500),
    attenuation48kTo8kAt5000Db: await attenuationDb(implementation, 48000, 8000, 5000),
    worstAlias16kTo8kDb: alias.attenuation,
    worstAliasToneHz: alias.toneHz,
    gain16kTo8kAt3400Db: 20 * Math.log10(rms(passOut, 400, 3600) / rms(passIn, 800, 7200)),
    heldBackMs8kTo16k: (heldBack8kTo16k / 16000) * 1000,
    heldBackMs16kTo8k: (heldBack16kTo8k / 8000) * 1000,
    chunkingInvariant,
  };
}

function millions(value: number): string {
  return (value / 1e6).toFixed(value >= 1e8 ? 0 : 1);
}

/** Output RMS below this (sample units) counts as silence: the tone was removed entirely. */
const SILENT_RMS = 1e-9;

function decibels(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '∞';
}

function report(
  machine: MachineInfo,
  codecRows: CodecRow[],
  resampleRows: ResampleRow[],
  qualityRows: QualityRow[],
): string {
  const codecOperations = [...new Set(codecRows.map((row) => row.operation))];
  const codecImplementations = [...new Set(codecRows.map((row) => row.implementation))];
  const codecCell = (operation: string, implementation: string) =>
    codecRows.find((row) => row.operation === operation && row.implementation === implementation)!;
  const codecTable = markdownTable(
    [
      'operation (20 ms frames)',
      ...codecImplementations.map((name) => `${name} (M samples/s)`),
      'ours ÷ alawmulaw',
    ],
    codecOperations.map((operation) => [
      operation,
      ...codecImplementations.map((name) => millions(codecCell(operation, name).samplesPerSecond)),
      `${(codecCell(operation, '@x/transport-core').samplesPerSecond / codecCell(operation, 'alawmulaw').samplesPerSecond).toFixed(1)}×`,
    ]),
  );
  const pairs = [...new Set(resampleRows.map((row) => row.pair))];
  const resamplerNames = [...new Set(resampleRows.map((row) => row.implementation))];
  const resampleCell = (pair: string, name: string) =>
    resampleRows.find((row) => row.pair === pair && row.implementation === name)!;
  const throughputTable = markdownTable(
    ['pair (Hz)', ...resamplerNames],
    pairs.map((pair) => [
      pair,
      ...resamplerNames.map((name) => millions(resampleCell(pair, name).inputSamplesPerSecond)),
    ]),
  );
  const costTable = markdownTable(
    ['pair (Hz)', ...resamplerNames],
    pairs.map((pair) => [
      pair,
      ...resamplerNames.map((name) => {
        const cell = resampleCell(pair, name);
        return `${cell.cpuMsPerAudioSecond.toFixed(2)} ms (${Math.round(cell.streamsPerCore)})`;
      }),
    ]),
  );
  const qualityTable = markdownTable(
    [
      'implementation',
      'SNR 1 kHz 8k→16k→8k',
      'SNR 3 kHz 8k→16k→8k',
      '16k→8k, 4.5 kHz',
      '48k→8k, 5 kHz',
      'worst alias 16k→8k (4.025–7.975 kHz)',
      '16k→8k gain at 3.4 kHz',
      'held back 8k→16k',
      'held back 16k→8k',
      '20 ms chunks = whole',
    ],
    qualityRows.map((row) => [
      row.implementation,
      `${decibels(row.roundTripSnrDb)} dB`,
      `${decibels(row.roundTripSnrAt3000Db)} dB`,
      `${decibels(row.attenuation16kTo8kAt4500Db)} dB`,
      `${decibels(row.attenuation48kTo8kAt5000Db)} dB`,
      `${decibels(row.worstAlias16kTo8kDb)} dB at ${row.worstAliasToneHz} Hz`,
      `${row.gain16kTo8kAt3400Db.toFixed(2)} dB`,
      `${row.heldBackMs8kTo16k.toFixed(1)} ms`,
      `${row.heldBackMs16kTo8k.toFixed(1)} ms`,
      row.chunkingInvariant ? 'yes' : 'no',
    ]),
  );
  const notes = RESAMPLERS.map(
    (implementation) => `- **${implementation.name}**: ${implementation.note}.`,
  );
  return [
    '# Codec and resampler throughput',
    '',
    'Written by `pnpm bench codec` (bench/src/benchmarks/codec-throughput.ts). Every figure is a median over repeated runs in one process, with the implementations of one row timed in interleaved rounds. Times are process CPU time, which load from other processes on a shared machine disturbs less than wall time; wall-time medians are in the JSON. Absolute numbers are noisy, so compare within a run.',
    '',
    machineMarkdown(machine),
    '',
    `## G.711: ${CODEC_SECONDS} s of 8 kHz speech-like audio in ${FRAME_MS} ms frames (median of ${CODEC_RUNS.runs} runs)`,
    '',
    'Throughput in millions of samples per second; each frame allocates its output, as in a call. The copy loop is the floor: a new array filled element by element.',
    '',
    codecTable,
    '',
    `## Resampling: ${RESAMPLE_SECONDS} s streams in ${FRAME_MS} ms chunks (median of ${RESAMPLE_RUNS.runs} runs)`,
    '',
    'Throughput in millions of input samples per second:',
    '',
    throughputTable,
    '',
    'CPU time per second of audio, and (in brackets) how many such streams one core could convert in real time:',
    '',
    costTable,
    '',
    '## Resampler quality (same run)',
    '',
    'SNR after aligning for each implementation\'s delay (best lag within ±200 samples; ∞: the round trip gave back the input bit for bit). Attenuation of tones above the output Nyquist frequency, amplitude 16000 (higher is better; the requirement is ≥ 60 dB; ∞: the output is all zeros). The worst alias sweeps tones every 50 Hz from 4.025 to 7.975 kHz through 16k → 8k. "Held back" is the output still missing after 1 s fed in 20 ms chunks, i.e. what `flush()` must return.',
    '',
    qualityTable,
    '',
    ...notes,
    '',
  ].join('\n');
}

export const codecThroughput: Benchmark = {
  name: 'codec-throughput',
  description:
    'G.711 and resampling throughput (samples/s) against alawmulaw, WASM resamplers and a copy loop',
  sources: ['packages/transport-core/src/audio', 'bench/src'],
  async run(machine) {
    const codecRows = measureCodecs();
    const resampleRows = await measureResampling();
    const qualityRows: QualityRow[] = [];
    for (const implementation of RESAMPLERS) {
      if (implementation !== copyLoop) qualityRows.push(await measureQuality(implementation));
    }
    return {
      markdown: report(machine, codecRows, resampleRows, qualityRows),
      json: {
        benchmark: 'codec-throughput',
        machine,
        settings: {
          FRAME_MS,
          CODEC_SECONDS,
          CODEC_RUNS,
          RESAMPLE_SECONDS,
          RESAMPLE_RUNS,
          ALIAS_SWEEP_FROM_HZ,
          ALIAS_SWEEP_STEP_HZ,
        },
        resamplers: RESAMPLERS.map(({ name, note }) => ({ name, note })),
        codec: codecRows,
        resampling: resampleRows,
        quality: qualityRows,
      },
    };
  },
};
