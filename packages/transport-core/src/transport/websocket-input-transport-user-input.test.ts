import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesFromInt16, parseWav } from '../audio/index.js';
import { ManualClock } from '../clock/index.js';
import { TTSAudioRawFrame } from '../frames/audio-frames.js';
import type { Frame } from '../frames/frame.js';
import { ErrorFrame } from '../frames/lifecycle-frames.js';
import {
  BotStoppedSpeakingFrame,
  TTSStoppedFrame,
  type VADUserStoppedSpeakingFrame,
} from '../frames/speech-frames.js';
import { UserInputMuteFrame, VADParamsUpdateFrame } from '../frames/user-input-frames.js';
import type { FrameDirection } from '../pipeline/frame-direction.js';
import { EnergyVADAnalyzer } from '../vad/energy-vad-analyzer.js';
import { FrameRecorder, RecordingSocket, runPipeline, tone } from './__fixtures__/harness.js';
import { RawAudioSerializer } from './raw-audio-serializer.js';
import { WebSocketTransport } from './websocket-transport.js';
import type { WebSocketTransportParams } from './websocket-transport-params.js';

/** Two phrases: speech from 0.8 to 1.55 s and from 2.55 to 4.54 s. */
const speech = parseWav(
  readFileSync(new URL('../vad/__fixtures__/speech-8k.wav', import.meta.url)),
).audio;
const FRAME_SAMPLES = 160; // 20 ms at 8 kHz
const SAMPLE_RATE = 8000;

/** Records frames with the clock time each one passed. */
class TimedRecorder extends FrameRecorder {
  readonly passedAtMs = new Map<number, number>();
  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    this.passedAtMs.set(frame.id, this.clock.now());
    await super.processFrame(frame, direction);
  }
  /** When each downstream frame of `type` passed, in ms. */
  timesOf(type: string): number[] {
    return this.ofType(type).map((frame) => this.passedAtMs.get(frame.id)!);
  }
}

function setUp(params: WebSocketTransportParams = {}) {
  const clock = new ManualClock();
  const socket = new RecordingSocket(clock);
  const vad = new EnergyVADAnalyzer();
  const transport = new WebSocketTransport(socket, {
    serializer: new RawAudioSerializer(),
    vadAnalyzer: vad,
    audioOutEndSilenceSecs: 0,
    ...params,
  });
  const recorder = new TimedRecorder();
  const run = runPipeline([transport.input(), recorder, transport.output()], { clock });
  return { socket, transport, recorder, vad, ...run };
}

/** Plays `audio` into the socket in 20 ms messages, moving the clock along. */
async function playCallerAudio(socket: RecordingSocket, clock: ManualClock, audio: Int16Array) {
  for (let offset = 0; offset < audio.length; offset += FRAME_SAMPLES) {
    socket.receive(bytesFromInt16(audio.slice(offset, offset + FRAME_SAMPLES)));
    await clock.advance(20);
  }
}

const USER_SPEECH_TYPES = [
  'VADUserStartedSpeakingFrame',
  'UserStartedSpeakingFrame',
  'UserSpeakingFrame',
  'VADUserStoppedSpeakingFrame',
  'UserStoppedSpeakingFrame',
  'InterruptionFrame',
];

function userSpeechTypes(recorder: FrameRecorder, from = 0): string[] {
  return recorder.frames
    .slice(from)
    .filter((entry) => entry.direction === 'downstream')
    .map((entry) => entry.frame.type)
    .filter((type) => USER_SPEECH_TYPES.includes(type));
}

type Sender = (
  run: { task: { queueFrame(frame: Frame): void }; recorder: FrameRecorder },
  frame: Frame,
) => void;

/** The two ways a control frame reaches the input transport. */
const SENDERS: [string, Sender][] = [
  [
    'pushed upstream by a processor',
    ({ recorder }, frame) => recorder.pushFrame(frame, 'upstream'),
  ],
  ['queued by the task', ({ task }, frame) => task.queueFrame(frame)],
];

describe('VADParamsUpdateFrame', () => {
  it.each(SENDERS)(
    '%s, changes the stop time mid-call without resetting the VAD state',
    async (_how, send) => {
      const run = setUp();
      const { socket, clock, recorder, task, transport, vad } = run;
      await clock.advance(0);
      // into the first phrase: the caller is speaking
      await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 1.2));
      expect(transport.input().userSpeaking).toBe(true);
      const before = recorder.frames.length;
      send(run, new VADParamsUpdateFrame({ stopSecs: 0.8 }));
      await clock.advance(0);
      expect(vad.params.stopSecs).toBe(0.8);
      expect(vad.params.startSecs).toBe(0.2); // the others are kept
      await playCallerAudio(socket, clock, speech.subarray(SAMPLE_RATE * 1.2));
      await playCallerAudio(socket, clock, new Int16Array(SAMPLE_RATE)); // a second of quiet
      // the turn went on (no stop, no second start at the update); then the second phrase
      expect(
        userSpeechTypes(recorder, before).filter((type) => type !== 'UserSpeakingFrame'),
      ).toEqual([
        'VADUserStoppedSpeakingFrame',
        'UserStoppedSpeakingFrame',
        'VADUserStartedSpeakingFrame',
        'UserStartedSpeakingFrame',
        'VADUserStoppedSpeakingFrame',
        'UserStoppedSpeakingFrame',
      ]);
      // the first phrase ends at 1.55 s: with 0.2 s the stop came at 1.82 s, now 0.6 s later
      const [firstStopMs] = recorder.timesOf('UserStoppedSpeakingFrame');
      expect(firstStopMs).toBeGreaterThanOrEqual(2380);
      expect(firstStopMs).toBeLessThanOrEqual(2460);
      const vadStop = recorder.ofType(
        'VADUserStoppedSpeakingFrame',
      )[0] as VADUserStoppedSpeakingFrame;
      expect(vadStop.stopSecs).toBe(0.8);
      await task.cancel();
    },
  );

  it('passes on in its direction', async () => {
    const run = setUp();
    const { clock, recorder, task } = run;
    await clock.advance(0);
    task.queueFrame(new VADParamsUpdateFrame({ stopSecs: 0.5 }));
    await clock.advance(0);
    expect(recorder.types()).toContain('VADParamsUpdateFrame');
    await task.cancel();
  });

  it('refuses a bad value with an error frame and keeps the params', async () => {
    const run = setUp();
    const { clock, recorder, task, vad } = run;
    const errors: ErrorFrame[] = [];
    task.on('error', (_task, frame) => {
      errors.push(frame);
    });
    await clock.advance(0);
    recorder.pushFrame(new VADParamsUpdateFrame({ stopSecs: -1 }), 'upstream');
    await clock.advance(0);
    expect(vad.params.stopSecs).toBe(0.2);
    expect(errors).toHaveLength(1);
    expect(ErrorFrame.is(errors[0]!)).toBe(true);
    expect(errors[0]!.error).toMatch(/stopSecs/);
    await task.cancel();
  });
});

describe('UserInputMuteFrame', () => {
  it.each(SENDERS)(
    '%s, keeps caller audio from the VAD and the bot until unmuted',
    async (_how, send) => {
      const run = setUp({ interruptions: 'on-user-speech' });
      const { socket, clock, recorder, task, transport } = run;
      await clock.advance(0);
      send(run, new UserInputMuteFrame(true));
      await clock.advance(0);
      expect(transport.input().userInputMuted).toBe(true);
      await playCallerAudio(socket, clock, speech);
      expect(recorder.ofType('InputAudioRawFrame')).toEqual([]);
      expect(userSpeechTypes(recorder)).toEqual([]);
      expect(socket.text()).toEqual([]); // no interruption reached the provider

      send(run, new UserInputMuteFrame(false));
      await clock.advance(0);
      expect(transport.input().userInputMuted).toBe(false);
      await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 1.5));
      expect(recorder.ofType('InputAudioRawFrame').length).toBeGreaterThan(0);
      expect(recorder.types()).toContain('UserStartedSpeakingFrame');
      expect(recorder.types()).toContain('InterruptionFrame');
      await task.cancel();
    },
  );

  it('announces each change downstream with UserMuteStartedFrame and UserMuteStoppedFrame', async () => {
    const { clock, recorder, task } = setUp();
    await clock.advance(0);
    task.queueFrame(new UserInputMuteFrame(true));
    task.queueFrame(new UserInputMuteFrame(true)); // no change: nothing announced
    await clock.advance(0);
    recorder.pushFrame(new UserInputMuteFrame(false), 'upstream');
    await clock.advance(0);
    expect(recorder.types().filter((type) => type.startsWith('UserMute'))).toEqual([
      'UserMuteStartedFrame',
      'UserMuteStoppedFrame',
    ]);
    await task.cancel();
  });

  it('still passes DTMF while muted', async () => {
    const { socket, clock, recorder, task } = setUp();
    await clock.advance(0);
    task.queueFrame(new UserInputMuteFrame(true));
    await clock.advance(0);
    socket.receive(JSON.stringify({ type: 'dtmf', digit: '5' }));
    await clock.advance(0);
    expect(recorder.types()).toContain('InputDTMFFrame');
    await task.cancel();
  });

  it('muting while the caller speaks reports their speech stopped at once, without interrupting', async () => {
    const { socket, clock, recorder, task, transport } = setUp({
      interruptions: 'on-user-speech',
      minInterruptionSpeechSecs: 0.6,
    });
    await clock.advance(0);
    await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 1.1));
    expect(transport.input().userSpeaking).toBe(true);
    task.queueFrame(new UserInputMuteFrame(true));
    await clock.advance(0);
    expect(transport.input().userSpeaking).toBe(false);
    expect(userSpeechTypes(recorder).filter((type) => type !== 'UserSpeakingFrame')).toEqual([
      'VADUserStartedSpeakingFrame',
      'UserStartedSpeakingFrame',
      'VADUserStoppedSpeakingFrame',
      'UserStoppedSpeakingFrame',
    ]);
    await playCallerAudio(socket, clock, speech.subarray(SAMPLE_RATE * 1.1));
    expect(recorder.types()).not.toContain('InterruptionFrame');
    expect(clock.pendingTimers).toBe(0); // no audio idle watchdog left behind
    await task.cancel();
  });
});

describe('muteUserInputUntilFirstBotTurnEnds', () => {
  /** Queues a 1.5 s greeting and lets it play to its end. */
  async function greet(task: { queueFrame(frame: Frame): void }, clock: ManualClock) {
    task.queueFrame(new TTSAudioRawFrame(tone(SAMPLE_RATE * 1.5, 1234), SAMPLE_RATE));
    task.queueFrame(new TTSStoppedFrame());
    await clock.advance(1);
  }

  it('keeps the caller unheard during the greeting and listens once it has played', async () => {
    const { socket, clock, recorder, task, transport } = setUp({
      muteUserInputUntilFirstBotTurnEnds: true,
    });
    await clock.advance(0);
    expect(transport.input().userInputMuted).toBe(true);
    await greet(task, clock);
    // the caller talks over the greeting: not heard, no interruption
    await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 1.5));
    expect(recorder.ofType('InputAudioRawFrame')).toEqual([]);
    expect(userSpeechTypes(recorder)).toEqual([]);
    await clock.advance(500);
    expect(recorder.types('upstream')).toContain('BotStoppedSpeakingFrame');
    expect(transport.input().userInputMuted).toBe(false);
    await playCallerAudio(socket, clock, speech.subarray(0, SAMPLE_RATE * 1.5));
    expect(recorder.types()).toContain('UserStartedSpeakingFrame');
    // muted from the start, unmuted when the greeting ended, and both announced
    expect(recorder.types().filter((type) => type.startsWith('UserMute'))).toEqual([
      'UserMuteStartedFrame',
      'UserMuteStoppedFrame',
    ]);
    await task.cancel();
  });

  it('unmutes only once: a later mute frame holds past the next bot turn', async () => {
    const { clock, recorder, task, transport } = setUp({
      muteUserInputUntilFirstBotTurnEnds: true,
    });
    await clock.advance(0);
    recorder.pushFrame(new BotStoppedSpeakingFrame(), 'upstream');
    await clock.advance(0);
    expect(transport.input().userInputMuted).toBe(false);
    task.queueFrame(new UserInputMuteFrame(true));
    await clock.advance(0);
    recorder.pushFrame(new BotStoppedSpeakingFrame(), 'upstream');
    await clock.advance(0);
    expect(transport.input().userInputMuted).toBe(true);
    await task.cancel();
  });

  it('gives way to an explicit UserInputMuteFrame before the first bot turn ends', async () => {
    const { clock, recorder, task, transport } = setUp({
      muteUserInputUntilFirstBotTurnEnds: true,
    });
    await clock.advance(0);
    task.queueFrame(new UserInputMuteFrame(false));
    await clock.advance(0);
    expect(transport.input().userInputMuted).toBe(false);
    task.queueFrame(new UserInputMuteFrame(true));
    await clock.advance(0);
    recorder.pushFrame(new BotStoppedSpeakingFrame(), 'upstream');
    await clock.advance(0);
    expect(transport.input().userInputMuted).toBe(true);
    await task.cancel();
  });
});
