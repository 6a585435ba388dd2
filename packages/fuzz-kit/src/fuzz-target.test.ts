import type { FrameSerializerSetup } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { toyDescriptor, toyFuzzTarget } from './__fixtures__/toy-provider.js';
import { startedSerializer } from './fuzz-target.js';

describe('startedSerializer', () => {
  it("builds a fresh serializer of the call each time and sets it up at the stream's rate", () => {
    const target = toyFuzzTarget({ sampleRateHz: 16_000 });
    const setups: FrameSerializerSetup[] = [];
    const toy = toyDescriptor();
    const descriptor = {
      ...toy,
      createSerializer: (callData: never) => {
        const serializer = toy.createSerializer(callData);
        serializer.setup = (setup) => setups.push(setup);
        return serializer;
      },
    };
    const first = startedSerializer({ ...target, descriptor });
    const second = startedSerializer({ ...target, descriptor });
    expect(first).not.toBe(second);
    expect(setups.map((setup) => setup.audioInSampleRate)).toEqual([16_000, 16_000]);
  });
});
