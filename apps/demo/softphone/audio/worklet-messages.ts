/** Messages between the softphone's main thread and its two AudioWorklet processors. */

/** Telephone audio rate the worklets produce and consume, in Hz. */
export const TELEPHONE_SAMPLE_RATE = 8000;
/** Samples in one 20 ms telephone frame at 8 kHz. */
export const TELEPHONE_FRAME_SAMPLES = 160;

/** Capture worklet → main thread: one 20 ms frame of microphone audio at 8 kHz. */
export interface CapturedFrameMessage {
  readonly type: 'frame';
  /** 160 PCM16 samples at 8 kHz (silence while muted). */
  readonly samples: Int16Array;
  /** Level of the frame as heard by the microphone, 0 (−60 dBFS or less) to 1 (0 dBFS). */
  readonly level: number;
}

/** Main thread → capture worklet. */
export type CaptureControlMessage = { readonly type: 'mute'; readonly muted: boolean };

/** Main thread → playback worklet. */
export type PlaybackControlMessage =
  /** Bot audio to queue: PCM16 at 8 kHz. */
  | { readonly type: 'audio'; readonly samples: Int16Array }
  /** Drop everything queued (the bot was interrupted). */
  | { readonly type: 'clear' };

/** Playback worklet → main thread, about every 20 ms while audio plays and when it runs dry. */
export interface PlaybackStatusMessage {
  readonly type: 'status';
  /** 8 kHz samples played or dropped by a clear since the call started. */
  readonly consumed: number;
  /** 8 kHz samples waiting in the jitter buffer. */
  readonly buffered: number;
  /** Level of what was played in the last report period, 0 to 1 like `CapturedFrameMessage`. */
  readonly level: number;
  /** Times the buffer ran dry in the middle of bot speech. */
  readonly underruns: number;
  /** 8 kHz samples refused because the buffer was full. */
  readonly overflowSamples: number;
}

/** Maps an RMS level (0–1 of full scale) to the meter scale: −60 dBFS → 0, 0 dBFS → 1. */
export function meterLevel(rmsOfFullScale: number): number {
  if (rmsOfFullScale <= 0) return 0;
  const decibels = 20 * Math.log10(rmsOfFullScale);
  return Math.min(1, Math.max(0, (decibels + 60) / 60));
}
