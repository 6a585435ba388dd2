/**
 * What a provider's `recognize` makes of one parsed message, for properties that allow only the
 * documented answers and for benchmarks that count the others.
 */
import type { ProviderRecognizer } from '@x/transport-core';
import { describeError } from './describe-error.js';
import type { WireMessage } from './fuzzed-message.js';

/** What `recognize` said: its `kind`, or `none` for `undefined`. */
export type RecognitionKind = 'start' | 'preamble' | 'refused' | 'none';

/** Every answer `recognize` may give. */
export const RECOGNITION_KINDS: readonly RecognitionKind[] = [
  'start',
  'preamble',
  'refused',
  'none',
];

/** What escaped `recognize`: an exception, or an answer of no documented shape. */
export interface RecognitionEscape {
  readonly escaped: unknown;
}

/** Asks `descriptor` (any provider) to recognise `value`, never throwing: its answer, or what escaped. */
export function tryRecognize(
  descriptor: ProviderRecognizer,
  value: unknown,
): RecognitionKind | RecognitionEscape {
  let recognition: ReturnType<ProviderRecognizer['recognize']>;
  try {
    recognition = descriptor.recognize(value);
  } catch (error) {
    return { escaped: error };
  }
  const malformed = (what: string) => ({
    escaped: new TypeError(`${descriptor.name}.recognize ${what}`),
  });
  if (recognition === undefined) return 'none';
  switch (recognition.kind) {
    case 'start':
      return typeof recognition.callData?.streamId === 'string'
        ? 'start'
        : malformed('answered start without a stream id');
    case 'refused':
      return typeof recognition.reason === 'string' && recognition.reason.length > 0
        ? 'refused'
        : malformed('refused without a reason');
    case 'preamble':
      return 'preamble';
    default:
      return malformed(`answered ${JSON.stringify(recognition)}`);
  }
}

/**
 * Asks `descriptor` to recognise `value`.
 * @throws Error naming the exception when `recognize` throws, or when its answer is not one of
 * the documented shapes.
 */
export function recognitionKind(descriptor: ProviderRecognizer, value: unknown): RecognitionKind {
  const kind = tryRecognize(descriptor, value);
  if (typeof kind === 'string') return kind;
  throw new Error(`${descriptor.name}.recognize escaped with ${describeError(kind.escaped)}`, {
    cause: kind.escaped,
  });
}

/** The message parsed from JSON as `detectProvider` parses it, or `undefined` when it cannot be. */
export function parsedOrUndefined(message: WireMessage): unknown {
  if (typeof message !== 'string') return undefined;
  try {
    return JSON.parse(message);
  } catch {
    return undefined;
  }
}
