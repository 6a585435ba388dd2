import { type ProviderName, startCall } from '@x/phone-simulator';
import { CALL_TOKEN_PARAMETER, type Logger } from '@x/transport-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPEECH_FIXTURE_PATH } from '../testing/audio-fixtures.js';
import {
  PLIVO_AUTH_ID,
  PLIVO_AUTH_TOKEN,
  type SecuredDemo,
  startSecuredDemo,
  TELNYX_API_KEY,
  TELNYX_STREAM_AUTH_TOKEN,
  TWILIO_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN,
} from '../testing/provider-test-setup.js';

const PROVIDERS: readonly ProviderName[] = ['twilio', 'telnyx', 'plivo'];
const STREAM_TOKEN_SECRET = 'log-secrets-test-stream-token-secret-0123456789';

/** A logger that keeps every line at every level, errors with their stacks, as text. */
function recordingLogger(lines: string[]): Logger {
  const record =
    (level: string) =>
    (fields: object | string, message?: string): void => {
      const text =
        typeof fields === 'string'
          ? fields
          : `${message ?? ''} ${JSON.stringify(fields, (_key, value: unknown) =>
              value instanceof Error ? { message: value.message, stack: value.stack } : value,
            )}`;
      lines.push(`${level} ${text}`);
    };
  return {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

function basic(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`).toString('base64');
}

describe.concurrent('demo server logs', () => {
  const lines: string[] = [];
  const mintedTokens: string[] = [];
  let demo: SecuredDemo;

  beforeAll(async () => {
    demo = await startSecuredDemo({ STREAM_TOKEN_SECRET }, { logger: recordingLogger(lines) });
  });

  afterAll(async () => {
    await demo?.close();
  });

  it.each(PROVIDERS)(
    'log a whole %s call, refused ones and failures, without any secret',
    async (provider) => {
      // a genuine call: webhook, stream with its token, speech, #, REST hang-up
      const call = await startCall(demo.callOptions(provider));
      mintedTokens.push(call.webhookAnswer!.parameters[CALL_TOKEN_PARAMETER]!);
      await call.sendAudio({ wavFile: SPEECH_FIXTURE_PATH });
      await call.sendDtmf('#');
      await call.ended;
      // refused: wrong upgrade secret, no token, another call's token, a hang-up the API refuses
      await startCall(demo.directCallOptions(provider, { authToken: 'wrong-secret' })).catch(
        () => {},
      );
      await (await startCall(demo.directCallOptions(provider))).ended;
      await (
        await startCall(
          demo.directCallOptions(provider, {
            customParameters: { [CALL_TOKEN_PARAMETER]: mintedTokens.at(-1)! },
          }),
        )
      ).ended;
      demo.api.respondWith(provider, { status: 500, body: { error: 'boom' } }, 1);
      const failing = await startCall(demo.callOptions(provider));
      mintedTokens.push(failing.webhookAnswer!.parameters[CALL_TOKEN_PARAMETER]!);
      await failing.waitFor('first-bot-audio', { timeoutMs: 8000 });
      await failing.sendDtmf('#');
      await failing.ended;

      const secrets = [
        TWILIO_AUTH_TOKEN,
        TELNYX_API_KEY,
        TELNYX_STREAM_AUTH_TOKEN,
        PLIVO_AUTH_TOKEN,
        STREAM_TOKEN_SECRET,
        basic(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN),
        basic(PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN),
        ...mintedTokens,
      ];
      expect(lines.length).toBeGreaterThan(10);
      expect(lines.some((line) => line.startsWith('warn') && line.includes('call token'))).toBe(
        true,
      );
      for (const secret of secrets) {
        const leaking = lines.filter((line) => line.includes(secret));
        expect(leaking, `a log line contains ${secret.slice(0, 6)}…`).toEqual([]);
      }
    },
  );
});
