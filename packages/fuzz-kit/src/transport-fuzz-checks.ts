/**
 * The properties a call on a `WebSocketTransport` must keep when its provider sends fuzzed
 * messages, parameterised by the provider's `FuzzTarget`: nothing escapes, each skipped kind is
 * logged once and nothing as an error, the transport keeps listening, and caller audio after
 * refused messages is heard.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { badMessages } from './deserialize-outcome.js';
import { type FuzzCheck, type FuzzTarget, startedSerializer } from './fuzz-target.js';
import type { FuzzedMessage } from './fuzzed-message.js';
import { fuzzedMessage } from './message-mutations.js';
import {
  skipWarningsByKind,
  startTransportUnderFuzz,
  type TransportUnderFuzz,
} from './transport-under-fuzz.js';

/** Options of `transportFuzzChecks`. */
export interface TransportFuzzOptions {
  /** Calls run by each property. */
  callRuns: number;
  /** Fuzzed messages in the longest call. */
  longestStream: number;
}

export const DEFAULT_TRANSPORT_FUZZ_OPTIONS: Readonly<TransportFuzzOptions> = Object.freeze({
  callRuns: 300,
  longestStream: 30,
});

/** The transport properties of `target`'s provider, one `FuzzCheck` each. */
export function transportFuzzChecks(
  target: FuzzTarget,
  options: Partial<TransportFuzzOptions> = {},
): FuzzCheck[] {
  const { callRuns, longestStream } = { ...DEFAULT_TRANSPORT_FUZZ_OPTIONS, ...options };
  const fuzzed = fuzzedMessage(target.validMessage);
  const bad = badMessages(fuzzed, () => startedSerializer(target));

  /** Runs a call that receives the opening messages, then `messages`, then `check`s it. */
  const withCall = async (
    messages: readonly FuzzedMessage[],
    check: (call: TransportUnderFuzz) => Promise<void>,
  ): Promise<void> => {
    const call = await startTransportUnderFuzz(target, target.sampleRateHz);
    try {
      for (const message of messages) call.socket.receive(message.data);
      await call.settle();
      await check(call);
    } finally {
      await call.stop();
    }
  };

  return [
    {
      name: 'lets no exception escape, logs each skipped kind once and nothing as an error, and keeps listening',
      run: () =>
        fc.assert(
          fc.asyncProperty(fc.array(fuzzed, { maxLength: longestStream }), (messages) =>
            withCall(messages, async (call) => {
              const skipped = call.transport.stats.messagesSkippedByKind;
              assert.deepEqual(
                skipWarningsByKind(call.logger),
                new Map(Object.keys(skipped).map((kind) => [kind, 1])),
              );
              assert.deepEqual(call.logger.at('error'), []);
              assert.ok(call.transport.listening, 'the transport stopped listening');
            }),
          ),
          { numRuns: callRuns },
        ),
    },
    {
      name: 'hears the next valid media message after any refused ones',
      run: () =>
        fc.assert(
          fc.asyncProperty(
            fc.array(bad, { maxLength: longestStream }),
            target.mediaPayload,
            (messages, payload) =>
              withCall(messages, async (call) => {
                assert.equal(call.transport.stats.messagesSkipped, messages.length);
                call.socket.receive(JSON.stringify(target.mediaMessage(payload, 1)));
                await call.settle();
                const heard = call.recorder.audio();
                assert.equal(heard.length, 1, `${heard.length} audio frames heard`);
                assert.deepEqual(heard[0]!.audio, target.decodedAudio(payload));
              }),
          ),
          { numRuns: callRuns },
        ),
    },
  ];
}
