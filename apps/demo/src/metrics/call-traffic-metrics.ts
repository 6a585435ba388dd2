import { PrometheusMetric } from '@x/telephony-server';

/**
 * What the demo counts beyond the server kit's `telephony_*` calls, streams and webhooks: the
 * traffic of each call, counted by `CountingSerializer`. Appended to `/metrics` through the
 * kit's `extraMetrics`. `provider` labels are `twilio`, `telnyx`, `plivo`, or `softphone`.
 */
export class CallTrafficMetrics {
  readonly #framesIn = new PrometheusMetric(
    'telephony_frames_in_total',
    'Provider messages received and turned into frames, by provider.',
    'counter',
  );
  readonly #framesOut = new PrometheusMetric(
    'telephony_frames_out_total',
    'Messages sent to the provider (media, marks, clears), by provider.',
    'counter',
  );
  readonly #interruptions = new PrometheusMetric(
    'telephony_interruptions_total',
    'Times the caller interrupted the bot and playback was cleared, by provider.',
    'counter',
  );
  readonly #protocolErrors = new PrometheusMetric(
    'telephony_protocol_errors_total',
    'Inbound messages rejected as malformed or unknown (skipped; the call goes on), by provider and kind.',
    'counter',
  );
  readonly #hangUps = new PrometheusMetric(
    'telephony_hang_ups_total',
    'Hang-up requests made to a provider REST API, by provider and outcome.',
    'counter',
  );
  readonly #all = [
    this.#framesIn,
    this.#framesOut,
    this.#interruptions,
    this.#protocolErrors,
    this.#hangUps,
  ];

  /** `count` frames came from one inbound provider message. */
  framesIn(provider: string, count: number): void {
    this.#framesIn.add({ provider }, count);
  }

  /** One message was sent to the provider. */
  frameOut(provider: string): void {
    this.#framesOut.add({ provider }, 1);
  }

  /** The bot was interrupted (a clear message was sent). */
  interruption(provider: string): void {
    this.#interruptions.add({ provider }, 1);
  }

  /** An inbound message was rejected. */
  protocolError(provider: string, kind: string): void {
    this.#protocolErrors.add({ provider, kind }, 1);
  }

  /** A hang-up request finished with `outcome` (e.g. `hung-up`, `already-ended`, `failed`). */
  hangUp(provider: string, outcome: string): void {
    this.#hangUps.add({ provider, outcome }, 1);
  }

  /** Hang-up requests made so far for `provider` with `outcome`. */
  hangUpCount(provider: string, outcome: string): number {
    return this.#hangUps.value({ provider, outcome });
  }

  /** Every metric in the Prometheus text format, ending with a newline. */
  render(): string {
    return `${this.#all.map((metric) => metric.render()).join('\n')}\n`;
  }
}
