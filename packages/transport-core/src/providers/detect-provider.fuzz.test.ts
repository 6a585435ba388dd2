import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.js';
import { silentLogger } from '../logging/logger.js';
import { FakeWebSocket } from '../testing-internal/fake-websocket.js';
import type { CallData } from './call-data.js';
import {
  type DetectedCall,
  detectProvider,
  ProviderDetectionError,
  type ProviderDetectionFailure,
} from './detect-provider.js';
import type { ProviderDescriptor, ProviderRecognition } from './provider-descriptor.js';

const RUNS = 2000;
const TIMEOUT_MS = 5_000;
const MAX_MESSAGES_BEFORE_START = 4;
const LONGEST_OPENING = 12;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Recognises `{"event":"hello"}` as preamble and `{"event":"start","alpha":id}` as start. */
const alpha: ProviderDescriptor = {
  name: 'alpha',
  recognize(message: unknown): ProviderRecognition {
    if (!isRecord(message)) return undefined;
    if (message.event === 'hello') return { kind: 'preamble' };
    if (message.event !== 'start' || typeof message.alpha !== 'string') return undefined;
    if (message.alpha === 'refuse') return { kind: 'refused', reason: 'alpha refuses' };
    const callData: CallData = {
      provider: 'alpha',
      streamId: message.alpha,
      callId: message.alpha,
      customParameters: {},
      mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
    };
    return { kind: 'start', callData };
  },
  createSerializer() {
    throw new Error('not used');
  },
  webhookResponse() {
    return { contentType: 'text/plain', body: '' };
  },
};

/** A descriptor with a bug: it throws on any message with a `boom` field, and on `null`. */
const throwing: ProviderDescriptor = {
  ...alpha,
  name: 'throwing',
  recognize(message: unknown): ProviderRecognition {
    if ((message as { boom?: unknown }).boom !== undefined) throw new Error('boom');
    return undefined;
  },
};

/** Anything a socket may deliver during detection, biased towards the descriptors' shapes. */
const delivered: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('{"event":"hello"}') },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constant('refuse'))
      .map((id) => JSON.stringify({ event: 'start', alpha: id })),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify({ boom: value })) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.anything() },
);

/** True for data `messageDataOf` turns into text or bytes. */
function isTextOrBytes(data: unknown): boolean {
  if (typeof data === 'string' || data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    return true;
  }
  return Array.isArray(data) && data.every((part) => part instanceof Uint8Array);
}

/** What detection should conclude from `messages`: the start's stream id or the failure. */
function expectedOutcome(messages: readonly unknown[]): string | ProviderDetectionFailure {
  let held = 0;
  for (const data of messages) {
    if (typeof data !== 'string') return 'unknown-protocol';
    held++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return 'unknown-protocol';
    }
    const recognition = alpha.recognize(parsed);
    if (recognition?.kind === 'start') return `start:${recognition.callData.streamId}`;
    if (recognition?.kind === 'refused') return 'refused';
    if (!isRecord(parsed) && parsed === null) return 'unknown-protocol';
    if (isRecord(parsed) && parsed.boom !== undefined) return 'unknown-protocol';
    if (recognition?.kind !== 'preamble') return 'unknown-protocol';
    if (held > MAX_MESSAGES_BEFORE_START) return 'too-many-messages';
  }
  return 'timeout';
}

describe('detectProvider under fuzzing', () => {
  it('settles on the start message or with the failure the messages call for, and never throws into the socket', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(delivered, { maxLength: LONGEST_OPENING }), async (messages) => {
        const clock = new ManualClock();
        const socket = new FakeWebSocket();
        const detection = detectProvider(socket, [alpha, throwing], {
          clock,
          timeoutMs: TIMEOUT_MS,
          maxMessagesBeforeStart: MAX_MESSAGES_BEFORE_START,
          logger: silentLogger,
        });
        const settled: Promise<DetectedCall | ProviderDetectionError> = detection.catch(
          (error: unknown) => {
            expect(error).toBeInstanceOf(ProviderDetectionError);
            return error as ProviderDetectionError;
          },
        );
        for (const data of messages) socket.receive(data);
        await clock.advance(TIMEOUT_MS);
        const outcome = await settled;

        const expected = expectedOutcome(messages);
        if (outcome instanceof ProviderDetectionError) {
          expect(outcome.failure).toBe(expected);
          expect(socket.listenerCount('message')).toBe(0);
          return;
        }
        expect(`start:${outcome.callData.streamId}`).toBe(expected);
        // every message of text or bytes is handed over once, in order (others are dropped)
        const handedOver = outcome.takeMessages();
        const deliverable = messages.filter(isTextOrBytes);
        expect(handedOver).toHaveLength(deliverable.length);
        handedOver.forEach((data, index) => {
          const sent = deliverable[index];
          if (typeof sent === 'string') expect(data).toBe(sent);
          else expect(data).toBeInstanceOf(Uint8Array);
        });
        expect(socket.listenerCount('message')).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });
});
