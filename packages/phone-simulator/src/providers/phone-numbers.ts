/** Caller number used when none is given (a 555-01xx number, reserved for fiction). */
export const DEFAULT_CALLER_NUMBER = '+15550100001';
/** Called number used when none is given. */
export const DEFAULT_CALLED_NUMBER = '+15550100002';
