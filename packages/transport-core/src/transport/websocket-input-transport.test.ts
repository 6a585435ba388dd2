import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesFromInt16, int16FromBytes, parseWav } from '../audio/index.js';
import { ManualClock } from '../clock/index.js';
import { TTSAudioRawFrame } from '../frames/audio-frames.js';
import { EnergyVADAnalyzer } from '../vad/energy-vad-analyzer.js';
import { FrameRecorder, RecordingSocket, runPipeline, tone } from './__fixtures__/harness.js';
import { RAW_AUDIO_INTERRUPTION_MESSAGE, RawAudioSerializer } from './raw-audio-serializer.js';
import { WebSocketTransport } from './websocket-transport.js';
import type { WebSocketTransportParams } from './websocket-transport-params.js';

const speech = parseWav(
  readFileSync(new URL('../vad/__fixtures__/speech-8k.wav', import.meta.url)),
).audio;
const FRAME_SAMPLES = 160; // 20 ms at 8 kHz

function setUp(params: WebSocketTransportParams = {}, allowInterruptions = true) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  const transport = new WebSocketTransport(socket, {
    serializer: new RawAudioSerializer(),
    vadAnalyzer: new EnergyVADAnalyzer(),
    audioOutEndSilenceSecs: 0,
    ...params,
  });
  const recorder = new FrameRecorder();
  const run = runPipeline([transport.input(), recorder, transport.output()], {
    clock,
    allowInterruptions,
  });
  return { socket, transport, recorder, ...run };
}

/** Plays `audio` into the socket in 20 ms messages, moving the clock along. */
async function playCallerAudio(socket: RecordingSocket, clock: ManualClock, audio: Int16Array) {
  for (let offset = 0; offset < audio.length; offset += FRAME_SAMPLES) {
    socket.receive(bytesFromInt16(audio.slice(offset, offset + FRAME_SAMPLES)));
    await clock.advance(20);
  }
}

const SPEECH_TYPES = [
  'VADUserStartedSpeakingFrame',
  'UserStartedSpeakingFrame',
  'VADUserStoppedSpeakingFrame',
  'UserStoppedSpeakingFrame',
  'InterruptionFrame',
];

describe('WebSocketInputTransport with a VAD', () => {
  it('reports the caller starting and stopping each phrase, with periodic UserSpeakingFrame', async () => {
    const { socket, clock, recorder, task } = setUp();
    await clock.advance(0);
    await playCallerAudio(socket, clock, speech);
    const types = recorder.types().filter((type) => SPEECH_TYPES.includes(type));
    expect(types).toEqual([
      'VADUserStartedSpeakingFrame',
      'UserStartedSpeakingFrame',
      'VADUserStoppedSpeakingFrame',
      'UserStoppedSpeakingFrame',
      'VADUserStartedSpeakingFrame',
      'UserStartedSpeakingFrame',
      'VADUserStoppedSpeakingFrame',
      'UserStoppedSpeakingFrame',
    ]);
    // the caller audio itself passes through, in order
    expect(recorder.ofType('InputAudioRawFrame')).toHaveLength(
      Math.ceil(speech.length / FRAME_SAMPLES),
    );
    // about one UserSpeakingFrame per 200 ms of speech (2.7 s of speech + stop hangovers)
    const speaking = recorder.ofType('UserSpeakingFrame').length;
    expect(speaking).toBeGreaterThanOrEqual(13);
    expect(speaking).toBeLessThanOrEqual(19);
    await task.cancel();
  });

  it('interrupts the bot when the caller speaks over it: clear message, then no stale audio', async () => {
    const { socket, clock, recorder, task } = setUp();
    await clock.advance(0);
    task.queueFrame(new TTSAudioRawFrame(tone(8000 * 6, 1234), 8000)); // 6 s of bot speech
    await clock.advance(1);
    await playCallerAudio(socket, clock, speech.subarray(0, 8000 * 1.5));
    expect(recorder.types()).toContain('InterruptionFrame');
    const sent = socket.sent.map((entry) => entry.data);
    const clearIndex = sent.indexOf(RAW_AUDIO_INTERRUPTION_MESSAGE);
    expect(clearIndex).toBeGreaterThan(0);
    // bot audio went out before the interruption, none after it
    expect(sent.slice(0, clearIndex).every((data) => typeof data !== 'string')).toBe(true);
    expect(sent.slice(clearIndex + 1)).toEqual([]);
    // the interruption came about startSecs after speech began (0.8 s), not later
    const clearAtMs = socket.sent[clearIndex]!.atMs;
    expect(clearAtMs).toBeGreaterThan(900);
    expect(clearAtMs).toBeLessThan(1200);
    expect(recorder.types('upstream')).toContain('BotStoppedSpeakingFrame');
    const firstSample = int16FromBytes(sent[0] as Uint8Array)[0];
    expect(firstSample).toBe(1234);
    await task.cancel();
  });

  it('does not interrupt when the pipeline disallows interruptions', async () => {
    const { socket, clock, recorder, task } = setUp({}, false);
    await clock.advance(0);
    task.queueFrame(new TTSAudioRawFrame(tone(8000 * 3, 1234), 8000));
    await clock.advance(1);
    await playCallerAudio(socket, clock, speech.subarray(0, 8000 * 1.5));
    expect(recorder.types()).toContain('UserStartedSpeakingFrame');
    expect(recorder.types()).not.toContain('InterruptionFrame');
    expect(socket.text()).toEqual([]);
    await task.cancel();
  });

  it('does not interrupt when the bot is not speaking', async () => {
    const { socket, clock, recorder, task } = setUp();
    await clock.advance(0);
    await playCallerAudio(socket, clock, speech.subarray(0, 8000 * 1.5));
    expect(recorder.types()).toContain('UserStartedSpeakingFrame');
    expect(recorder.types()).not.toContain('InterruptionFrame');
    await task.cancel();
  });

  it('runs the VAD without passing audio on when audioInPassthrough is false', async () => {
    const { socket, clock, recorder, task } = setUp({ audioInPassthrough: false });
    await clock.advance(0);
    await playCallerAudio(socket, clock, speech.subarray(0, 8000 * 1.5));
    expect(recorder.ofType('InputAudioRawFrame')).toEqual([]);
    expect(recorder.types()).toContain('UserStartedSpeakingFrame');
    await task.cancel();
  });

  it('passes no caller audio and runs no VAD when audioInEnabled is false', async () => {
    const { socket, clock, recorder, task } = setUp({ audioInEnabled: false });
    await clock.advance(0);
    await playCallerAudio(socket, clock, speech.subarray(0, 8000 * 1.5));
    expect(recorder.ofType('InputAudioRawFrame')).toEqual([]);
    expect(recorder.types()).not.toContain('UserStartedSpeakingFrame');
    await task.cancel();
  });
});

describe('WebSocketInputTransport audio idle watchdog', () => {
  it('reports the speech stopped when caller audio stops arriving mid-speech', async () => {
    const { socket, clock, recorder, task } = setUp();
    await clock.advance(0);
    // the first phrase up to its middle (speech confirmed at about 1.04 s), then nothing
    await playCallerAudio(socket, clock, speech.subarray(0, 8000 * 1.2));
    expect(recorder.types()).toContain('UserStartedSpeakingFrame');
    await clock.advance(900);
    expect(recorder.types()).not.toContain('UserStoppedSpeakingFrame');
    await clock.advance(200);
    expect(recorder.types().filter((type) => type === 'UserStoppedSpeakingFrame')).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
    await task.cancel();
  });

  it('keeps one timer while the caller speaks and none once the speech stopped', async () => {
    const { socket, clock, task } = setUp();
    await clock.advance(0);
    await playCallerAudio(socket, clock, speech.subarray(0, 8000 * 1.3));
    expect(clock.pendingTimers).toBe(1);
    await playCallerAudio(socket, clock, speech.subarray(8000 * 1.3, 8000 * 2.2));
    expect(clock.pendingTimers).toBe(0);
    await task.cancel();
  });
});
