/**
 * Filters caller audio before the VAD and the bot hear it (Pipecat's `audio_in_filter`), e.g.
 * noise suppression. Pass one per call as the transport's `audioInFilter`: a filter keeps state.
 *
 * - `start` is called once, when the input starts, with the pipeline's caller audio rate (Hz) and
 *   channel count; the input waits for a promise it returns before it reads any caller audio.
 * - `filter(audio)` takes each caller frame's PCM16 samples (interleaved when stereo) and returns
 *   the filtered samples, **the same number**, synchronously (it runs for every 20 ms of every
 *   call). A filter that works in blocks of another size delays its output by up to one block
 *   (zeros at first) rather than changing the count. It may return `audio` itself, changed in
 *   place.
 * - `reset` (optional) forgets the audio heard so far; the input calls it when a
 *   `FilterEnableFrame` turns the filter back on, so audio from before the pause never leaks
 *   into the new audio.
 * - `stop` is called once when the input stops (end, cancel or a lost connection).
 */
export interface AudioInFilter {
  /**
   * Prepares the filter for caller audio at `sampleRate` Hz with `numChannels` channels.
   * @throws when the filter cannot work at that rate or channel count (the call goes on unfiltered).
   */
  start(sampleRate: number, numChannels: number): Promise<void> | void;
  /** The filtered samples for `audio` (the same count), synchronously. */
  filter(audio: Int16Array): Int16Array;
  /** Forgets the audio heard so far (the filter was off and is back on). */
  reset?(): void;
  /** Releases what the filter holds (e.g. WebAssembly memory). */
  stop(): Promise<void> | void;
}
