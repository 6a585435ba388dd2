import { InMemorySocket } from '@x/fuzz-kit';
import { createPlivo, type PlivoCallData } from '@x/serializer-plivo';
import {
  createTelnyx,
  type TelnyxCallData,
  type TelnyxFrameSerializer,
} from '@x/serializer-telnyx';
import { createTwilio, type TwilioCallData } from '@x/serializer-twilio';
import { detectProvider, type FrameSerializer } from '@x/transport-core';
import { ManualClock } from '@x/transport-core/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { loadDemoConfig } from '../config/demo-config.js';
import { OPENINGS } from '../testing/fuzz/provider-openings.js';
import { acceptsUnverified, DEMO_PROVIDER_NAMES, demoProviders } from './demo-providers.js';

const STREAM_TOKEN_SECRET = 'demo-providers-test-secret-0123456789abcdef';

describe('detectProvider with the three factories', () => {
  it("needs no cast: the call data is the right provider's, and its serializer takes it", async () => {
    const socket = new InMemorySocket();
    const providers = [
      createTwilio({ env: {} }),
      createTelnyx({ env: {} }),
      createPlivo({ env: {} }),
    ];
    const detection = detectProvider(socket, providers, { clock: new ManualClock() });
    for (const message of OPENINGS.telnyx) socket.receive(JSON.stringify(message));
    const call = await detection;

    expectTypeOf(call.callData).toEqualTypeOf<TwilioCallData | TelnyxCallData | PlivoCallData>();
    expectTypeOf(call.provider.name).toEqualTypeOf<'twilio' | 'telnyx' | 'plivo'>();
    const serializer = call.provider.createSerializer(call.callData, { callBound: false });
    expectTypeOf(serializer).toExtend<FrameSerializer>();
    expect(call.provider.checkStream(call.callData).ok).toBe(false);
    if (call.callData.provider === 'telnyx') {
      expectTypeOf(call.callData).toEqualTypeOf<TelnyxCallData>();
    }
    if (call.provider.name === 'telnyx') {
      // narrowed on its name, the provider shows its own members
      expectTypeOf(call.provider.botAudioFormat.sampleRate).toBeNumber();
    }
    expect(call.provider.name).toBe('telnyx');
    expect(serializer.name).toBe('telnyx');
  });

  it("keeps one provider's own types when it is alone", async () => {
    const socket = new InMemorySocket();
    const detection = detectProvider(socket, [createTelnyx({ env: {} })], {
      clock: new ManualClock(),
    });
    for (const message of OPENINGS.telnyx) socket.receive(JSON.stringify(message));
    const call = await detection;
    expectTypeOf(call.callData).toEqualTypeOf<TelnyxCallData>();
    const serve = () => call.provider.createSerializer(call.callData, { callBound: false });
    expectTypeOf(serve).returns.toEqualTypeOf<TelnyxFrameSerializer>();
    // a provider's serializer takes its own call data only
    expectTypeOf(createTwilio().createSerializer).parameter(0).toEqualTypeOf<TwilioCallData>();
    expectTypeOf(createPlivo().createSerializer).parameter(0).not.toEqualTypeOf<TwilioCallData>();
    expect(call.callData.provider).toBe('telnyx');
  });
});

describe('demoProviders', () => {
  it('serves the three providers under their route names', () => {
    const { config } = loadDemoConfig({});
    expect(demoProviders(config).map((provider) => provider.name)).toEqual([
      ...DEMO_PROVIDER_NAMES,
    ]);
  });

  it('reads nothing from the process environment beyond the demo config', () => {
    process.env.TWILIO_AUTH_TOKEN = 'set-in-the-process-only';
    try {
      const { config } = loadDemoConfig({});
      const [twilio] = demoProviders(config);
      expect(twilio?.security.webhooksVerified).toBe(false);
    } finally {
      delete process.env.TWILIO_AUTH_TOKEN;
    }
  });

  it('applies the security rules of each provider to the configured secrets', () => {
    const { config } = loadDemoConfig({
      STREAM_TOKEN_SECRET,
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'twilio-token',
      TELNYX_API_KEY: 'telnyx-key',
      TELNYX_STREAM_AUTH_TOKEN: 'telnyx-stream-token',
      PLIVO_AUTH_TOKEN: 'plivo-token',
    });
    const [twilio, telnyx, plivo] = demoProviders(config);
    expect(twilio?.security).toMatchObject({ callBoundStreams: true, hangUpEnabled: true });
    expect(telnyx?.security).toMatchObject({
      webhooksVerified: false,
      upgradesVerified: true,
      callBoundStreams: false,
      hangUpEnabled: false,
    });
    expect(plivo?.security).toMatchObject({ callBoundStreams: true, hangUpEnabled: false });
  });

  it('takes unverified requests only for a provider that cannot check them', () => {
    const unverified = (environment: Record<string, string>) =>
      demoProviders(loadDemoConfig(environment).config).map(acceptsUnverified);
    expect(unverified({})).toEqual([true, true, true]);
    expect(
      unverified({
        TWILIO_AUTH_TOKEN: 'twilio-token',
        TELNYX_PUBLIC_KEY: Buffer.alloc(32, 7).toString('base64'),
        PLIVO_AUTH_TOKEN: 'plivo-token',
      }),
    ).toEqual([false, false, false]);
    // a stream token alone checks Telnyx streams, not its webhooks
    expect(unverified({ TELNYX_STREAM_AUTH_TOKEN: 'telnyx-stream-token' })[1]).toBe(true);
  });
});
