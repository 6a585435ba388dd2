#!/usr/bin/env node
// Writes assets/hold-music.wav: a gentle, looping I–vi–IV–V progression in C (one chord a second,
// pure sine triads with soft attack and release), 8 kHz mono PCM16, 4 s (64 KB). The notes are
// HOLD_MUSIC_NOTES_HZ in src/bot/hold-music.ts, which the demo's tests listen for.
// Run from apps/demo: node scripts/generate-hold-music.mjs
import { writeFileSync } from 'node:fs';

const SAMPLE_RATE = 8000;
const CHORD_SECS = 1;
/** Triads of the progression, in Hz: C, Am, F, G. */
const CHORDS_HZ = [
  [261.63, 329.63, 392.0],
  [220.0, 261.63, 329.63],
  [174.61, 220.0, 261.63],
  [196.0, 246.94, 293.66],
];
/** Peak of one note, as a fraction of full scale (three notes stay below −10 dBFS together). */
const NOTE_PEAK = 0.1;
/** Fade in and out of each chord, in seconds: no clicks between chords or at the loop point. */
const FADE_SECS = 0.08;
const FULL_SCALE = 32767;

const chordSamples = SAMPLE_RATE * CHORD_SECS;
const fadeSamples = SAMPLE_RATE * FADE_SECS;
const pcm = new Int16Array(chordSamples * CHORDS_HZ.length);
CHORDS_HZ.forEach((chord, chordIndex) => {
  for (let index = 0; index < chordSamples; index++) {
    const fade = Math.min(1, index / fadeSamples, (chordSamples - index) / fadeSamples);
    const time = index / SAMPLE_RATE;
    let value = 0;
    for (const frequency of chord) value += Math.sin(2 * Math.PI * frequency * time);
    pcm[chordIndex * chordSamples + index] = Math.round(value * NOTE_PEAK * fade * FULL_SCALE);
  }
});

const header = Buffer.alloc(44);
header.write('RIFF', 0, 'ascii');
header.writeUInt32LE(36 + pcm.byteLength, 4);
header.write('WAVEfmt ', 8, 'ascii');
header.writeUInt32LE(16, 16);
header.writeUInt16LE(1, 20); // PCM
header.writeUInt16LE(1, 22); // mono
header.writeUInt32LE(SAMPLE_RATE, 24);
header.writeUInt32LE(SAMPLE_RATE * 2, 28);
header.writeUInt16LE(2, 32);
header.writeUInt16LE(16, 34);
header.write('data', 36, 'ascii');
header.writeUInt32LE(pcm.byteLength, 40);
writeFileSync(
  new URL('../assets/hold-music.wav', import.meta.url),
  Buffer.concat([header, Buffer.from(pcm.buffer)]),
);
