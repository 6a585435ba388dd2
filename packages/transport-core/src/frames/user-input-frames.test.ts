import { describe, expect, it } from 'vitest';
import { SystemFrame } from './frame.js';
import { UserIdleFrame } from './speech-frames.js';
import { UserInputMuteFrame, VADParamsUpdateFrame } from './user-input-frames.js';

describe('the user input frames', () => {
  it.each([
    ['VADParamsUpdateFrame', new VADParamsUpdateFrame({ stopSecs: 0.8 })],
    ['UserInputMuteFrame', new UserInputMuteFrame(true)],
    ['UserIdleFrame', new UserIdleFrame(1)],
  ])('%s is a system frame, so it applies at once and survives interruptions', (type, frame) => {
    expect(frame.type).toBe(type);
    expect(frame.kind).toBe('system');
    expect(SystemFrame.is(frame)).toBe(true);
  });

  it('VADParamsUpdateFrame keeps its own frozen copy of the params', () => {
    const params = { stopSecs: 0.8 };
    const frame = new VADParamsUpdateFrame(params);
    params.stopSecs = 0.1;
    expect(frame.params).toEqual({ stopSecs: 0.8 });
    expect(Object.isFrozen(frame.params)).toBe(true);
  });
});
