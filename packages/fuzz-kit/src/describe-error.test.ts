import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';

describe('describeError', () => {
  it('names an Error by its name and message, then its stack', () => {
    const described = describeError(new TypeError('boom'));
    expect(described.startsWith('TypeError: boom\n')).toBe(true);
    expect(described).toContain('describe-error.test');
  });

  it('prints anything else thrown as a string', () => {
    expect(describeError(42)).toBe('42');
  });
});
