import { describe, expect, it } from 'vitest';
import { UserInputMute } from './user-input-mute.js';

describe('UserInputMute', () => {
  it('starts unmuted and follows the mute frames, saying when they change something', () => {
    const mute = new UserInputMute(false);
    expect(mute.muted).toBe(false);
    expect(mute.set(true)).toBe(true);
    expect(mute.set(true)).toBe(false);
    expect(mute.muted).toBe(true);
    expect(mute.botTurnEnded()).toBe(false);
    expect(mute.muted).toBe(true);
    expect(mute.set(false)).toBe(true);
  });

  it('muted until the first bot turn ends: unmutes then, and only then', () => {
    const mute = new UserInputMute(true);
    expect(mute.muted).toBe(true);
    expect(mute.botTurnEnded()).toBe(true);
    expect(mute.muted).toBe(false);
    mute.set(true);
    expect(mute.botTurnEnded()).toBe(false);
    expect(mute.muted).toBe(true);
  });

  it('an explicit mute frame before the first bot turn ends takes over', () => {
    const mute = new UserInputMute(true);
    mute.set(true);
    expect(mute.botTurnEnded()).toBe(false);
    expect(mute.muted).toBe(true);
  });
});
