import { describeProviderConformance } from '@x/provider-conformance';
import { fixtureJson } from './__fixtures__/fixtures.js';
import { createTwilio } from './create-twilio.js';

const ACCOUNT_SID = `AC${'c0ffee12'.repeat(4)}`;
const AUTH_TOKEN = 'conformance-twilio-auth-token';

describeProviderConformance({
  name: 'twilio',
  createProvider: (settings) =>
    createTwilio({ ...settings, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
  signing: { upgradeSecret: AUTH_TOKEN, webhook: { authToken: AUTH_TOKEN }, coversUrl: true },
  fakeApi: { twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN } },
  openingMessages: [fixtureJson('connected.json'), fixtureJson('start.json')],
  capabilities: { outboundDtmf: false, clearedMarks: 'echo-each-mark' },
});
