import { CallRefusedError } from '@x/phone-simulator';
import { CALL_TOKEN_PARAMETER, POLICY_VIOLATION_CLOSE_CODE } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';
import { LOOPBACK_TEST_TIMEOUT_MS } from './loopback-call-checks.js';

/**
 * Streams that did not prove they belong to their call: refused at the upgrade or by
 * `checkStream`, and never hung up over REST even when served.
 */
export function describeCallBinding(context: ConformanceContext): void {
  const { subject } = context;

  describe('streams that did not prove their call', () => {
    it(
      'refuses an upgrade signed with another secret before any stream starts',
      async () => {
        const server = await context.startServer();
        const refusal = await context
          .openDirectStream(server, { upgradeSecret: `${subject.signing.upgradeSecret}-not` })
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(refusal).toBeInstanceOf(CallRefusedError);
        expect((refusal as CallRefusedError).statusCode).toBe(403);
        expect(server.upgradesRefused).toBe(1);
        expect(server.streams).toEqual([]);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );

    it(
      "refuses a stream that presents another call's token (checkStream), hanging nothing up",
      async () => {
        const server = await context.startServer();
        const genuine = await context.placeCall(server);
        const token = genuine.webhookAnswer?.parameters[CALL_TOKEN_PARAMETER];
        expect(token).toBeDefined();
        await context.servedCall(server, genuine);
        await genuine.hangUp();

        const victimCallId = context.fixtureCallData().callId;
        expect(victimCallId).not.toBe(genuine.ids.callId);
        const replay = await context.openDirectStream(server, {
          ids: { callId: victimCallId },
          customParameters: { [CALL_TOKEN_PARAMETER]: token! },
        });
        const stream = await server.streamFor(victimCallId);
        expect(stream.streamCheck.ok).toBe(false);
        expect(stream.call).toBeUndefined();
        expect(
          context.provider.checkStream({ ...stream.callData, callId: genuine.ids.callId }),
          'the same token for its own call',
        ).toEqual({ ok: true });
        const summary = await replay.ended;
        expect(summary.close?.code).toBe(POLICY_VIOLATION_CLOSE_CODE);
        expect(summary.bot.mediaMessages).toBe(0);
        expect(await context.hangUpRequests(victimCallId)).toEqual([]);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );

    it(
      'never hangs up a call whose stream is served without a call token (callBound: false)',
      async () => {
        const server = await context.startServer({ serveUnboundStreams: true });
        const phone = await context.openDirectStream(server);
        const stream = await server.streamFor(phone.ids.callId);
        expect(stream.streamCheck.ok).toBe(false);
        const call = await context.servedCall(server, phone);
        await call.end();
        const summary = await phone.ended;
        expect(summary.hungUpBy).toBe('bot');
        expect(call.serializer.hangUpOutcome).toBe('skipped');
        expect(await context.hangUpRequests(phone.ids.callId)).toEqual([]);
      },
      LOOPBACK_TEST_TIMEOUT_MS,
    );
  });
}
