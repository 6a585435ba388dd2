import {
  CallRefusedError,
  type ProviderName,
  startCall,
  WebhookRefusedError,
} from '@x/phone-simulator';
import { CALL_TOKEN_PARAMETER } from '@x/transport-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HangUpOnHash } from './__fixtures__/hang-up-on-hash.js';
import {
  directCallOptions,
  type SecuredProviders,
  securedProviders,
  TEST_PUBLIC_URL,
  webhookCallOptions,
} from './__fixtures__/provider-setup.js';
import {
  closeTestServers,
  EchoProcessor,
  eventually,
  startTestServer,
  type TestServer,
} from './__fixtures__/test-server.js';
import type { CallEnd, TelephonyCall } from './telephony-call.js';

const PROVIDERS: readonly ProviderName[] = ['twilio', 'telnyx', 'plivo'];
/** Generous bound on waiting for the bot, in milliseconds. */
const BOT_WAIT_MS = 8_000;

/** A call id of `provider`'s shape that no webhook announced. */
function victimCallId(provider: ProviderName): string {
  switch (provider) {
    case 'twilio':
      return `CA${'e'.repeat(32)}`;
    case 'telnyx':
      return 'v3:someone-elses-call';
    case 'plivo':
      return '6f0e7c1a-0000-4000-8000-00000000beef';
  }
}

describe('the three providers, every secret set, behind a public URL', () => {
  let secured: SecuredProviders;
  let server: TestServer;
  const ended: { call: TelephonyCall; end: CallEnd }[] = [];

  beforeAll(async () => {
    secured = await securedProviders();
    server = await startTestServer({
      providers: secured.providers,
      publicUrl: TEST_PUBLIC_URL,
      bot: () => [new HangUpOnHash(), new EchoProcessor()],
      transport: { audioOut10msChunks: 2, audioOutEndSilenceSecs: 0.1 },
    });
    server.server.on('callEnded', (call, end) => {
      ended.push({ call, end });
    });
  });

  afterAll(async () => {
    await closeTestServers();
    await secured?.api.close();
  });

  describe.each(PROVIDERS)('%s', (provider) => {
    it('a call through the signed webhook is echoed, and # hangs it up once through the provider API', async () => {
      const call = await startCall(webhookCallOptions(server, secured, provider));
      expect(call.webhookAnswer?.streamUrl).toBe('wss://bot.example.test/ws');
      expect(call.webhookAnswer?.parameters[CALL_TOKEN_PARAMETER]).toMatch(/^\d+x[0-9a-f]{32}$/);
      await call.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
      await call.sendDtmf('#');
      const summary = await call.ended;
      expect(summary.close?.code).toBe(1000);
      expect(summary.protocolErrorCount).toBe(0);
      await eventually(() => ended.some((entry) => entry.call.id === call.ids.callId));
      const entry = ended.find((candidate) => candidate.call.id === call.ids.callId)!;
      expect(entry.end.reason).toBe('ended');
      expect(entry.call.callBound).toBe(true);
      expect(
        secured.api.hangUps(provider).filter((request) => request.callId === call.ids.callId),
      ).toHaveLength(1);
    });

    it('an unsigned webhook is refused with 403 before any stream opens', async () => {
      const options = webhookCallOptions(server, secured, provider);
      const unsigned = {
        ...options,
        webhook: { url: options.webhook!.url, signatureUrl: options.webhook!.signatureUrl },
        authToken: undefined,
      };
      const refusal = await startCall(unsigned).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(WebhookRefusedError);
      expect((refusal as WebhookRefusedError).statusCode).toBe(403);
    });

    it('an unsigned upgrade is refused with 1008 once its start names a call, no pipeline', async () => {
      const call = await startCall({
        ...directCallOptions(server, provider),
        authToken: undefined,
      });
      const summary = await call.ended;
      expect(summary.close?.code).toBe(1008);
      expect(summary.close?.reason).toContain('authentication required');
      expect(summary.bot.mediaMessages).toBe(0);
    });

    it('a stream opened without the webhook (no call token) is refused with 1008, no pipeline', async () => {
      const call = await startCall(directCallOptions(server, provider));
      const summary = await call.ended;
      expect(summary.close?.code).toBe(1008);
      expect(summary.close?.reason).toContain('call token');
      expect(summary.bot.mediaMessages).toBe(0);
    });

    it('an upgrade whose signature is wrong is refused with 403 and starts no call', async () => {
      const metric = (name: string, labels: Record<string, string>) =>
        server.server.metrics.value(name, labels);
      const refusedBefore = metric('telephony_upgrades_refused_total', { reason: 'bad-signature' });
      const startedBefore = metric('telephony_calls_started_total', { provider });
      const refusal = await startCall({
        ...directCallOptions(server, provider),
        authToken: 'not-the-secret',
      }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(CallRefusedError);
      expect((refusal as CallRefusedError).statusCode).toBe(403);
      expect((refusal as CallRefusedError).body).toContain('authentication failed');
      expect(metric('telephony_upgrades_refused_total', { reason: 'bad-signature' })).toBe(
        refusedBefore + 1,
      );
      expect(metric('telephony_calls_started_total', { provider })).toBe(startedBefore);
    });

    it('a genuine token replayed for another call is refused with 1008 and hangs nothing up', async () => {
      const genuine = await startCall(webhookCallOptions(server, secured, provider));
      const token = genuine.webhookAnswer!.parameters[CALL_TOKEN_PARAMETER]!;
      await genuine.waitFor('first-bot-audio', { timeoutMs: BOT_WAIT_MS });
      await genuine.hangUp();
      const victim = victimCallId(provider);
      const direct = directCallOptions(server, provider);
      const replay = await startCall({
        ...direct,
        ids: { ...direct.ids, callId: victim },
        customParameters: { [CALL_TOKEN_PARAMETER]: token },
        script: [{ at: 200, dtmf: '#' }],
      });
      const summary = await replay.ended;
      expect(summary.close?.code).toBe(1008);
      expect(summary.close?.reason).toContain('does not match this call');
      expect(summary.bot.mediaMessages).toBe(0);
      expect(secured.api.hangUps(provider).map((request) => request.callId)).not.toContain(victim);
    });
  });
});
