/**
 * What `detectProvider` makes of the first messages of a socket, run on an in-memory socket
 * and a manual clock, for properties and benchmarks that feed it fuzzed openings.
 */
import {
  type CallData,
  DEFAULT_DETECTION_TIMEOUT_MS,
  type DetectedCall,
  detectProvider,
  ManualClock,
  type ProviderDescriptor,
  ProviderDetectionError,
  silentLogger,
} from '@x/transport-core';
import type { WireMessage } from './fuzzed-message.js';
import { InMemorySocket } from './in-memory-socket.js';

/** How detection settled: a call, a `ProviderDetectionError`, or anything else that escaped. */
export type DetectionOutcome =
  | {
      readonly detected: DetectedCall<CallData>;
      readonly failed?: undefined;
      readonly escaped?: undefined;
    }
  | {
      readonly detected?: undefined;
      readonly failed: ProviderDetectionError;
      readonly escaped?: undefined;
    }
  | { readonly detected?: undefined; readonly failed?: undefined; readonly escaped: unknown };

/**
 * Runs `detectProvider` with `descriptors` on a socket that receives `messages`, then lets its
 * timeout of `timeoutMs` pass. An exception that a message listener throws into the socket is
 * an escape, as is a rejection that is not a `ProviderDetectionError`.
 */
export async function detectionOutcome(
  descriptors: readonly ProviderDescriptor<CallData>[],
  messages: readonly WireMessage[],
  timeoutMs = DEFAULT_DETECTION_TIMEOUT_MS,
): Promise<DetectionOutcome> {
  const clock = new ManualClock();
  const socket = new InMemorySocket();
  // failures are outcomes here, not news: keep them off the console
  const detection = detectProvider(socket, descriptors, {
    clock,
    timeoutMs,
    logger: silentLogger,
  }).then(
    (detected): DetectionOutcome => ({ detected }),
    (error: unknown): DetectionOutcome =>
      error instanceof ProviderDetectionError ? { failed: error } : { escaped: error },
  );
  let thrownIntoSocket: DetectionOutcome | undefined;
  try {
    for (const message of messages) socket.receive(message);
  } catch (error) {
    thrownIntoSocket = { escaped: error };
  }
  await clock.advance(timeoutMs);
  const outcome = await detection;
  return thrownIntoSocket ?? outcome;
}
