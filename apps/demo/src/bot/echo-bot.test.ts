import {
  BotStartedSpeakingFrame,
  EndFrame,
  type Frame,
  type FrameDirection,
  FrameProcessor,
  InputAudioRawFrame,
  InputDTMFFrame,
  InterruptionFrame,
  MixerControlFrame,
  OutputDTMFFrame,
  Pipeline,
  PipelineTask,
  type PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  SpeechOutputAudioRawFrame,
  StreamStoppedFrame,
  TTSAudioRawFrame,
  TTSStartedFrame,
  TTSStoppedFrame,
  UserStartedSpeakingFrame,
  UserStoppedSpeakingFrame,
} from '@x/transport-core';
import { ManualClock } from '@x/transport-core/testing';
import { describe, expect, it } from 'vitest';
import { EchoBot, type EchoBotOptions } from './echo-bot.js';
import type { EchoBotPrompts } from './prompts.js';

const SAMPLE_RATE = 8000;
const CHUNK_SAMPLES = 160;

/** Collects frames reaching the end of the pipeline and passes them on. */
class Collector extends FrameProcessor {
  readonly frames: Frame[] = [];
  protected override async processFrame(frame: Frame, direction: FrameDirection): Promise<void> {
    if (direction === 'downstream') this.frames.push(frame);
    this.pushFrame(frame, direction);
  }
}

function constant(value: number, length: number): Int16Array {
  return new Int16Array(length).fill(value);
}

const prompts: EchoBotPrompts = {
  greeting: { audio: constant(1000, 800), sampleRate: SAMPLE_RATE },
  goodbye: { audio: constant(2000, 400), sampleRate: SAMPLE_RATE },
};

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function startCall(options: Partial<EchoBotOptions> = {}) {
  const bot = new EchoBot({ prompts, preRollMs: 40, ...options });
  const collector = new Collector();
  const clock = new ManualClock();
  const task = new PipelineTask(new Pipeline([bot, collector]), {
    audioInSampleRate: SAMPLE_RATE,
    audioOutSampleRate: SAMPLE_RATE,
    clock,
  });
  const running = task.run();
  await settle();
  const speech = (frames: Frame[] = collector.frames) =>
    frames.filter((frame) => TTSAudioRawFrame.is(frame) || SpeechOutputAudioRawFrame.is(frame));
  return { bot, collector, clock, task, running, speech };
}

function chunk(value: number): InputAudioRawFrame {
  return new InputAudioRawFrame(constant(value, CHUNK_SAMPLES), SAMPLE_RATE);
}

describe('EchoBot', () => {
  it('greets the caller with the greeting prompt as one utterance, then a playback mark', async () => {
    const { collector, task, running } = await startCall();
    const types = collector.frames.map((frame) => frame.type);
    expect(types).toEqual([
      'StartFrame',
      'TTSStartedFrame',
      'SpeechOutputAudioRawFrame',
      'TTSStoppedFrame',
      'PlaybackMarkFrame',
    ]);
    expect((collector.frames[4] as PlaybackMarkFrame).markName).toBe('greeting');
    const greeting = collector.frames[2] as SpeechOutputAudioRawFrame;
    expect(greeting.audio).toEqual(prompts.greeting.audio);
    await task.cancel();
    await running;
  });

  it('plays back what the caller said, starting with the audio from before the VAD confirmed it', async () => {
    const { collector, task, running, speech } = await startCall();
    const before = collector.frames.length;
    task.queueFrame(chunk(10)); // older than the 40 ms pre-roll: not echoed
    task.queueFrame(chunk(20)); // within the pre-roll
    task.queueFrame(chunk(30));
    task.queueFrame(new UserStartedSpeakingFrame());
    task.queueFrame(chunk(400));
    task.queueFrame(chunk(500));
    task.queueFrame(new UserStoppedSpeakingFrame());
    await settle();

    const after = collector.frames.slice(before);
    const echo = speech(after);
    expect(echo).toHaveLength(1);
    expect(TTSAudioRawFrame.is(echo[0])).toBe(true);
    const audio = (echo[0] as TTSAudioRawFrame).audio;
    expect(audio.length).toBe(4 * CHUNK_SAMPLES);
    expect([audio[0], audio[160], audio[320], audio[480]]).toEqual([20, 30, 400, 500]);
    const echoIndex = after.indexOf(echo[0]!);
    expect(TTSStartedFrame.is(after[echoIndex - 1])).toBe(true);
    expect(TTSStoppedFrame.is(after[echoIndex + 1])).toBe(true);
    await task.cancel();
    await running;
  });

  it('cuts the quiet the VAD waited through before confirming the end of speech', async () => {
    const { task, running, speech, collector } = await startCall();
    const before = collector.frames.length;
    task.queueFrame(new UserStartedSpeakingFrame());
    for (let index = 0; index < 10; index++) task.queueFrame(chunk(3000));
    for (let index = 0; index < 30; index++) task.queueFrame(chunk(0)); // 600 ms of quiet
    task.queueFrame(new UserStoppedSpeakingFrame());
    await settle();
    const [echo] = speech(collector.frames.slice(before)) as TTSAudioRawFrame[];
    // 200 ms of speech (nothing came before it to pre-roll) and 150 ms of the quiet kept.
    expect(echo!.audio.length).toBe((200 + 150) * 8);
    await task.cancel();
    await running;
  });

  it('says goodbye and ends the call when the caller presses #', async () => {
    const { collector, task, running, speech } = await startCall();
    task.queueFrame(new PlaybackMarkPlayedFrame('greeting')); // the caller heard the greeting
    const before = collector.frames.length;
    task.queueFrame(new InputDTMFFrame('5'));
    await settle();
    expect(speech(collector.frames.slice(before))).toHaveLength(0);

    task.queueFrame(new InputDTMFFrame('#'));
    await running;
    expect(task.finishReason).toBe('end');
    const after = collector.frames.slice(before);
    const goodbye = speech(after);
    expect(goodbye).toHaveLength(1);
    expect(goodbye[0]!.audio).toEqual(prompts.goodbye.audio);
    const endIndex = after.findIndex((frame) => EndFrame.is(frame));
    expect(endIndex).toBeGreaterThan(after.indexOf(goodbye[0]!));
    // Nothing was playing or queued, so nothing was interrupted.
    expect(after.some((frame) => InterruptionFrame.is(frame))).toBe(false);
  });

  it('stops the greeting still queued for playback before saying goodbye', async () => {
    const { collector, task, running } = await startCall();
    const before = collector.frames.length;
    task.queueFrame(new InputDTMFFrame('#'));
    await running;
    const types = collector.frames.slice(before).map((frame) => frame.type);
    expect(types.indexOf('InterruptionFrame')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('InterruptionFrame')).toBeLessThan(
      types.indexOf('SpeechOutputAudioRawFrame'),
    );
  });

  it('stops its own playback before the goodbye when the bot is speaking', async () => {
    const { collector, running, bot } = await startCall();
    collector.pushFrame(new BotStartedSpeakingFrame(), 'upstream');
    await settle();
    const before = collector.frames.length;
    bot.endCall('session timeout');
    await running;
    const types = collector.frames.slice(before).map((frame) => frame.type);
    expect(types.slice(0, 4)).toEqual([
      'InterruptionFrame',
      'TTSStartedFrame',
      'SpeechOutputAudioRawFrame',
      'TTSStoppedFrame',
    ]);
    expect(types.at(-1)).toBe('EndFrame');
  });

  it('ends once and ignores the caller while saying goodbye', async () => {
    const endings: string[] = [];
    const bot = new EchoBot({ prompts, onEnding: (reason) => endings.push(reason) });
    const collector = new Collector();
    const task = new PipelineTask(new Pipeline([bot, collector]), {
      audioInSampleRate: SAMPLE_RATE,
      audioOutSampleRate: SAMPLE_RATE,
      clock: new ManualClock(),
    });
    const running = task.run();
    await settle();
    bot.endCall('session timeout');
    bot.endCall('again');
    task.queueFrame(new UserStartedSpeakingFrame());
    task.queueFrame(chunk(4000));
    task.queueFrame(new UserStoppedSpeakingFrame());
    await running;
    expect(endings).toEqual(['session timeout']);
    expect(collector.frames.filter((frame) => TTSAudioRawFrame.is(frame))).toHaveLength(0);
    expect(bot.echoCount).toBe(0);
  });

  it('cancels the call at once when the provider says the caller hung up', async () => {
    const { collector, task, running, speech } = await startCall();
    const before = collector.frames.length;
    task.queueFrame(new UserStartedSpeakingFrame());
    task.queueFrame(chunk(4000));
    task.queueFrame(new StreamStoppedFrame('caller hung up'));
    task.queueFrame(new UserStoppedSpeakingFrame());
    await running;
    expect(task.finishReason).toBe('cancel');
    expect(speech(collector.frames.slice(before))).toHaveLength(0);
  });

  it("counts the utterances the caller heard to the end from the provider's playback marks", async () => {
    const { bot, task, running } = await startCall();
    task.queueFrame(new PlaybackMarkPlayedFrame('greeting', true));
    task.queueFrame(new PlaybackMarkPlayedFrame('echo-1'));
    await settle();
    expect(bot.heardCount).toBe(1);
    await task.cancel();
    await running;
  });

  it('keys back the digits typed before *, after stopping what it was saying', async () => {
    const { collector, task, running } = await startCall();
    task.queueFrames([new BotStartedSpeakingFrame()]); // the greeting plays
    task.queueFrames(['4', '2', '*'].map((key) => new InputDTMFFrame(key as '4')));
    await settle();
    const answer = collector.frames.filter((frame): frame is OutputDTMFFrame =>
      OutputDTMFFrame.is(frame),
    );
    expect(answer.map((frame) => frame.buttons.join(''))).toEqual(['42']);
    const interruption = collector.frames.findIndex((frame) => InterruptionFrame.is(frame));
    expect(interruption).toBeGreaterThan(-1);
    expect(interruption).toBeLessThan(collector.frames.indexOf(answer[0]!));
    // the keys typed reach the pipeline; the * itself does not
    const typed = collector.frames
      .filter((frame): frame is InputDTMFFrame => InputDTMFFrame.is(frame))
      .map((frame) => frame.button);
    expect(typed).toEqual(['4', '2']);
    await task.cancel();
    await running;
  });

  it('keys back 123 on * when nothing was typed since the last answer', async () => {
    const { collector, task, running } = await startCall();
    task.queueFrames([new InputDTMFFrame('7'), new InputDTMFFrame('*'), new InputDTMFFrame('*')]);
    await settle();
    const answers = collector.frames.filter((frame): frame is OutputDTMFFrame =>
      OutputDTMFFrame.is(frame),
    );
    expect(answers.map((frame) => frame.buttons.join(''))).toEqual(['7', '123']);
    await task.cancel();
    await running;
  });

  it('thinks with the hold music on before echoing, and turns it off before speaking', async () => {
    const thinkingMs = 2000;
    const { collector, clock, bot, task, running, speech } = await startCall({ thinkingMs });
    const before = collector.frames.length;
    task.queueFrames([new UserStartedSpeakingFrame(), chunk(400), new UserStoppedSpeakingFrame()]);
    await settle();
    expect(bot.thinking).toBe(true);
    expect(speech(collector.frames.slice(before))).toEqual([]);
    const mixerFrames = () =>
      collector.frames
        .filter((frame): frame is MixerControlFrame => MixerControlFrame.is(frame))
        .map((frame) => frame.enabled);
    expect(mixerFrames()).toEqual([true]);
    await clock.advance(thinkingMs - 1);
    expect(speech(collector.frames.slice(before))).toEqual([]);
    await clock.advance(1);
    await settle();
    expect(bot.thinking).toBe(false);
    expect(mixerFrames()).toEqual([true, false]);
    const after = collector.frames.slice(before);
    const echo = speech(after)[0]!;
    const musicOff = after.findIndex(
      (frame) => MixerControlFrame.is(frame) && frame.enabled === false,
    );
    expect(musicOff).toBeLessThan(after.indexOf(echo));
    await task.cancel();
    await running;
  });

  it('stops the hold music and says goodbye when # comes while it thinks', async () => {
    const { collector, clock, task, running, speech } = await startCall({ thinkingMs: 2000 });
    task.queueFrames([
      new UserStartedSpeakingFrame(),
      chunk(400),
      new UserStoppedSpeakingFrame(),
      new InputDTMFFrame('#'),
    ]);
    await settle();
    await clock.advance(3000);
    await settle();
    expect(
      collector.frames
        .filter((frame): frame is MixerControlFrame => MixerControlFrame.is(frame))
        .map((frame) => frame.enabled),
    ).toEqual([true, false]);
    expect(
      speech().filter((frame): frame is TTSAudioRawFrame => TTSAudioRawFrame.is(frame)),
    ).toEqual([]); // no echo after the goodbye
    task.queueFrame(new EndFrame());
    await running;
  });

  it('echoes each turn as it was when it ended, also a turn that ends while it thinks', async () => {
    const { clock, collector, task, running, speech } = await startCall({ thinkingMs: 2000 });
    const before = collector.frames.length;
    task.queueFrames([new UserStartedSpeakingFrame(), chunk(400), new UserStoppedSpeakingFrame()]);
    await settle();
    await clock.advance(1000);
    task.queueFrames([
      chunk(0), // quiet longer than the pre-roll between the turns
      chunk(0),
      new UserStartedSpeakingFrame(),
      chunk(700),
      new UserStoppedSpeakingFrame(),
    ]);
    await settle();
    await clock.advance(1000);
    await settle();
    const echoes = speech(collector.frames.slice(before)) as TTSAudioRawFrame[];
    const levels = echoes.map((echo) => [...new Set(echo.audio)].filter((level) => level !== 0));
    expect(levels).toEqual([[400], [700]]);
    task.queueFrame(new EndFrame());
    await running;
  });
});
