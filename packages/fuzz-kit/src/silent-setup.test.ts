import { type FrameSerializerSetup, RawAudioSerializer, silentLogger } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { setUpSilently } from './silent-setup.js';

describe('setUpSilently', () => {
  it('sets the serializer up once, at one rate both ways, with the silent logger', () => {
    const serializer = new RawAudioSerializer();
    const setups: FrameSerializerSetup[] = [];
    const original = serializer.setup.bind(serializer);
    serializer.setup = (setup) => {
      setups.push(setup);
      original(setup);
    };
    expect(setUpSilently(serializer, 16_000)).toBe(serializer);
    expect(setups).toEqual([
      { audioInSampleRate: 16_000, audioOutSampleRate: 16_000, logger: silentLogger },
    ]);
  });
});
