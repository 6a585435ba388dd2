import { describe, expect, it } from 'vitest';
import { toyFuzzTarget } from './__fixtures__/toy-provider.js';
import { serializerFromStart } from './provider-stream.js';

describe('serializerFromStart', () => {
  it("builds the serializer from the stream's last opening message, with the REST hang-up off", () => {
    const target = toyFuzzTarget();
    const built: unknown[] = [];
    const descriptor = {
      ...target.descriptor,
      createSerializer: (callData: unknown, options: unknown) => {
        built.push([callData, options]);
        return target.descriptor.createSerializer(callData as never);
      },
    };
    expect(serializerFromStart({ ...target, descriptor }).name).toBe('toy');
    expect(built).toEqual([
      [expect.objectContaining({ streamId: 'toy-stream-1' }), { autoHangUp: false }],
    ]);
  });

  it('refuses a stream whose last opening message is not a start message', () => {
    const target = toyFuzzTarget({ openingMessages: [{ event: 'hello' }] });
    expect(() => serializerFromStart(target)).toThrow(/does not recognise/);
  });
});
