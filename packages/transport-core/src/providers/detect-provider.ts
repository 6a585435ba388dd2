import { type Clock, systemClock, type TimerHandle } from '../clock/clock.js';
import { defaultLogger, type Logger } from '../logging/logger.js';
import { containSocket } from '../transport/socket-containment.js';
import {
  messageDataOf,
  type WebSocketCloseEventLike,
  type WebSocketLike,
  type WebSocketMessageEventLike,
} from '../transport/websocket-like.js';
import type { CallData } from './call-data.js';
import type { ProviderDescriptor, ProviderRecognition } from './provider-descriptor.js';
import {
  PROVIDER_MID_STREAM_EVENTS,
  providerEventOf,
  providerLookAlikeOf,
} from './provider-look-alike.js';
import type { ProviderRecognizer, RecognizedCallData } from './provider-recognizer.js';
import type { DetectedProvider } from './telephony-provider.js';

/** Default bound on waiting for a provider's start message, in milliseconds. */
export const DEFAULT_DETECTION_TIMEOUT_MS = 5_000;
/** Default number of messages accepted before the start message. */
export const DEFAULT_MAX_MESSAGES_BEFORE_START = 8;
/** Messages held after detection until the transport takes them, at most. */
export const MAX_HELD_MESSAGES = 2_000;

/** Options of `detectProvider`. */
export interface DetectProviderOptions {
  /** How long to wait for the start message, in milliseconds; default 5000. */
  timeoutMs?: number;
  /** How many messages may come before the start message; default 8. */
  maxMessagesBeforeStart?: number;
  /** Clock for the timeout; inject a manual clock in tests. */
  clock?: Clock;
  /**
   * Logger for detection (each failure is a warning). Default `defaultLogger` (warnings on the
   * console); pass `silentLogger` to drop them.
   */
  logger?: Logger;
}

/** Why detection failed. */
export type ProviderDetectionFailure =
  /** No start message within the timeout. */
  | 'timeout'
  /** The socket closed (or failed) before a start message. */
  | 'closed'
  /** A message no provider recognises. */
  | 'unknown-protocol'
  /** More than `maxMessagesBeforeStart` messages without a start. */
  | 'too-many-messages'
  /** A provider recognised the start message but refused the call (its reason says why). */
  | 'refused';

/** Detection failed; `failure` says why. The socket is left open for the caller to close. */
export class ProviderDetectionError extends Error {
  override readonly name = 'ProviderDetectionError';
  constructor(
    readonly failure: ProviderDetectionFailure,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A call whose provider was recognised from its first messages: `P` is the type of the
 * providers passed to `detectProvider`, `C` the call data they give.
 */
export interface DetectedCall<
  C extends CallData = CallData,
  P extends ProviderRecognizer = ProviderRecognizer<C>,
> {
  /** The provider that recognised the start message, as passed to `detectProvider`. */
  readonly provider: P;
  /** What the start message says about the call. */
  readonly callData: C;
  /**
   * Returns every message read so far (preamble, start, and whatever arrived since, in order)
   * and stops reading: call it once, synchronously right before handing the socket to the
   * transport, so no message is lost or read twice.
   */
  takeMessages(): (string | Uint8Array)[];
}

/**
 * Reads a new socket's first messages and picks the provider that recognises the start
 * message. Waits at most `timeoutMs`; fails clearly on timeout, on a close before start, or on a
 * message no provider recognises. Core imports no provider: pass them (the providers made by
 * `createTwilio` / `createTelnyx` / `createPlivo`, or any `ProviderRecognizer`).
 * The socket is contained (`containSocket`): after a failure, close it as you like; an error
 * it reports while closing never reaches the process.
 *
 * ```ts
 * const providers = [createTwilio(), createTelnyx(), createPlivo()];
 * const call = await detectProvider(socket, providers);
 * const serializer = call.provider.createSerializer(call.callData, { callBound: true });
 * ```
 */
export function detectProvider<C extends CallData, SerializerOptions>(
  socket: WebSocketLike,
  providers: readonly [ProviderDescriptor<C, SerializerOptions>],
  options?: DetectProviderOptions,
): Promise<DetectedCall<C, ProviderDescriptor<C, SerializerOptions>>>;
/** Several descriptors: the call data is the common `CallData`; check `callData.provider`. */
export function detectProvider(
  socket: WebSocketLike,
  providers: readonly ProviderDescriptor[],
  options?: DetectProviderOptions,
): Promise<DetectedCall<CallData, ProviderDescriptor>>;
/**
 * Any recognisers, e.g. `TelephonyProvider`s: the call carries the providers' own type and the
 * union of their call data (`callData.provider` tells them apart).
 */
export function detectProvider<P extends ProviderRecognizer>(
  socket: WebSocketLike,
  providers: readonly P[],
  options?: DetectProviderOptions,
): Promise<DetectedCall<RecognizedCallData<P>, DetectedProvider<P>>>;
export function detectProvider<C extends CallData>(
  socket: WebSocketLike,
  providers: readonly ProviderRecognizer<C>[],
  options: DetectProviderOptions = {},
): Promise<DetectedCall<C>> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? defaultLogger;
  const timeoutMs = options.timeoutMs ?? DEFAULT_DETECTION_TIMEOUT_MS;
  const maxBeforeStart = options.maxMessagesBeforeStart ?? DEFAULT_MAX_MESSAGES_BEFORE_START;
  // Whatever happens to detection, the socket keeps an error listener until it has closed.
  containSocket(socket, { logger });

  return new Promise<DetectedCall<C>>((resolve, reject) => {
    const held: (string | Uint8Array)[] = [];
    let detected = false;
    let finished = false;
    let droppedAfterDetection = 0;
    let timer: TimerHandle | undefined;

    const detach = (): void => {
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('close', onClose);
      socket.removeEventListener('error', onError);
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    };
    const fail = (failure: ProviderDetectionFailure, message: string): void => {
      if (finished) return;
      finished = true;
      detach();
      logger.warn({ failure }, message);
      reject(new ProviderDetectionError(failure, message));
    };

    function onMessage(event: WebSocketMessageEventLike): void {
      let data: string | Uint8Array;
      try {
        data = messageDataOf(event.data);
      } catch (error) {
        if (!detected) fail('unknown-protocol', (error as Error).message);
        return;
      }
      if (detected) {
        if (held.length < MAX_HELD_MESSAGES) held.push(data);
        else droppedAfterDetection++;
        return;
      }
      held.push(data);
      if (typeof data !== 'string') {
        fail(
          'unknown-protocol',
          `binary message (${data.byteLength} bytes) before the start message`,
        );
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        // no snippet: an opening message can carry a token, which must not reach a log line
        fail('unknown-protocol', `message is not JSON (${data.length} characters)`);
        return;
      }
      let claimed = false;
      for (const provider of providers) {
        let recognition: ProviderRecognition<C>;
        try {
          recognition = provider.recognize(parsed);
        } catch (error) {
          fail(
            'unknown-protocol',
            `${provider.name} failed to read the message: ${(error as Error).message ?? String(error)}`,
          );
          return;
        }
        if (recognition?.kind === 'start') {
          detected = true;
          finished = true;
          if (timer !== undefined) clock.clearTimeout(timer);
          timer = undefined;
          logger.debug({ provider: provider.name }, 'provider detected');
          resolve({
            provider,
            callData: recognition.callData,
            takeMessages: () => {
              detach();
              if (droppedAfterDetection > 0) {
                logger.warn(
                  { dropped: droppedAfterDetection },
                  'messages dropped before hand-over',
                );
              }
              return held.splice(0, held.length);
            },
          });
          return;
        }
        if (recognition?.kind === 'refused') {
          fail('refused', `${provider.name} refused the call: ${recognition.reason}`);
          return;
        }
        if (recognition?.kind === 'preamble') claimed = true;
      }
      if (!claimed) {
        const names = providers.map((provider) => provider.name).join(', ') || 'none';
        fail(
          'unknown-protocol',
          `no provider (${names}) recognises the message (${describeMessageShape(parsed)})${unrecognisedMessageHint(parsed, held.length === 1, providers)}`,
        );
      } else if (held.length > maxBeforeStart) {
        fail('too-many-messages', `${held.length} messages without a start message`);
      }
    }
    function onClose(event: WebSocketCloseEventLike): void {
      if (detected) {
        detach();
        return;
      }
      fail('closed', `socket closed before a start message (code ${event.code ?? 'unknown'})`);
    }
    function onError(): void {
      if (detected) return;
      fail('closed', 'socket failed before a start message');
    }

    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', onClose);
    socket.addEventListener('error', onError);
    timer = clock.setTimeout(() => {
      fail('timeout', `no start message within ${timeoutMs} ms`);
    }, timeoutMs);
  });
}

/**
 * Why a provider's message may not have been recognised, from its shape (keys and event only):
 * a mid-stream message first means the opening messages were missed; a message shaped like a
 * provider's that is not in the list names that provider. Empty when nothing can be said.
 */
function unrecognisedMessageHint(
  message: unknown,
  isFirstMessage: boolean,
  providers: readonly ProviderRecognizer[],
): string {
  const lookAlike = providerLookAlikeOf(message);
  const event = providerEventOf(message);
  const hints: string[] = [];
  if (isFirstMessage && event !== undefined && PROVIDER_MID_STREAM_EVENTS.has(event)) {
    hints.push(
      `the first message read is a mid-stream "${event}" message${lookAlike ? ` (it looks like ${lookAlike.displayName})` : ''}, so the opening "connected"/"start" messages were missed: the listeners were probably attached late, after the socket had emitted them. Call detectProvider synchronously in the WebSocket server's "connection" handler, before any await`,
    );
  } else if (lookAlike) {
    const listed = providers.some(
      (provider) => provider.name.toLowerCase() === lookAlike.name.toLowerCase(),
    );
    hints.push(
      listed
        ? `it looks like a ${lookAlike.displayName} message that the ${lookAlike.name} provider does not accept (a required field missing or of the wrong type?)`
        : `it looks like a ${lookAlike.displayName} message: add the ${lookAlike.displayName} provider to the list given to detectProvider, or check where ${lookAlike.displayName} sends this stream`,
    );
  }
  return hints.length > 0 ? `; ${hints.join('; ')}` : '';
}

/** Longest event name quoted in a description. */
const MAX_DESCRIBED_EVENT_LENGTH = 32;
/** Most key names listed in a description. */
const MAX_DESCRIBED_KEYS = 8;

/**
 * What a JSON message looks like, without its values (an opening message can carry a stream
 * token or a call token, which must not reach a log line): its `event` and its key names.
 */
export function describeMessageShape(message: unknown): string {
  if (message === null || typeof message !== 'object')
    return `a JSON ${message === null ? 'null' : typeof message}`;
  if (Array.isArray(message)) return `a JSON array of ${message.length}`;
  const record = message as Record<string, unknown>;
  const keys = Object.keys(record);
  const listed = keys
    .slice(0, MAX_DESCRIBED_KEYS)
    .map((key) => JSON.stringify(key.slice(0, MAX_DESCRIBED_EVENT_LENGTH)));
  const more =
    keys.length > MAX_DESCRIBED_KEYS ? `, … ${keys.length - MAX_DESCRIBED_KEYS} more` : '';
  const event = record.event;
  const eventPart =
    typeof event === 'string' && /^[A-Za-z_-]{1,32}$/.test(event) ? `event "${event}", ` : '';
  return `${eventPart}keys ${listed.join(', ') || 'none'}${more}`;
}
