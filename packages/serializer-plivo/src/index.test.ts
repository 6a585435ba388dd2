import { describe, expect, it } from 'vitest';
import * as plivo from './index.js';
import * as wire from './wire.js';

describe('@x/serializer-plivo entry points', () => {
  it('exports what a bot or server needs from the root', () => {
    const names = [
      'createPlivo',
      'PLIVO_ENVIRONMENT_VARIABLES',
      'PlivoFrameSerializer',
      'DEFAULT_PLIVO_FRAME_SERIALIZER_OPTIONS',
      'plivoStreamXml',
      'plivoStreamElement',
      'PlivoRequestVerifier',
      'plivoSignatureV3',
      'verifyPlivoSignatureV3',
      'DEFAULT_PLIVO_API_BASE_URL',
    ];
    for (const name of names) expect(plivo, name).toHaveProperty(name);
    expect(plivo.createPlivo({ env: {} }).name).toBe('plivo');
  });

  it('keeps the wire protocol details under /wire, not at the root', () => {
    const wireOnly = [
      'recognizePlivoMessage',
      'plivoCallDataFromStart',
      'parsePlivoMessage',
      'parsePlivoExtraHeaders',
      'formatPlivoExtraHeaders',
      'plivoSignatureV2',
      'verifyPlivoSignatureV2',
      'plivoUpgradeSignatureUrls',
      'plivoHangUpRequest',
    ];
    for (const name of wireOnly) {
      expect(wire, name).toHaveProperty(name);
      expect(plivo, name).not.toHaveProperty(name);
    }
  });
});
