import { describe, expect, it } from 'vitest';
import { basicAuthorization } from './basic-authorization.js';
import { constantTimeEqual } from './constant-time-equal.js';

describe('constantTimeEqual', () => {
  it('is true only for equal values, whatever their lengths', () => {
    expect(constantTimeEqual('RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(
      true,
    );
    expect(constantTimeEqual('RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'RSOYDt4T1cUTdK1PDd93/VVr8B8')).toBe(
      false,
    );
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
  });
});

describe('basicAuthorization', () => {
  it('encodes user and password as HTTP Basic credentials', () => {
    expect(basicAuthorization('ACxxxx', 's3cr3t')).toBe(
      `Basic ${Buffer.from('ACxxxx:s3cr3t').toString('base64')}`,
    );
  });
});
