import { describe, expect, it, vi } from 'vitest';
import {
  BotSpeakingFrame,
  BotStartedSpeakingFrame,
  BotStoppedSpeakingFrame,
  CancelFrame,
  CancelTaskFrame,
  ClientConnectedFrame,
  type ConcreteFrameClass,
  ControlFrame,
  DataFrame,
  EndFrame,
  EndTaskFrame,
  ErrorFrame,
  Frame,
  type FrameKind,
  InputAudioRawFrame,
  InputDTMFFrame,
  InputTransportMessageFrame,
  InterruptionFrame,
  InterruptionTaskFrame,
  isSystemFrame,
  OutputAudioRawFrame,
  OutputDTMFFrame,
  OutputDTMFUrgentFrame,
  OutputTransportMessageFrame,
  OutputTransportMessageUrgentFrame,
  OutputTransportReadyFrame,
  SpeechOutputAudioRawFrame,
  StartFrame,
  StopFrame,
  SystemFrame,
  TextFrame,
  TTSAudioRawFrame,
  TTSStartedFrame,
  TTSStoppedFrame,
  UserSpeakingFrame,
  UserStartedSpeakingFrame,
  UserStoppedSpeakingFrame,
  VADUserStartedSpeakingFrame,
  VADUserStoppedSpeakingFrame,
} from './index.js';

const audio = new Int16Array(160);

type TestedFrameClass = ConcreteFrameClass & { is(frame: Frame): boolean };

/** Every frame the issue lists, with Pipecat's kind (pipecat-behaviour.md §7.1). */
const PIPECAT_FRAMES: [TestedFrameClass, () => Frame, FrameKind, boolean][] = [
  [StartFrame, () => new StartFrame(), 'system', false],
  [EndFrame, () => new EndFrame(), 'control', true],
  [StopFrame, () => new StopFrame(), 'control', true],
  [CancelFrame, () => new CancelFrame(), 'system', false],
  [ErrorFrame, () => new ErrorFrame('boom'), 'system', false],
  [InterruptionFrame, () => new InterruptionFrame(), 'system', false],
  [InputAudioRawFrame, () => new InputAudioRawFrame(audio, 8000), 'system', false],
  [OutputAudioRawFrame, () => new OutputAudioRawFrame(audio, 8000), 'data', false],
  [TTSAudioRawFrame, () => new TTSAudioRawFrame(audio, 8000), 'data', false],
  [SpeechOutputAudioRawFrame, () => new SpeechOutputAudioRawFrame(audio, 8000), 'data', false],
  [TTSStartedFrame, () => new TTSStartedFrame(), 'control', false],
  [TTSStoppedFrame, () => new TTSStoppedFrame(), 'control', false],
  [InputDTMFFrame, () => new InputDTMFFrame('1'), 'system', false],
  [OutputDTMFFrame, () => new OutputDTMFFrame('1'), 'data', false],
  [OutputDTMFUrgentFrame, () => new OutputDTMFUrgentFrame('1'), 'system', false],
  [InputTransportMessageFrame, () => new InputTransportMessageFrame({}), 'system', false],
  [OutputTransportMessageFrame, () => new OutputTransportMessageFrame({}), 'data', false],
  [
    OutputTransportMessageUrgentFrame,
    () => new OutputTransportMessageUrgentFrame({}),
    'system',
    false,
  ],
  [ClientConnectedFrame, () => new ClientConnectedFrame(), 'system', false],
  [OutputTransportReadyFrame, () => new OutputTransportReadyFrame(), 'control', false],
  [BotStartedSpeakingFrame, () => new BotStartedSpeakingFrame(), 'system', false],
  [BotStoppedSpeakingFrame, () => new BotStoppedSpeakingFrame(), 'system', false],
  [BotSpeakingFrame, () => new BotSpeakingFrame(), 'system', false],
  [UserStartedSpeakingFrame, () => new UserStartedSpeakingFrame(), 'system', false],
  [UserStoppedSpeakingFrame, () => new UserStoppedSpeakingFrame(), 'system', false],
  [UserSpeakingFrame, () => new UserSpeakingFrame(), 'system', false],
  [VADUserStartedSpeakingFrame, () => new VADUserStartedSpeakingFrame(0.2), 'system', false],
  [VADUserStoppedSpeakingFrame, () => new VADUserStoppedSpeakingFrame(0.8), 'system', false],
  [TextFrame, () => new TextFrame('hi'), 'data', false],
  [EndTaskFrame, () => new EndTaskFrame(), 'control', true],
  [CancelTaskFrame, () => new CancelTaskFrame(), 'system', false],
  [InterruptionTaskFrame, () => new InterruptionTaskFrame(), 'system', false],
];

const BASE_BY_KIND: Record<FrameKind, { is(frame: Frame): boolean }> = {
  system: SystemFrame,
  data: DataFrame,
  control: ControlFrame,
};

describe('Frame', () => {
  describe.each(PIPECAT_FRAMES)('%s', (frameClass, create, kind, uninterruptible) => {
    it(`keeps Pipecat's name and is a ${kind} frame`, () => {
      const frame = create();
      expect(frame.type).toBe(frameClass.name);
      expect(frameClass.type).toBe(frameClass.name);
      expect(frame.kind).toBe(kind);
      expect(BASE_BY_KIND[kind].is(frame)).toBe(true);
      expect(isSystemFrame(frame)).toBe(kind === 'system');
      for (const other of Object.keys(BASE_BY_KIND) as FrameKind[]) {
        if (other !== kind) expect(BASE_BY_KIND[other].is(frame)).toBe(false);
      }
    });

    it(`is ${uninterruptible ? '' : 'not '}uninterruptible`, () => {
      expect(create().uninterruptible).toBe(uninterruptible);
    });

    it('is recognised by its own class and by Frame', () => {
      const frame = create();
      expect(frameClass.is(frame)).toBe(true);
      expect(Frame.is(frame)).toBe(true);
    });
  });

  it('gives every frame class a distinct type name', () => {
    const names = PIPECAT_FRAMES.map(([frameClass]) => frameClass.type);
    expect(new Set(names).size).toBe(names.length);
  });

  it('tells frames of unrelated classes apart', () => {
    expect(EndFrame.is(new StopFrame())).toBe(false);
    expect(CancelFrame.is(new EndFrame())).toBe(false);
    expect(InputAudioRawFrame.is(new OutputAudioRawFrame(audio, 8000))).toBe(false);
    expect(OutputAudioRawFrame.is(new InputAudioRawFrame(audio, 8000))).toBe(false);
  });

  it('answers false for null and undefined', () => {
    expect(Frame.is(null)).toBe(false);
    expect(EndFrame.is(undefined)).toBe(false);
  });

  it('recognises a subclass as its parent class but not the parent as the subclass', () => {
    const tts = new TTSAudioRawFrame(audio, 24_000);
    expect(OutputAudioRawFrame.is(tts)).toBe(true);
    expect(DataFrame.is(tts)).toBe(true);
    expect(tts.types).toEqual(['TTSAudioRawFrame', 'OutputAudioRawFrame', 'DataFrame', 'Frame']);
    expect(TTSAudioRawFrame.is(new OutputAudioRawFrame(audio, 24_000))).toBe(false);
    expect(TTSAudioRawFrame.is(new SpeechOutputAudioRawFrame(audio, 24_000))).toBe(false);
  });

  it('narrows the frame type so its fields can be read', () => {
    const frame: Frame = new TextFrame('hello');
    if (!TextFrame.is(frame)) throw new Error('expected a text frame');
    expect(frame.text).toBe('hello');
  });

  it('recognises frames built by a duplicated copy of the frame classes without instanceof', async () => {
    const original = await import('./index.js');
    vi.resetModules();
    const copy = await import('./index.js');
    expect(copy.EndFrame).not.toBe(original.EndFrame);

    const foreignEnd = new copy.EndFrame('bye');
    const foreignTts = new copy.TTSAudioRawFrame(audio, 16_000);
    expect(foreignEnd instanceof original.EndFrame).toBe(false);
    expect(original.EndFrame.is(foreignEnd)).toBe(true);
    expect(original.StopFrame.is(foreignEnd)).toBe(false);
    expect(original.OutputAudioRawFrame.is(foreignTts)).toBe(true);
    expect(original.TTSAudioRawFrame.is(new copy.OutputAudioRawFrame(audio, 16_000))).toBe(false);
    expect(copy.EndFrame.is(new original.EndFrame())).toBe(true);
    expect(original.isSystemFrame(new copy.CancelFrame())).toBe(true);
    expect(foreignEnd.uninterruptible).toBe(true);
  });

  it('recognises a frame whose class comes from elsewhere but declares the same static type', () => {
    // What a second package copy looks like from here: another class object, same type names.
    class ForeignEndFrame extends ControlFrame {
      static override readonly type = 'EndFrame';
    }
    const foreign = new ForeignEndFrame();
    expect(foreign instanceof EndFrame).toBe(false);
    expect(EndFrame.is(foreign)).toBe(true);
    expect(StopFrame.is(foreign)).toBe(false);
  });

  it('gives frames unique ids that increase, also across duplicated copies of the classes', async () => {
    const first = new TextFrame('a');
    const second = new EndFrame();
    vi.resetModules();
    const copy = await import('./index.js');
    const third = new copy.TextFrame('c');
    expect(second.id).toBeGreaterThan(first.id);
    expect(third.id).toBeGreaterThan(second.id);
    expect(first.name).toBe(`TextFrame#${first.id}`);
    expect(String(second)).toBe(`EndFrame#${second.id}`);
  });

  describe('user-defined frames', () => {
    class TranscriptFrame extends DataFrame {
      static override readonly type: string = 'TranscriptFrame';
      constructor(readonly text: string) {
        super();
      }
    }
    class FinalTranscriptFrame extends TranscriptFrame {
      static override readonly type = 'FinalTranscriptFrame';
    }
    class HangUpRequestFrame extends SystemFrame {
      static override readonly type = 'HangUpRequestFrame';
    }
    class FlushFrame extends ControlFrame {
      static override readonly type = 'FlushFrame';
      override get uninterruptible(): boolean {
        return true;
      }
    }

    it('takes its type and kind from the class it extends', () => {
      const transcript = new TranscriptFrame('hello');
      expect(transcript.type).toBe('TranscriptFrame');
      expect(transcript.kind).toBe('data');
      expect(new HangUpRequestFrame().kind).toBe('system');
      expect(new FlushFrame().kind).toBe('control');
      expect(new FlushFrame().uninterruptible).toBe(true);
    });

    it('works with is() like the built-in frames, subclasses included', () => {
      const final = new FinalTranscriptFrame('done');
      expect(TranscriptFrame.is(final)).toBe(true);
      expect(FinalTranscriptFrame.is(new TranscriptFrame('partial'))).toBe(false);
      expect(TextFrame.is(final)).toBe(false);
      expect(HangUpRequestFrame.is(final)).toBe(false);
    });

    it('refuses a frame class that does not declare its own static type', () => {
      class Untyped extends DataFrame {}
      class UntypedTranscript extends TranscriptFrame {}
      expect(() => new Untyped()).toThrow(TypeError);
      expect(() => new Untyped()).toThrow(/Untyped.*static type/);
      expect(() => new UntypedTranscript('x')).toThrow(/UntypedTranscript/);
    });
  });
});
