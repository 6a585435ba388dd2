import { describe, expect, it } from 'vitest';
import { InputDTMFFrame, OutputDTMFFrame, OutputDTMFUrgentFrame } from './dtmf-frames.js';
import { isKeypadEntry, KEYPAD_ENTRIES, toKeypadEntry } from './keypad-entry.js';

describe('keypad entries', () => {
  it('accepts exactly the twelve keys of a phone keypad', () => {
    expect([...KEYPAD_ENTRIES].sort()).toEqual(
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'].sort(),
    );
    for (const key of KEYPAD_ENTRIES) expect(toKeypadEntry(key)).toBe(key);
    for (const bad of ['A', 'a', '10', '', ' ', 1, null, undefined]) {
      expect(isKeypadEntry(bad)).toBe(false);
    }
  });

  it('rejects an invalid digit with a RangeError naming it', () => {
    expect(() => toKeypadEntry('x')).toThrow(RangeError);
    expect(() => toKeypadEntry('x')).toThrow('invalid DTMF digit "x"');
    expect(() => toKeypadEntry(7)).toThrow('invalid DTMF digit 7');
  });
});

describe('InputDTMFFrame', () => {
  it('carries the pressed key', () => {
    expect(new InputDTMFFrame('#').button).toBe('#');
  });

  it('rejects an invalid digit with a RangeError naming it', () => {
    expect(() => new InputDTMFFrame('A')).toThrow(RangeError);
    expect(() => new InputDTMFFrame('A')).toThrow('"A"');
    expect(() => new InputDTMFFrame('12')).toThrow('"12"');
  });
});

describe.each([
  ['OutputDTMFFrame', OutputDTMFFrame],
  ['OutputDTMFUrgentFrame', OutputDTMFUrgentFrame],
])('%s', (_name, frameClass) => {
  it('accepts one key, a string of keys or a list of keys, in order', () => {
    expect(new frameClass('5').buttons).toEqual(['5']);
    expect(new frameClass('12#').buttons).toEqual(['1', '2', '#']);
    expect(new frameClass(['*', '0']).buttons).toEqual(['*', '0']);
  });

  it('keeps its keys frozen', () => {
    expect(Object.isFrozen(new frameClass('12').buttons)).toBe(true);
  });

  it('rejects an empty key list with a RangeError', () => {
    expect(() => new frameClass('')).toThrow(RangeError);
    expect(() => new frameClass([])).toThrow('at least one button');
  });

  it('rejects an invalid digit with a RangeError naming it', () => {
    expect(() => new frameClass('12x')).toThrow(RangeError);
    expect(() => new frameClass('12x')).toThrow('"x"');
    expect(() => new frameClass(['1', 'B'])).toThrow('"B"');
  });
});
