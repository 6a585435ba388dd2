import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesFromInt16, parseWav } from '../audio/index.js';
import { ManualClock } from '../clock/index.js';
import { TTSAudioRawFrame } from '../frames/audio-frames.js';
import type { Frame } from '../frames/frame.js';
import type { FrameDirection } from '../pipeline/frame-direction.js';
import { EnergyVADAnalyzer } from '../vad/energy-vad-analyzer.js';
import { FrameRecorder, RecordingSocket, runPipeline, tone } from './__fixtures__/harness.js';
import { RAW_AUDIO_INTERRUPTION_MESSAGE, RawAudioSerializer } from './raw-audio-serializer.js';
import { WebSocketTransport } from './websocket-transport.js';
import type { WebSocketTransportParams } from './websocket-transport-params.js';

function fixture(name: string): Int16Array {
  return parseWav(readFileSync(new URL(`../vad/__fixtures__/${name}.wav`, import.meta.url))).audio;
}

/** Two phrases: speech from 0.8 to 1.55 s and from 2.55 to 4.54 s. */
const speech = fixture('speech-8k');
/** One short "yes", from 0.3 to 0.73 s. */
const yes = fixture('yes-8k');
const FRAME_SAMPLES = 160; // 20 ms at 8 kHz
const SAMPLE_RATE = 8000;

/** Records frames with the clock time each one passed. */
class TimedRecorder extends FrameRecorder {
  readonly #passedAtMs = new Map<number, number>();
  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    this.#passedAtMs.set(frame.id, this.clock.now());
    await super.processFrame(frame, direction);
  }
  /** When the first downstream frame of `type` passed, in ms. */
  firstAtMs(type: string): number | undefined {
    const frame = this.ofType(type)[0];
    return frame === undefined ? undefined : this.#passedAtMs.get(frame.id);
  }
}

function setUp(params: WebSocketTransportParams = {}, allowInterruptions = true) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  const transport = new WebSocketTransport(socket, {
    serializer: new RawAudioSerializer(),
    vadAnalyzer: new EnergyVADAnalyzer(),
    audioOutEndSilenceSecs: 0,
    ...params,
  });
  const recorder = new TimedRecorder();
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

/** Starts 6 s of bot speech, so the bot is heard while the caller speaks. */
async function botSpeaks(task: { queueFrame(frame: Frame): void }, clock: ManualClock) {
  task.queueFrame(new TTSAudioRawFrame(tone(SAMPLE_RATE * 6, 1234), SAMPLE_RATE));
  await clock.advance(1);
}

function interruptionsSeen(recorder: FrameRecorder): number {
  return recorder.types().filter((type) => type === 'InterruptionFrame').length;
}

describe("interruptions: 'on-user-speech'", () => {
  it('interrupts when the caller starts speaking while the bot is silent (a reply in progress)', async () => {
    const { socket, clock, recorder, task, transport } = setUp({ interruptions: 'on-user-speech' });
    await clock.advance(0);
    await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 1.5));
    expect(transport.input().botSpeaking).toBe(false);
    expect(interruptionsSeen(recorder)).toBe(1);
    // raised with the confirmed start, and the provider is told to clear
    expect(recorder.firstAtMs('InterruptionFrame')).toBe(
      recorder.firstAtMs('UserStartedSpeakingFrame'),
    );
    expect(socket.text()).toEqual([RAW_AUDIO_INTERRUPTION_MESSAGE]);
    await task.cancel();
  });

  it('interrupts once per caller turn', async () => {
    const { socket, clock, recorder, task } = setUp({ interruptions: 'on-user-speech' });
    await clock.advance(0);
    await playCallerAudio(socket, clock, speech);
    expect(recorder.types().filter((type) => type === 'UserStartedSpeakingFrame')).toHaveLength(2);
    expect(interruptionsSeen(recorder)).toBe(2);
    await task.cancel();
  });

  it('still interrupts nothing when the pipeline disallows interruptions', async () => {
    const { socket, clock, recorder, task } = setUp({ interruptions: 'on-user-speech' }, false);
    await clock.advance(0);
    await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 1.5));
    expect(recorder.types()).toContain('UserStartedSpeakingFrame');
    expect(interruptionsSeen(recorder)).toBe(0);
    await task.cancel();
  });
});

describe("interruptions: 'while-bot-heard' (the default)", () => {
  it.each([
    ['by default', {}],
    ['when set', { interruptions: 'while-bot-heard' }],
  ] as const)('does not interrupt while the bot is silent, %s', async (_case, params) => {
    const { socket, clock, recorder, task } = setUp(params);
    await clock.advance(0);
    await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 1.5));
    expect(recorder.types()).toContain('UserStartedSpeakingFrame');
    expect(interruptionsSeen(recorder)).toBe(0);
    expect(socket.text()).toEqual([]);
    await task.cancel();
  });

  it('interrupts when the caller speaks while the bot is heard', async () => {
    const { socket, clock, recorder, task } = setUp({ interruptions: 'while-bot-heard' });
    await clock.advance(0);
    await botSpeaks(task, clock);
    await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 1.5));
    expect(interruptionsSeen(recorder)).toBe(1);
    await task.cancel();
  });
});

describe("interruptions: 'never'", () => {
  it('never interrupts, not even while the bot is heard', async () => {
    const { socket, clock, recorder, task } = setUp({ interruptions: 'never' });
    await clock.advance(0);
    await botSpeaks(task, clock);
    await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 1.5));
    expect(recorder.types()).toContain('UserStartedSpeakingFrame');
    expect(interruptionsSeen(recorder)).toBe(0);
    expect(socket.text()).toEqual([]);
    await task.cancel();
  });
});

describe('minInterruptionSpeechSecs', () => {
  const MIN_SPEECH_SECS = 0.6;
  const START_SECS = 0.2; // the VAD's default, which counts toward the minimum

  it.each(['on-user-speech', 'while-bot-heard'] as const)(
    'a short "yes" does not interrupt (%s)',
    async (interruptions) => {
      const { socket, clock, recorder, task } = setUp({
        interruptions,
        minInterruptionSpeechSecs: MIN_SPEECH_SECS,
      });
      await clock.advance(0);
      await botSpeaks(task, clock);
      await playCallerAudio(socket, clock, yes);
      // the caller was heard, start to stop, but spoke less than the minimum
      expect(recorder.types()).toContain('UserStartedSpeakingFrame');
      expect(recorder.types()).toContain('UserStoppedSpeakingFrame');
      expect(interruptionsSeen(recorder)).toBe(0);
      await task.cancel();
    },
  );

  it('a longer phrase interrupts once the caller has spoken the minimum, not at the start', async () => {
    const { socket, clock, recorder, task } = setUp({
      interruptions: 'on-user-speech',
      minInterruptionSpeechSecs: MIN_SPEECH_SECS,
    });
    await clock.advance(0);
    await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 2));
    expect(interruptionsSeen(recorder)).toBe(1);
    const startedAtMs = recorder.firstAtMs('UserStartedSpeakingFrame')!;
    const interruptedAtMs = recorder.firstAtMs('InterruptionFrame')!;
    // the start came after START_SECS of speech; the rest of the minimum follows, to a frame
    const expectedDelayMs = (MIN_SPEECH_SECS - START_SECS) * 1000;
    expect(interruptedAtMs - startedAtMs).toBeGreaterThanOrEqual(expectedDelayMs - 40);
    expect(interruptedAtMs - startedAtMs).toBeLessThanOrEqual(expectedDelayMs + 40);
    // and before the caller stopped
    expect(interruptedAtMs).toBeLessThan(recorder.firstAtMs('UserStoppedSpeakingFrame')!);
    await task.cancel();
  });

  it('with the bot heard, a longer phrase interrupts it: the provider is told to clear', async () => {
    const { socket, clock, recorder, task } = setUp({
      minInterruptionSpeechSecs: MIN_SPEECH_SECS,
    });
    await clock.advance(0);
    await botSpeaks(task, clock);
    await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 2));
    expect(interruptionsSeen(recorder)).toBe(1);
    expect(socket.text()).toEqual([RAW_AUDIO_INTERRUPTION_MESSAGE]);
    await task.cancel();
  });
});
