import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { describeCallBinding } from './call-binding-checks.js';
import { describeCallerAudioLoss } from './caller-audio-loss-checks.js';
import { ConformanceContext } from './conformance-context.js';
import type { ProviderConformanceSubject } from './conformance-subject.js';
import { describeLoopbackCall } from './loopback-call-checks.js';
import { describeRecognition } from './recognition-checks.js';
import { describeSignatureVectors } from './signature-checks.js';

/**
 * Registers the conformance tests of one provider package with vitest: call it at the top level
 * of a test file (`src/conformance.test.ts`). The same tests run for every provider:
 *
 * - recognition: its own opening messages recognised, every other provider's claimed by none;
 * - signature vectors: signed webhooks and upgrades pass, tampered, re-signed and unsigned fail;
 * - a loopback call through the signed webhook (the phone simulator on a real `ws` server):
 *   call token, echo, playback mark, interruption and clear, DTMF both ways, hang-up once;
 * - streams that did not prove their call: refused, and never hung up.
 *
 * ```ts
 * import { describeProviderConformance } from '@x/provider-conformance';
 * import { createTwilio } from './create-twilio.js';
 *
 * describeProviderConformance({
 *   name: 'twilio',
 *   createProvider: (settings) => createTwilio({ ...settings, accountSid, authToken }),
 *   signing: { upgradeSecret: authToken, webhook: { authToken }, coversUrl: true },
 *   fakeApi: { twilio: { accountSid, authToken } },
 *   openingMessages: [fixtureJson('connected.json'), fixtureJson('start.json')],
 *   capabilities: { outboundDtmf: false, clearedMarks: 'echo-each-mark' },
 * });
 * ```
 */
export function describeProviderConformance(subject: ProviderConformanceSubject): void {
  const context = new ConformanceContext(subject);
  describe(`${subject.name}: provider conformance`, () => {
    beforeAll(() => context.setUp());
    afterEach(() => context.cleanUp());
    afterAll(() => context.tearDown());

    describeRecognition(context);
    describeSignatureVectors(context);
    describeLoopbackCall(context);
    describeCallerAudioLoss(context);
    describeCallBinding(context);
  });
}
