/**
 * What `detectProvider` makes of the first messages of a socket, run on an in-memory socket
 * and a manual clock, for properties and benchmarks that feed it fuzzed openings.
 */
import {
  DEFAULT_DETECTION_TIMEOUT_MS,
  type DetectedCall,
  type DetectedProvider,
  detectProvider,
  ProviderDetectionError,
  type ProviderRecognizer,
  type RecognizedCallData,
  silentLogger,
} from '@x/transport-core';
import { ManualClock } from '@x/transport-core/testing';
import type { WireMessage } from './fuzzed-message.js';
import { InMemorySocket } from './in-memory-socket.js';

/**
 * How detection settled: a call, a `ProviderDetectionError`, or anything else that escaped. The
 * call is typed as `detectProvider` types it for the providers `P`.
 */
export type DetectionOutcome<P extends ProviderRecognizer = ProviderRecognizer> =
  | {
      readonly detected: DetectedCall<RecognizedCallData<P>, DetectedProvider<P>>;
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
 * Runs `detectProvider` with `providers` (e.g. `createTwilio({ env: {} })`, or any
 * `ProviderRecognizer`) on a socket that receives `messages`, then lets its timeout of
 * `timeoutMs` pass. An exception that a message listener throws into the socket is an escape, as
 * is a rejection that is not a `ProviderDetectionError`.
 */
export async function detectionOutcome<P extends ProviderRecognizer>(
  providers: readonly P[],
  messages: readonly WireMessage[],
  timeoutMs = DEFAULT_DETECTION_TIMEOUT_MS,
): Promise<DetectionOutcome<P>> {
  const clock = new ManualClock();
  const socket = new InMemorySocket();
  // failures are outcomes here, not news: keep them off the console
  const detection = detectProvider(socket, providers, {
    clock,
    timeoutMs,
    logger: silentLogger,
  }).then(
    (detected): DetectionOutcome<P> => ({ detected }),
    (error: unknown): DetectionOutcome<P> =>
      error instanceof ProviderDetectionError ? { failed: error } : { escaped: error },
  );
  let thrownIntoSocket: DetectionOutcome<P> | undefined;
  try {
    for (const message of messages) socket.receive(message);
  } catch (error) {
    thrownIntoSocket = { escaped: error };
  }
  await clock.advance(timeoutMs);
  const outcome = await detection;
  return thrownIntoSocket ?? outcome;
}
