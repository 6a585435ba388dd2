import type { TonePattern } from './tone-pattern.js';

/**
 * North American call-progress tones (ANSI T1.401 precise tone plan) and the fax calling and
 * answer tones (ITU-T T.30, V.25), as a caller's line carries them.
 */

/** Dial tone: 350 + 440 Hz, −13 dBm0 each, steady (heard here in stretches, as after a transfer). */
export const DIAL_TONE: TonePattern = {
  name: 'dial tone',
  levelDbm0: -13,
  steps: [
    { frequenciesHz: [350, 440], secs: 8 },
    { frequenciesHz: [], secs: 2 },
  ],
};

/** Audible ringing (ringback): 440 + 480 Hz, −19 dBm0 each, 2 s on, 4 s off. */
export const RINGBACK_TONE: TonePattern = {
  name: 'ringback',
  levelDbm0: -19,
  steps: [
    { frequenciesHz: [440, 480], secs: 2 },
    { frequenciesHz: [], secs: 4 },
  ],
};

/** Busy: 480 + 620 Hz, −24 dBm0 each, 0.5 s on, 0.5 s off. */
export const BUSY_TONE: TonePattern = {
  name: 'busy',
  levelDbm0: -24,
  steps: [
    { frequenciesHz: [480, 620], secs: 0.5 },
    { frequenciesHz: [], secs: 0.5 },
  ],
};

/** Reorder (fast busy): 480 + 620 Hz, −24 dBm0 each, 0.25 s on, 0.25 s off. */
export const REORDER_TONE: TonePattern = {
  name: 'reorder',
  levelDbm0: -24,
  steps: [
    { frequenciesHz: [480, 620], secs: 0.25 },
    { frequenciesHz: [], secs: 0.25 },
  ],
};

/**
 * Special information tone (vacant code): 913.8, 1370.6 and 1776.7 Hz for 274, 274 and 380 ms,
 * −24 dBm0, then the pause where the recorded announcement would be.
 */
export const SPECIAL_INFORMATION_TONE: TonePattern = {
  name: 'special information tone',
  levelDbm0: -24,
  steps: [
    { frequenciesHz: [913.8], secs: 0.274 },
    { frequenciesHz: [1370.6], secs: 0.274 },
    { frequenciesHz: [1776.7], secs: 0.38 },
    { frequenciesHz: [], secs: 4 },
  ],
};

/** Fax calling tone (CNG): 1100 Hz, 0.5 s on, 3 s off. */
export const FAX_CALLING_TONE: TonePattern = {
  name: 'fax calling tone (CNG)',
  levelDbm0: -12,
  steps: [
    { frequenciesHz: [1100], secs: 0.5 },
    { frequenciesHz: [], secs: 3 },
  ],
};

/** Fax and modem answer tone (CED / ANS): 2100 Hz for 3.3 s, repeated after a pause here. */
export const FAX_ANSWER_TONE: TonePattern = {
  name: 'fax answer tone (CED)',
  levelDbm0: -12,
  steps: [
    { frequenciesHz: [2100], secs: 3.3 },
    { frequenciesHz: [], secs: 3 },
  ],
};
