import { generateTelnyxWebhookKeys, type WebhookCall } from '@x/phone-simulator';
import { headerValue } from '@x/transport-core';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_PUBLIC_STREAM_URL, publicWebhookUrl } from './conformance-urls.js';
import {
  otherWebhookSigning,
  signedUpgrade,
  signedWebhook,
  webhookForAnotherCall,
} from './signed-requests.js';

const CALL: WebhookCall = {
  ids: { accountId: `AC${'0'.repeat(32)}`, callId: `CA${'1'.repeat(32)}`, streamId: 'MZ1' },
  from: '+14155550100',
  to: '+14155550199',
};

describe('signedWebhook', () => {
  it('posts the form to the public webhook URL, signed', () => {
    const { request, parameters } = signedWebhook('twilio', CALL, { authToken: 'token' });
    expect(request).toMatchObject({ method: 'POST', url: publicWebhookUrl('twilio') });
    expect(parameters.CallSid).toBe(CALL.ids.callId);
    expect(request.rawBody).toBe(new URLSearchParams(parameters).toString());
    expect(headerValue(request.headers, 'x-twilio-signature')).toBeDefined();
  });

  it('is unsigned without a secret', () => {
    const { request } = signedWebhook('plivo', CALL, {});
    expect(Object.keys(request.headers)).toEqual(['content-type']);
  });
});

describe('webhookForAnotherCall', () => {
  it('changes every parameter naming the call, and nothing else', () => {
    const webhook = signedWebhook('telnyx', CALL, { telnyxKeys: generateTelnyxWebhookKeys() });
    const tampered = new URLSearchParams(
      webhookForAnotherCall(webhook, CALL.ids.callId, 'other').rawBody as string,
    );
    expect(tampered.get('CallSid')).toBe('other');
    expect(tampered.get('CallSidLegacy')).toBe('other');
    expect(tampered.get('From')).toBe(CALL.from);
    expect(webhookForAnotherCall(webhook, CALL.ids.callId, 'other').headers).toBe(
      webhook.request.headers,
    );
  });
});

describe('otherWebhookSigning', () => {
  it('replaces each secret by another', () => {
    const keys = generateTelnyxWebhookKeys();
    const other = otherWebhookSigning({ authToken: 'token', telnyxKeys: keys });
    expect(other.authToken).not.toBe('token');
    expect(other.telnyxKeys).not.toBe(keys);
    expect(otherWebhookSigning({})).toEqual({});
  });
});

describe('signedUpgrade', () => {
  it("carries the provider's authentication headers for the public stream URL", () => {
    const upgrade = signedUpgrade('telnyx', 'stream-token');
    expect(upgrade).toMatchObject({ method: 'GET', url: CONFORMANCE_PUBLIC_STREAM_URL });
    expect(headerValue(upgrade.headers, 'x-telnyx-streaming-auth-token')).toBe('stream-token');
  });
});
