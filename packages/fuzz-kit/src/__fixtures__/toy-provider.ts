/**
 * A toy provider for the kit's own tests: a five-message protocol (`hello`, `start`, `media`,
 * `dtmf`, `mark`), μ-law at 8 kHz, with a careful serializer that refuses anything else with a
 * `MessageRejectedError`, and a careless one that parses JSON without a guard.
 */
import {
  type CallData,
  type FrameSerializer,
  InputAudioRawFrame,
  InputDTMFFrame,
  MessageRejectedError,
  PlaybackMarkPlayedFrame,
  type ProviderDescriptor,
  ulawToPcm,
} from '@x/transport-core';
import { decodeBase64Payload, encodeBase64 } from '@x/transport-core/provider-kit';
import fc from 'fast-check';
import type { FuzzTarget } from '../fuzz-target.js';
import type { JsonObject } from '../fuzzed-message.js';
import {
  DTMF_DIGITS,
  dtmfDigit,
  markName,
  mediaMessages,
  mediaPayloadBytes,
} from '../stream-fields.js';

/** The toy stream's sample rate, in Hz. */
export const TOY_SAMPLE_RATE_HZ = 8000;
/** The toy stream's id. */
export const TOY_STREAM_ID = 'toy-stream-1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function refuse(reason: string): never {
  throw new MessageRejectedError('invalid-message', reason);
}

/** Reads a toy message carefully: anything but the five documented messages is refused. */
function parseCarefully(data: string | Uint8Array): Record<string, unknown> {
  if (typeof data !== 'string') throw new MessageRejectedError('binary-message', 'binary frame');
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    throw new MessageRejectedError('invalid-json', 'not JSON');
  }
  if (!isRecord(message)) refuse('not an object');
  return message;
}

/** A toy serializer; `parse` reads the JSON (carefully, or not). */
class ToySerializer implements FrameSerializer {
  readonly name = 'toy';

  constructor(readonly parse: (data: string | Uint8Array) => Record<string, unknown>) {}

  setup(): void {}

  serialize(): undefined {
    return undefined;
  }

  deserialize(data: string | Uint8Array) {
    const message = this.parse(data);
    switch (message.event) {
      case 'media': {
        const payload = isRecord(message.media) ? message.media.payload : undefined;
        if (typeof payload !== 'string') refuse('media without a payload');
        return new InputAudioRawFrame(ulawToPcm(decodeBase64Payload(payload)), TOY_SAMPLE_RATE_HZ);
      }
      case 'dtmf':
        if (typeof message.digit !== 'string' || !DTMF_DIGITS.includes(message.digit)) {
          refuse('not a key');
        }
        return new InputDTMFFrame(message.digit as string);
      case 'mark':
        if (typeof message.name !== 'string') refuse('mark without a name');
        return new PlaybackMarkPlayedFrame(message.name as string);
      case 'hello':
      case 'start':
        return undefined;
      default:
        return refuse('unknown event');
    }
  }
}

/** The toy descriptor: `hello` is preamble, `start` with a string `streamId` starts a call. */
export function toyDescriptor(
  parse: (data: string | Uint8Array) => Record<string, unknown> = parseCarefully,
): ProviderDescriptor<CallData> {
  return {
    name: 'toy',
    recognize(message) {
      if (!isRecord(message)) return undefined;
      if (message.event === 'hello') return { kind: 'preamble' };
      if (message.event !== 'start' || typeof message.streamId !== 'string') return undefined;
      const callData: CallData = {
        provider: 'toy',
        streamId: message.streamId,
        callId: message.streamId,
        customParameters: {},
        mediaFormat: { encoding: 'PCMU', sampleRate: TOY_SAMPLE_RATE_HZ, channels: 1 },
      };
      return { kind: 'start', callData };
    },
    createSerializer: () => new ToySerializer(parse),
    webhookResponse: () => ({ contentType: 'text/plain', body: '' }),
  };
}

/** A serializer that trusts its input: `JSON.parse` without a guard. */
export const carelessParse = (data: string | Uint8Array) =>
  JSON.parse(String(data)) as Record<string, unknown>;

const START: JsonObject = { event: 'start', streamId: TOY_STREAM_ID };
const mediaMessage = (payload: Uint8Array, chunk: number): JsonObject => ({
  event: 'media',
  media: { chunk, payload: encodeBase64(payload) },
});
const mediaPayload = mediaPayloadBytes(160);

/** The toy provider's fuzz target, with a careful serializer unless told otherwise. */
export function toyFuzzTarget(overrides: Partial<FuzzTarget> = {}): FuzzTarget {
  return {
    name: 'toy',
    descriptor: toyDescriptor(),
    openingMessages: [{ event: 'hello' }, START],
    validMessage: fc.oneof(
      fc.constant<JsonObject>({ event: 'hello' }),
      fc.constant(START),
      { weight: 4, arbitrary: mediaMessages(mediaMessage, mediaPayload) },
      dtmfDigit.map((digit) => ({ event: 'dtmf', digit })),
      markName.map((name) => ({ event: 'mark', name })),
    ),
    mediaMessage,
    sampleRateHz: TOY_SAMPLE_RATE_HZ,
    mediaPayload,
    decodedAudio: ulawToPcm,
    keyPress: dtmfDigit.map((digit) => ({ message: { event: 'dtmf', digit }, digit })),
    playedMark: markName.map((name) => ({ message: { event: 'mark', name }, name })),
    recognitionKinds: ['start', 'preamble', 'none'],
    ...overrides,
  };
}
