import { describeProviderConformance } from '@x/provider-conformance';
import { fixtureJson } from './__fixtures__/load-fixture.js';
import { createPlivo } from './create-plivo.js';

const AUTH_ID = 'MACONFORMANCE0000001';
const AUTH_TOKEN = 'conformance-plivo-auth-token';

describeProviderConformance({
  name: 'plivo',
  createProvider: (settings) =>
    createPlivo({ ...settings, authId: AUTH_ID, authToken: AUTH_TOKEN }),
  signing: { upgradeSecret: AUTH_TOKEN, webhook: { authToken: AUTH_TOKEN }, coversUrl: true },
  fakeApi: { plivo: { authId: AUTH_ID, authToken: AUTH_TOKEN } },
  openingMessages: [fixtureJson('start.json')],
  // Checkpoints, answered by `playedStream`; a clear is confirmed once by `clearedAudio`.
  capabilities: { outboundDtmf: true, clearedMarks: 'confirm-clear' },
  // μ-law at 8 kHz is quantised twice; L16 at the pipeline's 16 kHz comes back exact.
  echoCodecs: [
    { codec: 'PCMU', minimumSnrDb: 33 },
    { codec: 'L16', sampleRate: 16_000, minimumSnrDb: 70 },
  ],
});
