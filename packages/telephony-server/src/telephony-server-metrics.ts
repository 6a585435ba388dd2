import { type MetricLabels, PrometheusMetric } from './prometheus-metric.js';

/** Provider label of a stream refused before its provider was known. */
export const UNKNOWN_PROVIDER_LABEL = 'unknown';

/**
 * The server's counters, served at `GET /metrics` in the Prometheus text format. Every name
 * starts with `telephony_`; `provider` labels are provider names (`twilio`, `telnyx`, `plivo`, or
 * a trusted endpoint's label).
 */
export class TelephonyServerMetrics {
  readonly #callsActive = new PrometheusMetric(
    'telephony_calls_active',
    'Calls in progress now.',
    'gauge',
  );
  readonly #callsStarted = new PrometheusMetric(
    'telephony_calls_started_total',
    'Calls started (stream accepted and checked), by provider.',
    'counter',
  );
  readonly #callsEnded = new PrometheusMetric(
    'telephony_calls_ended_total',
    'Calls ended, by provider and reason (remote-close, no-audio, inbound-rate-exceeded, write-bound-exceeded, error, send-failed, ended, cancelled, failed).',
    'counter',
  );
  readonly #streamsPending = new PrometheusMetric(
    'telephony_streams_pending',
    'WebSockets accepted whose call has not started yet.',
    'gauge',
  );
  readonly #upgradesRefused = new PrometheusMetric(
    'telephony_upgrades_refused_total',
    'WebSocket upgrades refused with an HTTP status, by reason.',
    'counter',
  );
  readonly #streamsRefused = new PrometheusMetric(
    'telephony_streams_refused_total',
    'Accepted WebSockets closed before a call started, by provider and reason.',
    'counter',
  );
  readonly #webhooks = new PrometheusMetric(
    'telephony_webhooks_total',
    'Provider webhooks, by provider and outcome (answered, or why not).',
    'counter',
  );
  readonly #draining = new PrometheusMetric(
    'telephony_draining',
    '1 while the server drains (readiness fails, new calls are refused).',
    'gauge',
  );
  readonly #all = [
    this.#callsActive,
    this.#callsStarted,
    this.#callsEnded,
    this.#streamsPending,
    this.#upgradesRefused,
    this.#streamsRefused,
    this.#webhooks,
    this.#draining,
  ];

  /** A call started: counts it and marks it active until `callEnded`. */
  callStarted(provider: string): void {
    this.#callsStarted.add({ provider }, 1);
    this.#callsActive.add({}, 1);
  }

  /** A call counted by `callStarted` ended, for `reason`. */
  callEnded(provider: string, reason: string): void {
    this.#callsActive.add({}, -1);
    this.#callsEnded.add({ provider, reason }, 1);
  }

  /** Sets the number of streams accepted whose call has not started. */
  setPendingStreams(count: number): void {
    this.#streamsPending.set({}, count);
  }

  /** An upgrade was answered with an HTTP error. */
  upgradeRefused(reason: string): void {
    this.#upgradesRefused.add({ reason }, 1);
  }

  /** An accepted WebSocket was closed before its call started. */
  streamRefused(provider: string, reason: string): void {
    this.#streamsRefused.add({ provider, reason }, 1);
  }

  /** A webhook was answered (`answered`) or refused (the reason). */
  webhook(provider: string, outcome: string): void {
    this.#webhooks.add({ provider, outcome }, 1);
  }

  /** Sets whether the server drains. */
  setDraining(draining: boolean): void {
    this.#draining.set({}, draining ? 1 : 0);
  }

  /** The value of one series, e.g. `value('telephony_calls_ended_total', { provider, reason })`. */
  value(name: string, labels: MetricLabels = {}): number {
    return this.#all.find((metric) => metric.name === name)?.value(labels) ?? 0;
  }

  /** Every metric in the Prometheus text format, ending with a newline. */
  render(): string {
    return `${this.#all.map((metric) => metric.render()).join('\n')}\n`;
  }
}
