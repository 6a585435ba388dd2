import { afterEach, describe, expect, it } from 'vitest';
import { POLLUTION_MARKER, prototypeIsClean } from './prototype-pollution.js';

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>)[POLLUTION_MARKER];
  delete (Array.prototype as unknown as Record<string, unknown>)[POLLUTION_MARKER];
});

describe('prototypeIsClean', () => {
  it('is true when nothing reached the prototypes', () => {
    expect(prototypeIsClean()).toBe(true);
  });

  it('is false once the marker reached Object.prototype, as a careless field copy does', () => {
    const target: Record<string, unknown> = {};
    const parsed = JSON.parse(`{"__proto__":{"${POLLUTION_MARKER}":true}}`);
    for (const key of Object.keys(parsed)) {
      if (key === '__proto__') Object.assign(target[key] as object, parsed[key]);
    }
    expect(prototypeIsClean()).toBe(false);
  });

  it('is false once the marker reached Array.prototype', () => {
    (Array.prototype as unknown as Record<string, unknown>)[POLLUTION_MARKER] = true;
    expect(prototypeIsClean()).toBe(false);
  });
});
