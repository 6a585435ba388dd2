// Records what the energy VAD decides on every fixture WAV, into energy-vad-decisions.json, for
// energy-vad-decisions.test.ts: a change that makes the VAD cheaper must leave these unchanged.
// Run from packages/transport-core against a build (default: this package's dist):
//   node src/vad/__fixtures__/record-energy-vad-decisions.mjs [path/to/transport-core/dist]
// The committed file was recorded from the build of commit 3f79dc3, before the VAD was made
// cheaper (4563fdd), so the test shows the two decide alike.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.argv[2] ?? join(here, '../../../dist'));
const { EnergyVADAnalyzer, parseWav } = await import(pathToFileURL(join(dist, 'index.js')).href);

/** Chunk lengths the audio is fed in, in ms: a transport's 10, 20 and 40 ms frames. */
export const CHUNK_MS = [10, 20, 40];

const decisions = {};
for (const name of readdirSync(here)
  .filter((file) => file.endsWith('.wav'))
  .sort()) {
  const { audio, sampleRate } = parseWav(readFileSync(join(here, name)));
  for (const chunkMs of CHUNK_MS) {
    const vad = new EnergyVADAnalyzer();
    vad.setSampleRate(sampleRate);
    const chunk = (sampleRate * chunkMs) / 1000;
    const found = [];
    for (let offset = 0, index = 0; offset < audio.length; offset += chunk, index++) {
      const analysis = vad.analyze(audio.subarray(offset, offset + chunk));
      for (const transition of analysis.transitions) found.push([index, transition]);
    }
    decisions[`${name} ${chunkMs} ms`] = found;
  }
}
writeFileSync(join(here, 'energy-vad-decisions.json'), `${JSON.stringify(decisions)}\n`);
console.log(`recorded ${Object.keys(decisions).length} runs from ${dist}`);
