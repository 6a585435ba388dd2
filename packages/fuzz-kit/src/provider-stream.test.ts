import type { TelephonyProvider } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { toyDescriptor, toyFuzzTarget } from './__fixtures__/toy-provider.js';
import { serializerFromStart } from './provider-stream.js';

describe('serializerFromStart', () => {
  it("builds the serializer from the stream's last opening message, with the REST hang-up off", () => {
    const target = toyFuzzTarget();
    const built: unknown[] = [];
    const toy = toyDescriptor();
    const descriptor = {
      ...toy,
      createSerializer: (callData: unknown, options: unknown) => {
        built.push([callData, options]);
        return toy.createSerializer(callData as never);
      },
    };
    expect(serializerFromStart({ ...target, descriptor }).name).toBe('toy');
    expect(built).toEqual([
      [expect.objectContaining({ streamId: 'toy-stream-1' }), { autoHangUp: false }],
    ]);
  });

  it('builds a factory-made provider’s serializer for a call that is not call-bound, so it never hangs up', () => {
    const target = toyFuzzTarget();
    const toy = toyDescriptor();
    const contexts: unknown[] = [];
    // the members of a `createTwilio()`-made provider that fuzzing uses
    const provider: Partial<TelephonyProvider> = {
      name: 'toy',
      recognize: toy.recognize,
      security: {
        webhooksVerified: false,
        upgradesVerified: false,
        callBoundStreams: false,
        hangUpEnabled: false,
        summary: 'toy',
      },
      createSerializer: (callData, context) => {
        contexts.push(context);
        return toy.createSerializer(callData);
      },
    };
    const descriptor = provider as TelephonyProvider;
    expect(serializerFromStart({ ...target, descriptor }).name).toBe('toy');
    expect(contexts).toEqual([{ callBound: false }]);
  });

  it('refuses a stream whose last opening message is not a start message', () => {
    const target = toyFuzzTarget({ openingMessages: [{ event: 'hello' }] });
    expect(() => serializerFromStart(target)).toThrow(/does not recognise/);
  });
});
