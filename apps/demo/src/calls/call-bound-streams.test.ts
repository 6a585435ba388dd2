import { type ProviderName, type SimulatedCall, startCall } from '@x/phone-simulator';
import { CALL_TOKEN_PARAMETER } from '@x/transport-core';
import { CallTokenSigner } from '@x/transport-core/provider-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecuredDemo, startSecuredDemo } from '../testing/provider-test-setup.js';

const PROVIDERS: readonly ProviderName[] = ['twilio', 'telnyx', 'plivo'];
/** The shared token key of these tests' server, so a test can mint a token that has expired. */
const STREAM_TOKEN_SECRET = 'call-bound-streams-test-secret-0123456789abcdef';
/** Generous bound on waiting for the bot, in milliseconds. */
const BOT_WAIT_MS = 8000;

/** Presses # and waits for the call to end, the way the bot ends it. */
async function pressHashAndWait(call: SimulatedCall) {
  await call.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
  await call.sendDtmf('#');
  return call.ended;
}

describe.concurrent.each(PROVIDERS)('a %s stream on a server with its secrets set', (provider) => {
  let demo: SecuredDemo;

  beforeAll(async () => {
    demo = await startSecuredDemo({ STREAM_TOKEN_SECRET });
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('placed through the webhook carries the token of its call, and # hangs up that call once', async () => {
    const call = await startCall(demo.callOptions(provider));
    const callId = call.ids.callId;
    expect(call.webhookAnswer?.parameters[CALL_TOKEN_PARAMETER]).toMatch(/^\d+x[0-9a-f]{32}$/);
    const summary = await pressHashAndWait(call);
    expect(summary.close?.code).toBe(1000);
    expect(demo.api.hangUps(provider).map((request) => request.callId)).toContain(callId);
  });

  it('replaying a real upgrade with its token for another call is refused and hangs nothing up', async () => {
    const genuine = await startCall(demo.callOptions(provider));
    const token = genuine.webhookAnswer!.parameters[CALL_TOKEN_PARAMETER]!;
    await genuine.hangUp();
    const victimCallId =
      provider === 'twilio'
        ? `CA${'e'.repeat(32)}`
        : provider === 'telnyx'
          ? 'v3:someone-elses-call'
          : '6f0e7c1a-0000-4000-8000-00000000beef';
    // same authentication as the genuine stream, another call named in `start`
    const replay = await startCall(
      demo.directCallOptions(provider, {
        ids: { ...demo.directCallOptions(provider).ids, callId: victimCallId },
        customParameters: { [CALL_TOKEN_PARAMETER]: token },
        script: [{ at: 200, dtmf: '#' }],
      }),
    );
    const summary = await replay.ended;
    expect(summary.close?.code).toBe(1008);
    expect(summary.close?.reason).toContain('does not match this call');
    expect(summary.bot.mediaMessages).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(demo.api.hangUps(provider).map((request) => request.callId)).not.toContain(victimCallId);
  });

  it('a stream without a token is refused before any pipeline starts', async () => {
    const call = await startCall(demo.directCallOptions(provider));
    const summary = await call.ended;
    expect(summary.close?.code).toBe(1008);
    expect(summary.close?.reason).toContain('call token');
    expect(summary.bot.mediaMessages).toBe(0);
  });

  it('a stream whose token has expired is refused', async () => {
    const direct = demo.directCallOptions(provider);
    const callId =
      provider === 'twilio'
        ? `CA${'a'.repeat(32)}`
        : provider === 'telnyx'
          ? 'v3:expired-call'
          : '0d9f3c1a-0000-4000-8000-00000000cafe';
    const lastHour = new CallTokenSigner({
      secret: STREAM_TOKEN_SECRET,
      now: () => Date.now() - 3_600_000,
    });
    const call = await startCall({
      ...direct,
      ids: { ...direct.ids, callId },
      customParameters: { [CALL_TOKEN_PARAMETER]: lastHour.mint({ provider, callId }) },
    });
    const summary = await call.ended;
    expect(summary.close?.code).toBe(1008);
    expect(summary.close?.reason).toContain('expired');
  });
});

describe('Telnyx set up for TeXML as the README advised before (API key, no stream token)', () => {
  it('refuses any client that claims a call_control_id, and hangs nothing up', async () => {
    const demo = await startSecuredDemo({ TELNYX_STREAM_AUTH_TOKEN: '' });
    try {
      const call = await startCall({
        ...demo.directCallOptions('telnyx'),
        authToken: undefined,
        ids: { callId: 'v3:any-call-i-like' },
        script: [{ at: 200, dtmf: '#' }],
      });
      const summary = await call.ended;
      expect(summary.close?.code).toBe(1008);
      expect(demo.api.hangUps('telnyx')).toHaveLength(0);
      // the genuine call, placed through the signed webhook, still works and hangs up
      const genuine = await startCall({ ...demo.callOptions('telnyx'), authToken: undefined });
      await pressHashAndWait(genuine);
      expect(demo.api.hangUps('telnyx').map((request) => request.callId)).toEqual([
        genuine.ids.callId,
      ]);
    } finally {
      await demo.close();
    }
  });

  it('keeps hang-up off without TELNYX_PUBLIC_KEY, since no stream can prove its call', async () => {
    const demo = await startSecuredDemo({ TELNYX_STREAM_AUTH_TOKEN: '', TELNYX_PUBLIC_KEY: '' });
    try {
      const telnyx = demo.server.providers.find((candidate) => candidate.name === 'telnyx');
      expect(telnyx?.security.hangUpEnabled).toBe(false);
      expect(telnyx?.security.summary).toContain('set TELNYX_PUBLIC_KEY');
      const call = await startCall({
        ...demo.directCallOptions('telnyx'),
        authToken: undefined,
        ids: { callId: 'v3:any-call-i-like' },
      });
      const summary = await pressHashAndWait(call);
      expect(summary.close?.code).toBe(1000);
      expect(demo.api.hangUps('telnyx')).toHaveLength(0);
    } finally {
      await demo.close();
    }
  });
});
