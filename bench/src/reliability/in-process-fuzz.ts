/**
 * Part a: fuzzed messages through a provider's deserializer and through provider detection
 * (every provider's `recognize`, and `detectProvider` on short openings), in this process.
 */
import {
  describeWireMessage,
  detectionOutcome,
  type FuzzedProvider,
  fuzzedMessage,
  parsedOrUndefined,
  serializerFromStart,
  setUpSilently,
  tryDeserialize,
  tryRecognize,
  type WireMessage,
} from '@x/fuzz-kit';
import fc from 'fast-check';
import type { FuzzProvider } from './fuzz-provider.js';
import { countInto } from './statistics.js';

/** Cases generated per fast-check sample (each batch has its own seed). */
const BATCH_CASES = 1_000;
/** Messages one serializer gets before a fresh one is built: sequences, so state counts. */
const CASES_PER_SERIALIZER = 50;
/** Messages in one opening handed to `detectProvider`. */
const MESSAGES_PER_DETECTION = 10;
/** Detection timeout, in (manual-clock) milliseconds. */
const DETECTION_TIMEOUT_MS = 5_000;
/** Pipeline rate the serializers are set up with, in Hz. */
const PIPELINE_SAMPLE_RATE_HZ = 16_000;
/** Escaped exceptions kept as examples. */
const MAX_ESCAPE_EXAMPLES = 5;
/** Characters of a message quoted in an example. */
const EXAMPLE_MESSAGE_CHARACTERS = 160;

/** An exception that escaped, with where and on what. */
export interface EscapeExample {
  /** `deserialize`, `recognize` or `detectProvider`. */
  where: string;
  /** The exception's name and message. */
  error: string;
  /** The first frames of its stack. */
  stack: string;
  /** An excerpt of the message that caused it, with its framing and length. */
  message: string;
}

/** What part a measured for one provider. */
export interface InProcessFuzzResult {
  provider: string;
  /** Fuzzed messages generated. */
  cases: number;
  /** Seed of the first batch (batch n uses seed + n). */
  seed: number;
  /** `deserialize` returned frames (or nothing) for this many. */
  accepted: number;
  /** `deserialize` refused with a `MessageRejectedError`, by kind. */
  rejectedByKind: Record<string, number>;
  /** `deserialize` threw something other than a `MessageRejectedError` (must be 0). */
  deserializeEscapes: number;
  /** What the three providers' `recognize` said about the parsed messages, by answer. */
  recognitions: Record<string, number>;
  /** `recognize` threw (must be 0). */
  recognizeEscapes: number;
  /** `detectProvider` outcomes of the openings, by detected provider or failure. */
  detections: Record<string, number>;
  /** `detectProvider` rejected with something other than `ProviderDetectionError`, or a message listener threw (must be 0). */
  detectionEscapes: number;
  /** The first escaped exceptions. */
  escapeExamples: EscapeExample[];
  /** Wall time of the whole part for this provider, in milliseconds. */
  wallMs: number;
}

function example(where: string, error: unknown, message: WireMessage): EscapeExample {
  const described = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack =
    error instanceof Error ? (error.stack ?? '').split('\n').slice(1, 6).join('\n') : '';
  return {
    where,
    error: described,
    stack,
    message: describeWireMessage(message, EXAMPLE_MESSAGE_CHARACTERS),
  };
}

function freshSerializer(provider: FuzzProvider) {
  return setUpSilently(serializerFromStart(provider), PIPELINE_SAMPLE_RATE_HZ);
}

/** `detectProvider`'s outcome on `messages`: the detected provider, the failure, or `escaped`. */
async function detectOpening(
  descriptors: readonly FuzzedProvider[],
  messages: readonly WireMessage[],
): Promise<{ outcome: string; thrown?: unknown }> {
  const { detected, failed, escaped } = await detectionOutcome(
    descriptors,
    messages,
    DETECTION_TIMEOUT_MS,
  );
  if (detected) return { outcome: `detected ${detected.provider.name}` };
  if (failed) return { outcome: failed.failure };
  return { outcome: 'escaped', thrown: escaped };
}

/** Fuzzes `provider` with `cases` messages (a multiple of 1,000) starting at `seed`. */
export async function fuzzInProcess(
  provider: FuzzProvider,
  descriptors: readonly FuzzedProvider[],
  cases: number,
  seed: number,
): Promise<InProcessFuzzResult> {
  const result: InProcessFuzzResult = {
    provider: provider.name,
    cases: 0,
    seed,
    accepted: 0,
    rejectedByKind: {},
    deserializeEscapes: 0,
    recognitions: {},
    recognizeEscapes: 0,
    detections: {},
    detectionEscapes: 0,
    escapeExamples: [],
    wallMs: 0,
  };
  const keep = (escaped: EscapeExample) => {
    if (result.escapeExamples.length < MAX_ESCAPE_EXAMPLES) result.escapeExamples.push(escaped);
  };
  const arbitrary = fuzzedMessage(provider.validMessage);
  const started = performance.now();
  let serializer = freshSerializer(provider);
  for (let batch = 0; result.cases < cases; batch++) {
    const messages = fc
      .sample(arbitrary, {
        seed: seed + batch,
        numRuns: Math.min(BATCH_CASES, cases - result.cases),
      })
      .map((fuzzed) => fuzzed.data);
    for (const message of messages) {
      if (result.cases % CASES_PER_SERIALIZER === 0) serializer = freshSerializer(provider);
      result.cases++;
      const outcome = tryDeserialize(serializer, message);
      if (outcome.rejected !== undefined) countInto(result.rejectedByKind, outcome.rejected);
      else if (outcome.frames) result.accepted++;
      else {
        result.deserializeEscapes++;
        keep(example(`${provider.name} deserialize`, outcome.escaped, message));
      }
      const parsed = parsedOrUndefined(message);
      if (parsed === undefined) {
        countInto(result.recognitions, 'not JSON');
        continue;
      }
      for (const descriptor of descriptors) {
        const kind = tryRecognize(descriptor, parsed);
        if (typeof kind === 'string') {
          countInto(
            result.recognitions,
            `${descriptor.name}: ${kind === 'none' ? 'not its' : kind}`,
          );
        } else {
          result.recognizeEscapes++;
          keep(example(`${descriptor.name} recognize`, kind.escaped, message));
        }
      }
    }
    for (let from = 0; from < messages.length; from += MESSAGES_PER_DETECTION) {
      const opening = messages.slice(from, from + MESSAGES_PER_DETECTION);
      const { outcome, thrown } = await detectOpening(descriptors, opening);
      countInto(result.detections, outcome);
      if (outcome === 'escaped') {
        result.detectionEscapes++;
        keep(example('detectProvider', thrown, opening[0] ?? ''));
      }
    }
  }
  result.wallMs = performance.now() - started;
  return result;
}
