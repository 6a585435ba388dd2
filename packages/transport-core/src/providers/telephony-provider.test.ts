import { describe, expect, expectTypeOf, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock.js';
import type { FrameSerializer } from '../serializer/frame-serializer.js';
import { FakeWebSocket } from '../testing-internal/fake-websocket.js';
import type { CallData } from './call-data.js';
import { detectProvider } from './detect-provider.js';
import type { CallSerializerContext, TelephonyProvider } from './telephony-provider.js';

interface AlphaCallData extends CallData {
  provider: 'alpha';
  alphaOnly: number;
}
interface BetaCallData extends CallData {
  readonly provider: 'beta';
  betaOnly: string;
}
interface AlphaSerializer extends FrameSerializer {
  readonly alphaSerializer: true;
}
interface AlphaProvider extends TelephonyProvider<AlphaCallData> {
  createSerializer(callData: AlphaCallData, context: CallSerializerContext): AlphaSerializer;
}
interface BetaProvider extends TelephonyProvider<BetaCallData> {
  readonly betaSetting: string;
}

const OK = { ok: true } as const;

function fakeProvider<C extends CallData>(
  name: C['provider'],
  callData: (id: string) => C,
): TelephonyProvider<C> {
  return {
    name,
    title: name.toUpperCase(),
    security: {
      webhooksVerified: false,
      upgradesVerified: false,
      callBoundStreams: false,
      hangUpEnabled: false,
      summary: 'nothing checked',
    },
    recognize(message: unknown) {
      const { event, p, id } = message as { event?: unknown; p?: unknown; id?: unknown };
      return event === 'start' && p === name && typeof id === 'string'
        ? { kind: 'start', callData: callData(id) }
        : undefined;
    },
    claimsUpgrade: () => false,
    verifyWebhook: () => ({ ok: false, reason: 'not set' }),
    verifyUpgrade: () => ({ ok: false, reason: 'not set' }),
    callIdOfWebhook: () => undefined,
    answerWebhook: () => ({ contentType: 'text/plain', body: '' }),
    checkStream: () => OK,
    createSerializer: () => {
      throw new Error(`${name} serializer`);
    },
  };
}

const media = { encoding: 'PCMU', sampleRate: 8000, channels: 1 } as const;
const alpha: AlphaProvider = {
  ...fakeProvider<AlphaCallData>('alpha', (id) => ({
    provider: 'alpha',
    streamId: id,
    callId: `call-${id}`,
    customParameters: {},
    mediaFormat: media,
    alphaOnly: 1,
  })),
  createSerializer: () => {
    throw new Error('alpha serializer');
  },
};
const beta: BetaProvider = {
  ...fakeProvider<BetaCallData>('beta', (id) => ({
    provider: 'beta',
    streamId: id,
    callId: `call-${id}`,
    customParameters: {},
    mediaFormat: media,
    betaOnly: 'b',
  })),
  betaSetting: 'on',
};

describe('detectProvider with TelephonyProviders', () => {
  it('gives the providers of the list and the union of their call data, with no cast to serve the call', async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, [alpha, beta], { clock: new ManualClock() });
    socket.receive('{"event":"start","p":"beta","id":"s1"}');
    const call = await detection;
    expectTypeOf(call.callData).toEqualTypeOf<AlphaCallData | BetaCallData>();
    expectTypeOf(call.provider.name).toEqualTypeOf<'alpha' | 'beta'>();
    // the one provider's own method, called with the union of call data: no cast
    expectTypeOf(call.provider.createSerializer)
      .parameter(0)
      .toEqualTypeOf<AlphaCallData | BetaCallData>();
    expectTypeOf(call.provider.checkStream(call.callData).ok).toEqualTypeOf<boolean>();
    if (call.provider.name === 'beta') expectTypeOf(call.provider.betaSetting).toBeString();
    expect(call.provider).toBe(beta);
    expect(call.callData).toMatchObject({ provider: 'beta', betaOnly: 'b' });
    expect(() => call.provider.createSerializer(call.callData, { callBound: false })).toThrow(
      'beta serializer',
    );
  });

  it("keeps one provider's own types: its call data and its serializer's", async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, [alpha], { clock: new ManualClock() });
    socket.receive('{"event":"start","p":"alpha","id":"s2"}');
    const call = await detection;
    expectTypeOf(call.callData).toEqualTypeOf<AlphaCallData>();
    expectTypeOf(call.provider).toEqualTypeOf<AlphaProvider>();
    const serve = () => call.provider.createSerializer(call.callData, { callBound: true });
    expectTypeOf(serve).returns.toEqualTypeOf<AlphaSerializer>();
    expectTypeOf(alpha.createSerializer).parameter(0).not.toEqualTypeOf<BetaCallData>();
    expect(call.provider.name).toBe('alpha');
  });

  it('takes a list typed as TelephonyProvider[] too', async () => {
    const providers: TelephonyProvider[] = [alpha, beta];
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, providers, { clock: new ManualClock() });
    socket.receive('{"event":"start","p":"alpha","id":"s3"}');
    const call = await detection;
    expectTypeOf(call.callData).toEqualTypeOf<CallData>();
    expect(call.callData.provider).toBe('alpha');
  });
});
