export { ALAW_SILENCE_BYTE, alawToPcm, pcmToAlaw } from './g711-alaw.js';
export { pcmToUlaw, ULAW_SILENCE_BYTE, ulawToPcm } from './g711-ulaw.js';
