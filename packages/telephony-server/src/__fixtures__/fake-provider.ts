import {
  type AnswerWebhookOptions,
  CALL_TOKEN_PARAMETER,
  type CallData,
  type Frame,
  type FrameSerializer,
  type HangUpOutcome,
  headerValue,
  type IncomingRequestLike,
  InputAudioRawFrame,
  MessageRejectedError,
  OutputAudioRawFrame,
  type ProviderRecognition,
  StreamStoppedFrame,
  type TelephonyProvider,
  type TelephonyProviderSecurity,
  type VerificationResult,
  type WebhookResponse,
} from '@x/transport-core';

/** Header a fake upgrade or webhook carries its key in. */
export const FAKE_KEY_HEADER = 'x-fakeline-key';
/** Samples in one fake media message (20 ms at 8 kHz). */
export const FAKE_MEDIA_SAMPLES = 160;

/** Settings of `createFakeProvider`: which checks it can make. */
export interface FakeProviderSettings {
  /** Provider name (its webhook path). Default `fakeline`. */
  name?: string;
  /** The shared key; without it nothing can be verified. */
  key?: string;
  /** Check webhooks (needs `key`). Default: when `key` is set. */
  webhooksVerified?: boolean;
  /** Check upgrades (needs `key`). Default: when `key` is set. */
  upgradesVerified?: boolean;
  /** Hang calls up (records them in `hangUps`) when a stream is call-bound. Default true. */
  hangUp?: boolean;
}

/** A fake provider, with what it was asked to do. */
export interface FakeProvider extends TelephonyProvider {
  /** Call ids hung up, in order. */
  readonly hangUps: string[];
  /** Serializers created, with their context. */
  readonly serializers: { callId: string; callBound: boolean; upgradeVerified: boolean }[];
}

/** A call id whose call the fake cannot serve (its `createSerializer` throws). */
export const UNSERVABLE_CALL_ID = 'unservable';

/** The fake's call token of `callId` (what a verified webhook answer carries). */
export function fakeCallToken(callId: string): string {
  return `token-for-${callId}`;
}

/** A fake start message. */
export function fakeStart(callId: string, parameters: Record<string, string> = {}): string {
  return JSON.stringify({ event: 'start', callId, streamId: `stream-${callId}`, parameters });
}

/** A fake media message (silence). */
export const FAKE_MEDIA = JSON.stringify({ event: 'media', samples: FAKE_MEDIA_SAMPLES });

/** A fake stop message (the caller hung up). */
export const FAKE_STOP = JSON.stringify({ event: 'stop' });

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The fake's wire protocol: JSON `start`, `media` (a sample count), `stop`; media back the same way. */
class FakeSerializer implements FrameSerializer {
  readonly name = 'fakeline';
  #hungUp = false;

  constructor(
    readonly callId: string,
    readonly hangUpCall: ((callId: string) => void) | undefined,
  ) {}

  setup(): void {}

  deserialize(data: string | Uint8Array): Frame | undefined {
    if (typeof data !== 'string') throw new MessageRejectedError('binary', 'binary message');
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      throw new MessageRejectedError('not-json', 'not JSON');
    }
    if (!isRecord(message)) throw new MessageRejectedError('not-object', 'not an object');
    if (message.event === 'media') {
      const samples = Number(message.samples);
      return new InputAudioRawFrame(new Int16Array(Math.max(0, Math.floor(samples) || 0)), 8000);
    }
    if (message.event === 'stop') return new StreamStoppedFrame('caller hung up');
    return undefined;
  }

  serialize(frame: Frame): string | undefined {
    if (OutputAudioRawFrame.is(frame)) {
      return JSON.stringify({ event: 'media', samples: frame.audio.length });
    }
    return undefined;
  }

  async hangUp(): Promise<HangUpOutcome> {
    if (!this.hangUpCall || this.#hungUp) return 'skipped';
    this.#hungUp = true;
    this.hangUpCall(this.callId);
    return 'hung-up';
  }
}

/** The `callId` field of a fake webhook's form body. */
function callIdOfFakeWebhook(request: IncomingRequestLike): string | undefined {
  const body =
    typeof request.rawBody === 'string'
      ? request.rawBody
      : Buffer.from(request.rawBody ?? new Uint8Array()).toString('utf8');
  return new URLSearchParams(body).get('callId') || undefined;
}

/**
 * A provider speaking a small fake protocol, implementing `TelephonyProvider` with checks that
 * are easy to drive from a test: the key in `x-fakeline-key` proves webhooks and upgrades; a
 * verified webhook (`callId=<id>` in its body) answers JSON with the stream URL and the call's
 * token; a stream is call-bound when its start carries that token.
 */
export function createFakeProvider(settings: FakeProviderSettings = {}): FakeProvider {
  const name = settings.name ?? 'fakeline';
  const key = settings.key;
  const webhooksVerified = key !== undefined && (settings.webhooksVerified ?? true);
  const upgradesVerified = key !== undefined && (settings.upgradesVerified ?? true);
  const callBoundStreams = webhooksVerified;
  const hangUpEnabled = callBoundStreams && (settings.hangUp ?? true);
  const hangUps: string[] = [];
  const serializers: FakeProvider['serializers'] = [];
  const security: TelephonyProviderSecurity = Object.freeze({
    webhooksVerified,
    upgradesVerified,
    callBoundStreams,
    hangUpEnabled,
    summary: `fake: webhooks ${webhooksVerified ? 'checked' : 'not checked'}, upgrades ${upgradesVerified ? 'checked' : 'not checked'}`,
  });
  const checkKey = (
    request: Pick<IncomingRequestLike, 'headers'>,
    enabled: boolean,
  ): VerificationResult => {
    if (!enabled) return { ok: false, reason: 'fake checks are off: set key' };
    return headerValue(request.headers, FAKE_KEY_HEADER) === key
      ? { ok: true }
      : { ok: false, reason: 'wrong key' };
  };
  return {
    name,
    title: 'Fakeline',
    security,
    hangUps,
    serializers,
    recognize(message: unknown): ProviderRecognition<CallData> {
      if (!isRecord(message)) return undefined;
      if (message.event === 'hello') return { kind: 'preamble' };
      if (message.event !== 'start' || typeof message.callId !== 'string') return undefined;
      const parameters = isRecord(message.parameters) ? message.parameters : {};
      const customParameters: Record<string, string> = {};
      for (const [field, value] of Object.entries(parameters)) {
        if (typeof value === 'string') customParameters[field] = value;
      }
      return {
        kind: 'start',
        callData: {
          provider: name,
          callId: message.callId,
          streamId: String(message.streamId ?? ''),
          customParameters,
          mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
        },
      };
    },
    claimsUpgrade: (request) => headerValue(request.headers, FAKE_KEY_HEADER) !== undefined,
    verifyWebhook: (request) => checkKey(request, webhooksVerified),
    verifyUpgrade: (request) => checkKey(request, upgradesVerified),
    callIdOfWebhook: callIdOfFakeWebhook,
    answerWebhook(request: IncomingRequestLike, options: AnswerWebhookOptions): WebhookResponse {
      const callId = callIdOfFakeWebhook(request);
      const parameters: Record<string, string> = { ...options.parameters };
      if (callBoundStreams && callId !== undefined) {
        parameters[CALL_TOKEN_PARAMETER] = fakeCallToken(callId);
      }
      return {
        contentType: 'application/json',
        body: JSON.stringify({ stream: options.streamUrl, parameters }),
      };
    },
    checkStream(callData: CallData): VerificationResult {
      if (!callBoundStreams) return { ok: false, reason: 'fake streams are not call-bound' };
      const token = callData.customParameters[CALL_TOKEN_PARAMETER];
      if (token === undefined) return { ok: false, reason: 'missing call token' };
      return token === fakeCallToken(callData.callId)
        ? { ok: true }
        : { ok: false, reason: 'call token does not match this call' };
    },
    createSerializer(callData, context) {
      if (callData.callId === UNSERVABLE_CALL_ID) {
        throw new RangeError('fake media format of this call is not supported');
      }
      serializers.push({
        callId: callData.callId,
        callBound: context.callBound,
        upgradeVerified: context.upgradeVerified ?? false,
      });
      const hangUp =
        hangUpEnabled && context.callBound ? (callId: string) => hangUps.push(callId) : undefined;
      return new FakeSerializer(callData.callId, hangUp);
    },
  };
}
