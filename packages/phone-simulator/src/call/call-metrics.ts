import { Histogram } from '../load/histogram.js';

/**
 * Timing statistics of one call, or of many calls when a load run shares one instance: fixed
 * memory however many values are recorded.
 */
export class CallMetrics {
  /** Call time of the bot's first audio, per call (ms). */
  readonly firstAudioMs = new Histogram();
  /** |inter-arrival − previous message's audio duration| of bot media inside an utterance (ms). */
  readonly outboundJitterMs = new Histogram();
  /** How late the simulator sent each caller frame after its due time (ms). */
  readonly sendLatenessMs = new Histogram();
  /** Length of each underrun: a gap in bot audio inside an utterance (ms). */
  readonly underrunGapMs = new Histogram();
}
