export {
  type AudioRaw,
  InputAudioRawFrame,
  OutputAudioRawFrame,
  SpeechOutputAudioRawFrame,
  TTSAudioRawFrame,
  type WireAudio,
} from './audio-frames.js';
export { InputDTMFFrame, OutputDTMFFrame, OutputDTMFUrgentFrame } from './dtmf-frames.js';
export {
  type ConcreteFrameClass,
  ControlFrame,
  DataFrame,
  Frame,
  type FrameClass,
  type FrameKind,
  isSystemFrame,
  SystemFrame,
} from './frame.js';
export { isKeypadEntry, KEYPAD_ENTRIES, type KeypadEntry, toKeypadEntry } from './keypad-entry.js';
export {
  CancelFrame,
  CancelTaskFrame,
  EndFrame,
  EndTaskFrame,
  ErrorFrame,
  type ErrorFrameOptions,
  InterruptionFrame,
  InterruptionTaskFrame,
  StartFrame,
  type StartFrameOptions,
  StopFrame,
} from './lifecycle-frames.js';
export { MixerControlFrame } from './mixer-frames.js';
export {
  BotSpeakingFrame,
  BotStartedSpeakingFrame,
  BotStoppedSpeakingFrame,
  TTSStartedFrame,
  TTSStoppedFrame,
  UserIdleFrame,
  UserSpeakingFrame,
  UserStartedSpeakingFrame,
  UserStoppedSpeakingFrame,
  VADUserStartedSpeakingFrame,
  VADUserStoppedSpeakingFrame,
} from './speech-frames.js';
export {
  PlaybackClearedFrame,
  PlaybackMarkFrame,
  PlaybackMarkPlayedFrame,
  ProviderErrorFrame,
  StreamStartedFrame,
  StreamStoppedFrame,
} from './telephony-frames.js';
export {
  ClientConnectedFrame,
  InputTransportMessageFrame,
  OutputTransportMessageFrame,
  OutputTransportMessageUrgentFrame,
  OutputTransportReadyFrame,
  TextFrame,
} from './transport-frames.js';
export {
  FilterEnableFrame,
  UserInputMuteFrame,
  UserMuteStartedFrame,
  UserMuteStoppedFrame,
  VADParamsUpdateFrame,
} from './user-input-frames.js';
