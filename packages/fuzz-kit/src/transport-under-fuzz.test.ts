import { ulawToPcm } from '@x/transport-core';
import { encodeBase64 } from '@x/transport-core/provider-kit';
import { describe, expect, it } from 'vitest';
import { TOY_SAMPLE_RATE_HZ, toyFuzzTarget } from './__fixtures__/toy-provider.js';
import { skipWarningsByKind, startTransportUnderFuzz } from './transport-under-fuzz.js';

describe('startTransportUnderFuzz', () => {
  it('starts a listening call that has received the opening and hears caller audio', async () => {
    const target = toyFuzzTarget();
    const call = await startTransportUnderFuzz(target, TOY_SAMPLE_RATE_HZ);
    try {
      expect(call.transport.listening).toBe(true);
      expect(call.transport.stats.messagesSkipped).toBe(0);
      const payload = Uint8Array.of(0x00, 0x7f, 0xff);
      call.socket.receive(JSON.stringify(target.mediaMessage(payload, 1)));
      await call.settle();
      expect(call.recorder.audio().map((frame) => frame.audio)).toEqual([ulawToPcm(payload)]);
    } finally {
      await call.stop();
    }
  });

  it('skips refused messages, warning once per kind, as skipWarningsByKind counts', async () => {
    const call = await startTransportUnderFuzz(toyFuzzTarget(), TOY_SAMPLE_RATE_HZ);
    try {
      for (const message of ['{', '{', '{"event":"odd"}', Uint8Array.of(1)]) {
        call.socket.receive(message);
      }
      call.socket.receive(
        JSON.stringify({ event: 'media', media: { payload: encodeBase64(Uint8Array.of(1)) } }),
      );
      await call.settle();
      expect(call.transport.stats.messagesSkipped).toBe(4);
      expect(skipWarningsByKind(call.logger)).toEqual(
        new Map([
          ['invalid-json', 1],
          ['invalid-message', 1],
          ['binary-message', 1],
        ]),
      );
      expect(call.recorder.audio()).toHaveLength(1);
    } finally {
      await call.stop();
    }
  });
});
