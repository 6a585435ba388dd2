import { describe, expect, it } from 'vitest';
import * as plivo from './index.js';

describe('@x/serializer-plivo entry point', () => {
  it('exports the serializer, descriptor, markup, verifier and REST helpers', () => {
    const names = [
      'createPlivo',
      'PLIVO_ENVIRONMENT_VARIABLES',
      'PlivoFrameSerializer',
      'DEFAULT_PLIVO_FRAME_SERIALIZER_OPTIONS',
      'plivoProvider',
      'recognizePlivoMessage',
      'plivoCallDataFromStart',
      'parsePlivoMessage',
      'parsePlivoExtraHeaders',
      'formatPlivoExtraHeaders',
      'plivoStreamXml',
      'plivoStreamElement',
      'PlivoRequestVerifier',
      'plivoSignatureV3',
      'verifyPlivoSignatureV3',
      'plivoSignatureV2',
      'verifyPlivoSignatureV2',
      'plivoUpgradeSignatureUrls',
      'plivoHangUpRequest',
      'PLIVO_API_BASE_URL',
    ];
    for (const name of names) expect(plivo, name).toHaveProperty(name);
  });
});
