#!/usr/bin/env node
// Microbenchmark: CPU time of TelephonyToneDetector.detect per window, and of a whole
// EnergyVADAnalyzer window for comparison, on the committed fixtures. Prints medians of several
// runs; nothing is asserted (timings on shared machines are noisy).
//   pnpm --filter @x/transport-core build && node packages/transport-core/src/vad/tones/measure-tone-detector-cost.mjs
import { readFileSync } from 'node:fs';
import { EnergyVADAnalyzer, parseWav, TelephonyToneDetector } from '../../../dist/index.js';

const RUNS = 7;
const PASSES_PER_RUN = 200;

function windowsOf(name, windowSamples) {
  const { audio, sampleRate } = parseWav(
    readFileSync(new URL(`../__fixtures__/${name}.wav`, import.meta.url)),
  );
  const windows = [];
  for (let offset = 0; offset + windowSamples <= audio.length; offset += windowSamples) {
    windows.push(audio.subarray(offset, offset + windowSamples));
  }
  return { windows, sampleRate };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median nanoseconds per call of `work(window)` over every window. */
function nanosecondsPerWindow(windows, work) {
  for (let pass = 0; pass < PASSES_PER_RUN / 4; pass++) for (const window of windows) work(window);
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    for (let pass = 0; pass < PASSES_PER_RUN; pass++) for (const window of windows) work(window);
    runs.push(Number(process.hrtime.bigint() - start) / (PASSES_PER_RUN * windows.length));
  }
  return median(runs);
}

console.log('TelephonyToneDetector.detect, ns per window (median of %d runs)', RUNS);
for (const [name, windowSamples, label] of [
  ['speech-8k', 256, 'speech, 8 kHz, 256 samples (32 ms)'],
  ['dtmf-8k', 256, 'keypad tones, 8 kHz, 256 samples (32 ms)'],
  ['music-8k', 256, 'music, 8 kHz, 256 samples (32 ms)'],
  ['speech-8k', 80, 'speech, 8 kHz, 80 samples (10 ms)'],
  ['speech-16k', 512, 'speech, 16 kHz, 512 samples (32 ms)'],
]) {
  const { windows, sampleRate } = windowsOf(name, windowSamples);
  const detector = new TelephonyToneDetector(sampleRate, windowSamples);
  const nanoseconds = nanosecondsPerWindow(windows, (window) => detector.detect(window));
  console.log(`  ${label.padEnd(44)} ${Math.round(nanoseconds).toLocaleString('en')} ns`);
}

console.log('EnergyVADAnalyzer.analyzeAudio, ns per 32 ms window, tone check included where made');
for (const [name, sampleRate] of [
  ['speech-8k', 8000],
  ['music-8k', 8000],
  ['dtmf-8k', 8000],
  ['silence-8k', 8000],
]) {
  const { windows } = windowsOf(name, 256);
  const audio = new Int16Array(windows.length * 256);
  for (const [index, window] of windows.entries()) audio.set(window, index * 256);
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const vad = new EnergyVADAnalyzer();
    vad.setSampleRate(sampleRate);
    const start = process.hrtime.bigint();
    for (let pass = 0; pass < PASSES_PER_RUN / 10; pass++) {
      for (let offset = 0; offset < audio.length; offset += 256) {
        await vad.analyzeAudio(audio.subarray(offset, offset + 256));
      }
    }
    runs.push(Number(process.hrtime.bigint() - start) / ((PASSES_PER_RUN / 10) * windows.length));
  }
  console.log(
    `  ${`${name}, 8 kHz`.padEnd(44)} ${Math.round(median(runs)).toLocaleString('en')} ns`,
  );
}
