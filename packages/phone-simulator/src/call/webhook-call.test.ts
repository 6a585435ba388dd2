import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCallSummary } from '../format/format-call-summary.js';
import type { ProviderName } from '../providers/provider-name.js';
import { plivoSignatureV3, plivoWebSocketSignatureUrl } from '../signing/plivo-signature.js';
import {
  generateTelnyxWebhookKeys,
  type TelnyxWebhookKeys,
} from '../signing/telnyx-webhook-signature.js';
import { twilioRequestSignature, twilioSignature } from '../signing/twilio-signature.js';
import { telnyxSignatureIsValid } from '../testing-internal/telnyx-signature-check.js';
import { startTestBotServer, type TestBotServer } from '../testing-internal/test-bot-server.js';
import {
  type ReceivedWebhook,
  startTestWebhookServer,
  type TestWebhookServer,
  type WebhookReply,
} from '../testing-internal/test-webhook-server.js';
import { WebhookRefusedError } from '../webhook/webhook-refused-error.js';
import { startCall } from './simulated-call.js';

/** The stream URL the bot's markup names: public, behind a (pretend) tunnel. */
const PUBLIC_STREAM_URL = 'wss://demo.example.test/ws';
/** Twilio and Plivo account token; Telnyx stream auth token. */
const AUTH_TOKEN = 'account-token';

let bot: TestBotServer | undefined;
let webhook: TestWebhookServer | undefined;

afterEach(async () => {
  await bot?.close();
  await webhook?.close();
  bot = undefined;
  webhook = undefined;
});

function header(request: { headers: IncomingMessage['headers'] }, name: string): string {
  const value = request.headers[name];
  return typeof value === 'string' ? value : '';
}

/** Whether the webhook carries the provider's valid signature, checked with our own signers. */
function webhookSignatureIsValid(
  provider: ProviderName,
  request: ReceivedWebhook,
  signedUrl: string,
  telnyxKeys: TelnyxWebhookKeys,
): boolean {
  switch (provider) {
    case 'twilio':
      return (
        header(request, 'x-twilio-signature') ===
        twilioRequestSignature(AUTH_TOKEN, signedUrl, request.form)
      );
    case 'plivo':
      return (
        header(request, 'x-plivo-signature-v3') ===
        plivoSignatureV3({
          authToken: AUTH_TOKEN,
          method: 'POST',
          url: signedUrl,
          nonce: header(request, 'x-plivo-signature-v3-nonce'),
          parameters: request.form,
        })
      );
    case 'telnyx':
      return telnyxSignatureIsValid(
        telnyxKeys.publicKeyBase64,
        header(request, 'telnyx-timestamp'),
        request.rawBody,
        header(request, 'telnyx-signature-ed25519'),
      );
  }
}

/** Whether the upgrade is signed as the provider signs a connection to `streamUrl`. */
function upgradeSignatureIsValid(
  provider: ProviderName,
  request: IncomingMessage,
  streamUrl: string,
): boolean {
  switch (provider) {
    case 'twilio':
      return header(request, 'x-twilio-signature') === twilioSignature(AUTH_TOKEN, streamUrl);
    case 'plivo':
      return (
        header(request, 'x-plivo-signature-v3') ===
        plivoSignatureV3({
          authToken: AUTH_TOKEN,
          method: 'GET',
          url: plivoWebSocketSignatureUrl(streamUrl),
          nonce: header(request, 'x-plivo-signature-v3-nonce'),
        })
      );
    case 'telnyx':
      return header(request, 'x-telnyx-streaming-auth-token') === AUTH_TOKEN;
  }
}

/** The markup each provider's bot answers with, naming `streamUrl` and a call token. */
function streamMarkup(provider: ProviderName, streamUrl: string, callToken: string): string {
  if (provider === 'plivo') {
    return `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Stream bidirectional="true" keepCallAlive="true" contentType="audio/x-mulaw;rate=8000" extraHeaders="callToken=${callToken}">${streamUrl}</Stream>
</Response>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Connect>
    <Stream url="${streamUrl}" bidirectionalMode="rtp">
      <Parameter name="callToken" value="${callToken}"/>
    </Stream>
  </Connect>
</Response>`;
}

/** The call id a `start` message names. */
function startCallId(provider: ProviderName, start: Record<string, unknown>): unknown {
  const body = start.start as Record<string, unknown>;
  return { twilio: body.callSid, telnyx: body.call_control_id, plivo: body.callId }[provider];
}

/** The custom parameters a `start` message carries. */
function startParameters(provider: ProviderName, start: Record<string, unknown>): unknown {
  const body = start.start as Record<string, unknown>;
  return {
    twilio: body.customParameters,
    telnyx: body.custom_parameters,
    plivo: start.extra_headers,
  }[provider];
}

/** The call id a webhook posted. */
function postedCallId(provider: ProviderName, request: ReceivedWebhook): string | undefined {
  return provider === 'plivo' ? request.form.CallUUID : request.form.CallSid;
}

/** A per-call token as a server would mint it from the posted call id. */
function mintToken(provider: ProviderName, request: ReceivedWebhook): string {
  const callId = postedCallId(provider, request) ?? 'none';
  // Plivo's extraHeaders allow only letters and digits
  return provider === 'plivo'
    ? `tok${Buffer.from(callId).toString('hex').slice(0, 16)}`
    : `tok&amp;${callId}`;
}

describe('dialing through the webhook', () => {
  it.each(['twilio', 'telnyx', 'plivo'] as const)(
    '%s: posts the signed webhook, then opens the stream its markup names with the markup parameter and the same call id',
    async (provider) => {
      const telnyxKeys = generateTelnyxWebhookKeys();
      const upgrades: string[] = [];
      bot = await startTestBotServer({
        verifyUpgrade: (request) => {
          upgrades.push(request.url ?? '');
          return upgradeSignatureIsValid(provider, request, PUBLIC_STREAM_URL) ? undefined : 403;
        },
      });
      webhook = await startTestWebhookServer((request): WebhookReply => {
        const signedUrl = `${webhook!.origin}/${provider}`;
        if (!webhookSignatureIsValid(provider, request, signedUrl, telnyxKeys)) {
          return { status: 403, body: 'Forbidden: bad signature', contentType: 'text/plain' };
        }
        return {
          status: 200,
          body: streamMarkup(provider, PUBLIC_STREAM_URL, mintToken(provider, request)),
        };
      });
      const call = await startCall({
        url: bot.url,
        provider,
        authToken: AUTH_TOKEN,
        customParameters: { callToken: 'stale', FirstName: 'Jane' },
        webhook: { url: `${webhook.origin}/${provider}`, telnyxKeys },
        fast: true,
      });
      const connection = await bot.nextConnection();
      const start = await connection.nextEvent('start');
      const [request] = webhook.requests;
      const callId = postedCallId(provider, request!);
      const token = mintToken(provider, request!).replace('&amp;', '&');

      expect(webhook.requests).toHaveLength(1);
      expect(upgrades).toEqual(['/ws']);
      expect(callId).toBe(call.ids.callId);
      expect(startCallId(provider, start)).toBe(callId);
      if (provider === 'telnyx') expect(callId).toMatch(/^v3:[A-Za-z0-9_-]{54}$/);
      expect(startParameters(provider, start)).toEqual(
        provider === 'plivo'
          ? `callToken=${token};FirstName=Jane`
          : { callToken: token, FirstName: 'Jane' },
      );
      expect(call.webhookAnswer).toMatchObject({
        url: `${webhook.origin}/${provider}`,
        statusCode: 200,
        streamUrl: PUBLIC_STREAM_URL,
        parameters: { callToken: token },
      });
      const summary = await call.hangUp();
      expect(summary.webhook).toEqual({
        url: `${webhook.origin}/${provider}`,
        statusCode: 200,
        streamUrl: PUBLIC_STREAM_URL,
        parameters: { callToken: token },
      });
      expect(summary.url).toBe(bot.url);
      expect(formatCallSummary(summary)).toContain(
        `webhook          POST ${webhook.origin}/${provider} → 200, stream ${PUBLIC_STREAM_URL}, parameters callToken`,
      );
    },
  );

  it('signs the webhook over its public signatureUrl and the upgrade over an explicit signatureUrl', async () => {
    const publicWebhookUrl = 'https://demo.example.test/twilio';
    const explicitStreamUrl = 'wss://other.example.test/media';
    bot = await startTestBotServer({
      verifyUpgrade: (request) =>
        upgradeSignatureIsValid('twilio', request, explicitStreamUrl) ? undefined : 403,
    });
    webhook = await startTestWebhookServer((request) =>
      header(request, 'x-twilio-signature') ===
      twilioRequestSignature(AUTH_TOKEN, publicWebhookUrl, request.form)
        ? { status: 200, body: streamMarkup('twilio', PUBLIC_STREAM_URL, 't') }
        : { status: 403, body: 'Forbidden' },
    );
    const call = await startCall({
      url: bot.url,
      provider: 'twilio',
      authToken: AUTH_TOKEN,
      signatureUrl: explicitStreamUrl,
      webhook: { url: `${webhook.origin}/twilio`, signatureUrl: publicWebhookUrl },
      fast: true,
    });
    expect(call.webhookAnswer?.parameters).toEqual({ callToken: 't' });
    await call.hangUp();
  });

  it('connects to the stream URL of the markup when no url is given', async () => {
    bot = await startTestBotServer();
    const botUrl = bot.url;
    webhook = await startTestWebhookServer(() => ({
      status: 200,
      body: streamMarkup('twilio', botUrl, 'direct'),
    }));
    const call = await startCall({
      provider: 'twilio',
      webhook: { url: `${webhook.origin}/twilio` },
      fast: true,
    });
    const start = await (await bot.nextConnection()).nextEvent('start');
    expect(call.url).toBe(botUrl);
    expect(startParameters('twilio', start)).toEqual({ callToken: 'direct' });
    await call.hangUp();
  });

  it.each([
    ['a 403 answer', { status: 403, body: 'Forbidden: bad signature' }, 'status', 'HTTP 403'],
    [
      'markup without a <Stream>',
      { status: 200, body: '<Response><Hangup/></Response>' },
      'no-stream',
      'without a <Stream>',
    ],
    ['no answer', 'never', 'timeout', 'did not answer within 200 ms'],
  ] as const)('rejects on %s and opens no stream', async (_case, reply, reason, message) => {
    let connections = 0;
    bot = await startTestBotServer({ onConnection: () => connections++ });
    webhook = await startTestWebhookServer(() => reply);
    const error = await startCall({
      url: bot.url,
      provider: 'twilio',
      webhook: { url: `${webhook.origin}/twilio`, timeoutMs: 200 },
    }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(WebhookRefusedError);
    expect((error as WebhookRefusedError).reason).toBe(reason);
    expect((error as Error).message).toContain(message);
    expect(connections).toBe(0);
  });

  it('needs a url or a webhook, and checks the bot URL before posting', async () => {
    await expect(startCall({ provider: 'twilio' })).rejects.toThrow(
      'a call needs a url, or a webhook whose answer names the stream URL',
    );
    webhook = await startTestWebhookServer(() => ({ status: 200, body: '' }));
    await expect(
      startCall({
        url: 'http://127.0.0.1:1/ws',
        provider: 'twilio',
        webhook: { url: `${webhook.origin}/twilio` },
      }),
    ).rejects.toThrow('the bot URL must be ws:// or wss://');
    expect(webhook.requests).toHaveLength(0);
  });
});
