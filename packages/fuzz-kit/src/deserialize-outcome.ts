/**
 * What a serializer makes of one fuzzed message, for properties that allow only the documented
 * answers (frames, or a `MessageRejectedError`) and for benchmarks that count the others.
 */
import { type Frame, type FrameSerializer, isMessageRejectedError } from '@x/transport-core';
import type fc from 'fast-check';
import { describeError } from './describe-error.js';
import type { FuzzedMessage, WireMessage } from './fuzzed-message.js';

/** `deserialize`'s answer: the frames it returned, or the kind of its `MessageRejectedError`. */
export type DeserializeOutcome =
  | { readonly frames: readonly Frame[]; readonly rejected?: undefined }
  | { readonly frames?: undefined; readonly rejected: string };

/** What escaped `deserialize`: an exception other than a rejection, or a value that is no frame. */
export interface DeserializeEscape {
  readonly escaped: unknown;
  readonly frames?: undefined;
  readonly rejected?: undefined;
}

/** Deserializes `message`, never throwing: the answer, or what escaped. */
export function tryDeserialize(
  serializer: FrameSerializer,
  message: WireMessage,
): DeserializeOutcome | DeserializeEscape {
  let result: ReturnType<FrameSerializer['deserialize']>;
  try {
    result = serializer.deserialize(message);
  } catch (error) {
    if (isMessageRejectedError(error)) return { rejected: error.kind };
    return { escaped: error };
  }
  const frames: readonly Frame[] =
    result === undefined ? [] : Array.isArray(result) ? result : [result as Frame];
  for (const frame of frames) {
    if (frame === null || typeof frame !== 'object' || typeof frame.type !== 'string') {
      return {
        escaped: new TypeError(`deserialize returned ${String(frame)}, which is not a frame`),
      };
    }
  }
  return { frames };
}

/**
 * Deserializes `message`.
 * @throws Error naming the exception when `deserialize` throws anything but a
 * `MessageRejectedError`, or when it returns something that is not a frame.
 */
export function deserializeOutcome(
  serializer: FrameSerializer,
  message: WireMessage,
): DeserializeOutcome {
  const outcome = tryDeserialize(serializer, message);
  if ('escaped' in outcome) {
    throw new Error(`deserialize escaped with ${describeError(outcome.escaped)}`, {
      cause: outcome.escaped,
    });
  }
  return outcome;
}

/**
 * The messages of `messages` that a freshly started serializer refuses: bad whatever state a
 * call is in, so a call that receives them must carry on as if it had not.
 */
export function badMessages(
  messages: fc.Arbitrary<FuzzedMessage>,
  freshSerializer: () => FrameSerializer,
): fc.Arbitrary<FuzzedMessage> {
  return messages.filter(
    (message) => deserializeOutcome(freshSerializer(), message.data).rejected !== undefined,
  );
}
