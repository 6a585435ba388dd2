import type { WebhookCall } from '@x/phone-simulator';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';
import { CONFORMANCE_PUBLIC_URL } from './conformance-urls.js';
import {
  otherWebhookSigning,
  type SignedWebhook,
  type SignedWebhookOptions,
  signedUpgrade,
  signedWebhook,
  type WebhookSigning,
  webhookForAnotherCall,
} from './signed-requests.js';

/** A public URL of the server that is not the one the requests go to. */
const ANOTHER_URL = `${CONFORMANCE_PUBLIC_URL}/elsewhere`;
/** A call id no request is about. */
const ANOTHER_CALL_ID = 'another-call';

/**
 * Signature vectors: requests signed as the provider signs them (by the phone simulator, written
 * from the providers' documentation) pass `verifyWebhook` / `verifyUpgrade`; tampered, re-signed
 * or unsigned ones fail.
 */
export function describeSignatureVectors(context: ConformanceContext): void {
  const { subject } = context;
  const { signing } = subject;

  /** The call of the subject's own start fixture, as its webhook announces it. */
  function fixtureWebhookCall(): WebhookCall {
    const callData = context.fixtureCallData();
    return {
      ids: {
        accountId: callData.accountId ?? 'conformance-account',
        callId: callData.callId,
        streamId: callData.streamId,
      },
      from: '+14155550100',
      to: '+14155550199',
    };
  }

  /** The webhook announcing the fixture's call, signed with `webhookSigning`. */
  function fixtureWebhook(
    webhookSigning: WebhookSigning = signing.webhook,
    options: SignedWebhookOptions = {},
  ): SignedWebhook {
    return signedWebhook(subject.name, fixtureWebhookCall(), webhookSigning, options);
  }

  describe('signature vectors', () => {
    it('turns every check on with the conformance settings', () => {
      const { name, security } = context.provider;
      expect(name).toBe(subject.name);
      expect(security).toMatchObject({
        webhooksVerified: true,
        upgradesVerified: true,
        callBoundStreams: true,
        hangUpEnabled: true,
      });
    });

    it('passes a webhook signed as the provider signs it, and reads the call it names', () => {
      const webhook = fixtureWebhook();
      expect(context.provider.verifyWebhook(webhook.request)).toEqual({ ok: true });
      expect(context.provider.callIdOfWebhook(webhook.request)).toBe(
        fixtureWebhookCall().ids.callId,
      );
    });

    it('refuses a webhook whose body was changed after signing to name another call', () => {
      const webhook = fixtureWebhook();
      const tampered = webhookForAnotherCall(
        webhook,
        fixtureWebhookCall().ids.callId,
        ANOTHER_CALL_ID,
      );
      expect(context.provider.verifyWebhook(tampered).ok).toBe(false);
    });

    it('refuses a webhook signed with another secret', () => {
      const resigned = fixtureWebhook(otherWebhookSigning(signing.webhook));
      expect(context.provider.verifyWebhook(resigned.request).ok).toBe(false);
    });

    if (signing.coversUrl) {
      it('refuses a webhook signed over another URL', () => {
        const webhook = fixtureWebhook(signing.webhook, { signedUrl: ANOTHER_URL });
        expect(context.provider.verifyWebhook(webhook.request).ok).toBe(false);
      });
    }

    it('refuses an unsigned webhook', () => {
      expect(context.provider.verifyWebhook(fixtureWebhook({}).request).ok).toBe(false);
    });

    it('passes an upgrade signed as the provider signs it', () => {
      const upgrade = signedUpgrade(subject.name, signing.upgradeSecret);
      expect(context.provider.verifyUpgrade(upgrade)).toEqual({ ok: true });
    });

    it('refuses an upgrade signed with another secret', () => {
      const upgrade = signedUpgrade(subject.name, `${signing.upgradeSecret}-not-this-one`);
      expect(context.provider.verifyUpgrade(upgrade).ok).toBe(false);
    });

    if (signing.coversUrl) {
      it('refuses an upgrade signed over another URL', () => {
        const upgrade = signedUpgrade(subject.name, signing.upgradeSecret, ANOTHER_URL);
        expect(context.provider.verifyUpgrade(upgrade).ok).toBe(false);
      });
    }

    it('refuses an upgrade without authentication headers', () => {
      const upgrade = { ...signedUpgrade(subject.name, signing.upgradeSecret), headers: {} };
      expect(context.provider.verifyUpgrade(upgrade).ok).toBe(false);
    });
  });
}
