import { generateTelnyxWebhookKeys } from '@x/phone-simulator';
import { describeProviderConformance } from '@x/provider-conformance';
import { fixtureJson } from './__fixtures__/fixtures.js';
import { createTelnyx } from './create-telnyx.js';

const API_KEY = 'KEYconformance-telnyx-api-key';
const STREAM_AUTH_TOKEN = 'conformance-telnyx-stream-token';
const WEBHOOK_KEYS = generateTelnyxWebhookKeys();

describeProviderConformance({
  name: 'telnyx',
  createProvider: (settings) =>
    createTelnyx({
      ...settings,
      apiKey: API_KEY,
      publicKey: WEBHOOK_KEYS.publicKeyBase64,
      streamAuthToken: STREAM_AUTH_TOKEN,
    }),
  // Telnyx signs the raw webhook body with Ed25519 (no URL) and checks a shared token on upgrades.
  signing: {
    upgradeSecret: STREAM_AUTH_TOKEN,
    webhook: { telnyxKeys: WEBHOOK_KEYS },
    coversUrl: false,
  },
  fakeApi: { telnyx: { apiKey: API_KEY } },
  openingMessages: [fixtureJson('connected.json'), fixtureJson('start.json')],
  capabilities: { outboundDtmf: false, clearedMarks: 'echo-each-mark' },
});
