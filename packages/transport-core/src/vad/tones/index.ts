export {
  CALL_PROGRESS_TONES,
  DTMF_COLUMN_FREQUENCIES_HZ,
  DTMF_ROW_FREQUENCIES_HZ,
  DTMF_TONES,
  FAX_ANSWER_FREQUENCY_HZ,
  FAX_ANSWER_TONE,
  FAX_CALLING_FREQUENCY_HZ,
  FAX_CALLING_TONE,
  SPECIAL_INFORMATION_FREQUENCIES_HZ,
  SPECIAL_INFORMATION_TONES,
  type TelephonyTone,
  type TelephonyToneKind,
} from './telephony-tone.js';
export {
  DEFAULT_TELEPHONY_TONE_DETECTOR_OPTIONS,
  TELEPHONY_TONE_MIN_SAMPLE_RATE_HZ,
  TelephonyToneDetector,
  type TelephonyToneDetectorOptions,
} from './telephony-tone-detector.js';
