import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseWav, WAV_HEADER_BYTES } from '../audio/wav.js';
import { CallRecording } from './call-recording.js';
import { createWavFileSink } from './wav-file-sink.js';

const SAMPLE_RATE = 8000;
let directory: string | undefined;

afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

describe('createWavFileSink', () => {
  it('streams a recording to a file whose header holds the real sizes once closed', async () => {
    directory = await mkdtemp(join(tmpdir(), 'call-recording-'));
    const file = createWavFileSink(join(directory, 'call.wav'));
    const recording = new CallRecording({ sink: file.write });
    recording.start(0);
    recording.callerAudio(new Int16Array(1600).fill(1000), SAMPLE_RATE, 1, 200);
    recording.botAudio(new Int16Array(800).fill(2000), SAMPLE_RATE, 1, 300);
    recording.finish(1000);
    await file.close();
    const bytes = new Uint8Array(await readFile(file.path));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const dataBytes = SAMPLE_RATE * 2 * 2; // one second of stereo PCM16
    expect(bytes.length).toBe(WAV_HEADER_BYTES + dataBytes);
    expect(view.getUint32(4, true)).toBe(WAV_HEADER_BYTES - 8 + dataBytes);
    expect(view.getUint32(40, true)).toBe(dataBytes);
    const wav = parseWav(bytes);
    expect(wav).toMatchObject({ sampleRate: SAMPLE_RATE, numChannels: 2 });
    expect(wav.audio.length).toBe(SAMPLE_RATE * 2);
    expect(wav.audio[2 * 100]).toBe(1000); // caller at 12.5 ms
    expect(wav.audio[2 * 2400 + 1]).toBe(2000); // bot at 300 ms
  });

  it('creates no file for a recording that never started', async () => {
    directory = await mkdtemp(join(tmpdir(), 'call-recording-'));
    const file = createWavFileSink(join(directory, 'never.wav'));
    await file.close();
    await expect(readFile(file.path)).rejects.toThrow(/ENOENT/);
  });

  it('rejects close with the write error when the file cannot be created', async () => {
    const file = createWavFileSink(join(tmpdir(), 'no-such-directory-for-recordings', 'call.wav'));
    file.write(new Uint8Array(WAV_HEADER_BYTES));
    await expect(file.close()).rejects.toThrow(/ENOENT/);
  });
});
