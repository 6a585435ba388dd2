/**
 * Prototype pollution: the keys that reach `Object.prototype` when code copies fields by
 * assignment, and a marker that fuzzed messages try to plant there.
 */

/** Keys that reach `Object.prototype` when code copies fields by assignment. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
/** A property name no real message has: set on `Object.prototype` only if a parser is polluted. */
export const POLLUTION_MARKER = 'fuzzPolluted';

/** True when no parsed message has reached `Object.prototype` (nor `Array.prototype`). */
export function prototypeIsClean(): boolean {
  return !(POLLUTION_MARKER in Object.prototype) && !(POLLUTION_MARKER in Array.prototype);
}
