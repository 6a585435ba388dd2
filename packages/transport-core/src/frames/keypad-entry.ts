/** The twelve DTMF keys a phone keypad sends. */
export const KEYPAD_ENTRIES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;

/** One DTMF key: `'0'`–`'9'`, `'*'` or `'#'`. */
export type KeypadEntry = (typeof KEYPAD_ENTRIES)[number];

/** True when `value` is one of the twelve DTMF keys. */
export function isKeypadEntry(value: unknown): value is KeypadEntry {
  return typeof value === 'string' && (KEYPAD_ENTRIES as readonly string[]).includes(value);
}

/**
 * Checks a DTMF digit string and returns it as a `KeypadEntry`.
 * @throws RangeError naming the value when it is not one of `0-9`, `*`, `#`.
 */
export function toKeypadEntry(value: unknown): KeypadEntry {
  if (isKeypadEntry(value)) return value;
  throw new RangeError(
    `invalid DTMF digit ${JSON.stringify(value)}: expected one of ${KEYPAD_ENTRIES.join(' ')}`,
  );
}
