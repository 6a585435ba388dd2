export { isSilence, levelDbfs, rms, SPEAKING_THRESHOLD } from './audio-level.js';
export { downmixToMono, upmixMono } from './channels.js';
export { ALAW_SILENCE_BYTE, alawToPcm, pcmToAlaw } from './g711-alaw.js';
export { pcmToUlaw, ULAW_SILENCE_BYTE, ulawToPcm } from './g711-ulaw.js';
export { bytesFromInt16, int16FromBytes } from './pcm-bytes.js';
export type { ResamplerKernelName } from './resampler/polyphase-kernel.js';
export {
  resample,
  STREAM_RESAMPLER_DEFAULTS,
  StreamResampler,
  type StreamResamplerOptions,
} from './resampler/stream-resampler.js';
export { parseWav, pcmToWav, WAV_HEADER_BYTES, type WavAudio } from './wav.js';
