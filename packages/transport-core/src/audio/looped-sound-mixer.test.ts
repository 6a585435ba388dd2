import { describe, expect, it } from 'vitest';
import { LoopedSoundMixer } from './looped-sound-mixer.js';

function sound(samples: number[], sampleRate = 8000, numChannels = 1) {
  return { audio: Int16Array.from(samples), sampleRate, numChannels };
}

function started(mixer: LoopedSoundMixer, sampleRate = 8000, numChannels = 1): LoopedSoundMixer {
  mixer.start(sampleRate, numChannels);
  return mixer;
}

describe('LoopedSoundMixer', () => {
  it('adds the scaled sound to the bot audio and clips to PCM16', () => {
    const mixer = started(
      new LoopedSoundMixer({ sound: sound([1000, -1000, 30_000, -30_000]), volume: 0.5 }),
    );
    const chunk = Int16Array.from([100, 100, 30_000, -30_000]);
    mixer.mix(chunk);
    expect([...chunk]).toEqual([600, -400, 32_767, -32_768]);
  });

  it('loops the sound across chunks, carrying its position', () => {
    const mixer = started(new LoopedSoundMixer({ sound: sound([1, 2, 3]), volume: 1 }));
    expect([...mixer.next(2)]).toEqual([1, 2]);
    expect([...mixer.next(5)]).toEqual([3, 1, 2, 3, 1]);
  });

  it('changes its volume at runtime and rounds the scaled samples', () => {
    const mixer = started(new LoopedSoundMixer({ sound: sound([1000, 1001]), volume: 1 }));
    expect([...mixer.next(2)]).toEqual([1000, 1001]);
    mixer.update({ volume: 0.25 });
    expect(mixer.volume).toBe(0.25);
    expect([...mixer.next(2)]).toEqual([250, 250]);
  });

  it('leaves the bot audio untouched while disabled and resumes the sound where it paused', () => {
    const mixer = started(new LoopedSoundMixer({ sound: sound([1, 2, 3, 4]), volume: 1 }));
    expect([...mixer.next(1)]).toEqual([1]);
    mixer.update({ enabled: false });
    expect(mixer.enabled).toBe(false);
    const chunk = Int16Array.from([7, 7]);
    mixer.mix(chunk);
    expect([...chunk]).toEqual([7, 7]);
    mixer.update({ enabled: true });
    expect([...mixer.next(2)]).toEqual([2, 3]);
  });

  it('mixes stereo sound down and duplicates it for stereo output', () => {
    const mixer = started(
      new LoopedSoundMixer({ sound: sound([100, 300, 500, 700], 8000, 2), volume: 1 }),
      8000,
      2,
    );
    expect([...mixer.next(4)]).toEqual([200, 200, 600, 600]);
  });

  it('resamples the sound to the output rate once, sharing it between mixers', () => {
    const samples = Array.from({ length: 800 }, (_, index) =>
      Math.round(8000 * Math.sin((2 * Math.PI * 400 * index) / 8000)),
    );
    const hold = sound(samples);
    const first = started(new LoopedSoundMixer({ sound: hold, volume: 1 }), 16_000);
    const second = started(new LoopedSoundMixer({ sound: hold, volume: 1 }), 16_000);
    const a = first.next(1600);
    expect(second.next(1600)).toEqual(a);
    // 100 ms of a 400 Hz tone at 16 kHz: the level is kept
    const rms = Math.sqrt(a.subarray(400, 1200).reduce((sum, s) => sum + s * s, 0) / 800);
    expect(rms).toBeGreaterThan(8000 / Math.SQRT2 - 200);
    expect(rms).toBeLessThan(8000 / Math.SQRT2 + 200);
  });

  it('refuses empty sounds, bad channel counts and bad volumes, and mixing before start', () => {
    expect(() => new LoopedSoundMixer({ sound: sound([]) })).toThrow(/empty/);
    expect(() => new LoopedSoundMixer({ sound: sound([1, 2, 3], 8000, 3) })).toThrow(/3/);
    expect(() => new LoopedSoundMixer({ sound: sound([1]), volume: -1 })).toThrow(/volume.*-1/);
    const mixer = new LoopedSoundMixer({ sound: sound([1]) });
    expect(() => mixer.update({ volume: Number.NaN })).toThrow(/volume/);
    expect(() => mixer.next(1)).toThrow(/start/);
  });
});
