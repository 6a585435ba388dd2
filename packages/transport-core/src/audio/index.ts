export type { AudioInFilter } from './audio-in-filter.js';
export { isSilence, levelDbfs, rms, SPEAKING_THRESHOLD } from './audio-level.js';
export type { AudioOutMixer, AudioOutMixerSettings } from './audio-out-mixer.js';
export { downmixToMono, upmixMono } from './channels.js';
export {
  DEFAULT_DTMF_TONE_OPTIONS,
  DTMF_EDGE_RAMP_MS,
  DTMF_GAP_MS,
  DTMF_MAX_TONE_LEVEL_DBM0,
  DTMF_MIN_GAP_MS,
  DTMF_MIN_TONE_MS,
  DTMF_TONE_LEVEL_DBM0,
  DTMF_TONE_MS,
  DtmfToneGenerator,
  type DtmfToneOptions,
  FULL_SCALE_SINE_DBM0,
  resolveDtmfToneOptions,
  sineAmplitudeAtDbm0,
} from './dtmf-tone-generator.js';
export { ALAW_SILENCE_BYTE, alawToPcm, pcmToAlaw } from './g711-alaw.js';
export { pcmToUlaw, ULAW_SILENCE_BYTE, ulawToPcm } from './g711-ulaw.js';
export {
  DEFAULT_LOOPED_SOUND_MIXER_OPTIONS,
  LOOPED_SOUND_DEFAULT_VOLUME,
  LoopedSoundMixer,
  type LoopedSoundMixerOptions,
} from './looped-sound-mixer.js';
export { bytesFromInt16, int16FromBytes } from './pcm-bytes.js';
export type { ResamplerKernelName } from './resampler/polyphase-kernel.js';
export {
  resample,
  STREAM_RESAMPLER_DEFAULTS,
  StreamResampler,
  type StreamResamplerOptions,
} from './resampler/stream-resampler.js';
export { parseWav, pcmToWav, WAV_HEADER_BYTES, type WavAudio } from './wav.js';
