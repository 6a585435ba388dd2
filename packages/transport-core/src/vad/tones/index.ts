export {
  CALL_PROGRESS_TONES,
  DTMF_TONES,
  FAX_ANSWER_TONE,
  FAX_CALLING_TONE,
  SPECIAL_INFORMATION_TONES,
  type TelephonyTone,
  type TelephonyToneKind,
} from './telephony-tone.js';
export {
  DEFAULT_TELEPHONY_TONE_DETECTOR_OPTIONS,
  TelephonyToneDetector,
  type TelephonyToneDetectorOptions,
} from './telephony-tone-detector.js';
