/**
 * The properties every provider serializer must keep under fuzzing, parameterised by the
 * provider's `FuzzTarget`: `deserialize` only ever returns frames or refuses with a
 * `MessageRejectedError`, refused messages leave no trace on the call, and the descriptor's
 * `recognize` only gives its documented answers.
 */
import assert from 'node:assert/strict';
import {
  type Frame,
  InputAudioRawFrame,
  InputDTMFFrame,
  PlaybackMarkPlayedFrame,
} from '@x/transport-core';
import fc from 'fast-check';
import { badMessages, deserializeOutcome } from './deserialize-outcome.js';
import { type FuzzCheck, type FuzzTarget, startedSerializer } from './fuzz-target.js';
import type { FuzzedMessage } from './fuzzed-message.js';
import { fuzzedMessage } from './message-mutations.js';
import { prototypeIsClean } from './prototype-pollution.js';
import { parsedOrUndefined, type RecognitionKind, recognitionKind } from './recognition-kind.js';

/** Options of `serializerFuzzChecks`. */
export interface SerializerFuzzOptions {
  /** Runs of the properties on one message. */
  singleMessageRuns: number;
  /** Runs of the properties on a sequence of messages. */
  sequenceRuns: number;
  /** Messages in the longest sequence. */
  longestSequence: number;
}

export const DEFAULT_SERIALIZER_FUZZ_OPTIONS: Readonly<SerializerFuzzOptions> = Object.freeze({
  singleMessageRuns: 4000,
  sequenceRuns: 600,
  longestSequence: 25,
});

/** A valid message whose frame is known, or a refused one. */
type Step =
  | { readonly valid: 'media'; readonly payload: Uint8Array }
  | { readonly valid: 'dtmf'; readonly message: object; readonly digit: string }
  | { readonly valid: 'mark'; readonly message: object; readonly name: string }
  | { readonly valid: undefined; readonly message: FuzzedMessage };

const POLLUTED = 'a message reached Object.prototype';

/** Fails unless `frame` is the one `step` must become. */
function assertFrameOf(step: Step, frame: Frame, target: FuzzTarget): void {
  switch (step.valid) {
    case 'media':
      assert.ok(InputAudioRawFrame.is(frame), `media became ${frame.type}`);
      assert.deepEqual(frame.audio, target.decodedAudio(step.payload));
      break;
    case 'dtmf':
      assert.ok(InputDTMFFrame.is(frame), `a key press became ${frame.type}`);
      assert.equal(frame.button, step.digit);
      break;
    case 'mark':
      assert.ok(PlaybackMarkPlayedFrame.is(frame), `a played mark became ${frame.type}`);
      assert.equal(frame.markName, step.name);
      break;
  }
}

/** `start, preamble, refused or nothing`. */
function answersOf(kinds: readonly RecognitionKind[]): string {
  const words = kinds.map((kind) => (kind === 'none' ? 'nothing' : kind));
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** The serializer properties of `target`'s provider, one `FuzzCheck` each. */
export function serializerFuzzChecks(
  target: FuzzTarget,
  options: Partial<SerializerFuzzOptions> = {},
): FuzzCheck[] {
  const { singleMessageRuns, sequenceRuns, longestSequence } = {
    ...DEFAULT_SERIALIZER_FUZZ_OPTIONS,
    ...options,
  };
  const started = () => startedSerializer(target);
  /** A started serializer that has been given `messages`, answering each as documented. */
  const startedAfter = (messages: readonly FuzzedMessage[]) => {
    const serializer = started();
    for (const message of messages) deserializeOutcome(serializer, message.data);
    return serializer;
  };
  const fuzzed = fuzzedMessage(target.validMessage);
  const bad = badMessages(fuzzed, started);
  const step: fc.Arbitrary<Step> = fc.oneof(
    target.mediaPayload.map((payload): Step => ({ valid: 'media', payload })),
    target.keyPress.map(({ message, digit }): Step => ({ valid: 'dtmf', message, digit })),
    target.playedMark.map(({ message, name }): Step => ({ valid: 'mark', message, name })),
    { weight: 3, arbitrary: bad.map((message): Step => ({ valid: undefined, message })) },
  );
  return [
    {
      name: 'deserialize returns frames or throws a MessageRejectedError for any mutated or garbage message',
      run: () =>
        fc.assert(
          fc.property(fuzzed, (message) => {
            deserializeOutcome(started(), message.data);
            assert.ok(prototypeIsClean(), POLLUTED);
          }),
          { numRuns: singleMessageRuns },
        ),
    },
    {
      name: 'deserialize returns frames or throws a MessageRejectedError all along any sequence of fuzzed messages',
      run: () =>
        fc.assert(
          fc.property(fc.array(fuzzed, { maxLength: longestSequence }), (messages) => {
            startedAfter(messages);
          }),
          { numRuns: sequenceRuns },
        ),
    },
    {
      name: 'after any sequence of refused messages, the next valid media message decodes to the caller audio',
      run: () =>
        fc.assert(
          fc.property(
            fc.array(bad, { maxLength: longestSequence }),
            target.mediaPayload,
            (messages, payload) => {
              const serializer = startedAfter(messages);
              const media = JSON.stringify(target.mediaMessage(payload, 1));
              const { frames, rejected } = deserializeOutcome(serializer, media);
              assert.equal(rejected, undefined, `the media message was refused as ${rejected}`);
              const audio = frames!.filter((frame) => InputAudioRawFrame.is(frame));
              assert.equal(audio.length, 1, `${audio.length} audio frames`);
              assert.deepEqual(audio[0]!.audio, target.decodedAudio(payload));
            },
          ),
          { numRuns: sequenceRuns },
        ),
    },
    {
      name: 'deserialize gives each valid message its frame however refused messages are interleaved with them',
      run: () =>
        fc.assert(
          fc.property(fc.array(step, { maxLength: longestSequence }), (steps) => {
            const serializer = started();
            let chunk = 0;
            for (const current of steps) {
              if (current.valid === undefined) {
                const { rejected } = deserializeOutcome(serializer, current.message.data);
                assert.notEqual(rejected, undefined, 'a refused message was accepted mid-call');
                continue;
              }
              const message =
                current.valid === 'media'
                  ? target.mediaMessage(current.payload, ++chunk)
                  : current.message;
              const { frames, rejected } = deserializeOutcome(serializer, JSON.stringify(message));
              assert.equal(
                rejected,
                undefined,
                `a valid ${current.valid} was refused as ${rejected}`,
              );
              assert.equal(
                frames!.length,
                1,
                `a valid ${current.valid} gave ${frames!.length} frames`,
              );
              assertFrameOf(current, frames![0]!, target);
            }
          }),
          { numRuns: sequenceRuns },
        ),
    },
    {
      name: `${target.descriptor.name}.recognize never throws, and answers only ${answersOf(target.recognitionKinds)}, for any parsed message`,
      run: () =>
        fc.assert(
          fc.property(
            fc.oneof(
              target.validMessage,
              fuzzed.map((message) => parsedOrUndefined(message.data)),
              fc.anything(),
            ),
            (value) => {
              const kind = recognitionKind(target.descriptor, value);
              assert.ok(target.recognitionKinds.includes(kind), `recognize answered ${kind}`);
              assert.ok(prototypeIsClean(), POLLUTED);
            },
          ),
          { numRuns: singleMessageRuns },
        ),
    },
  ];
}
