/** Content type of the Prometheus text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Readonly<Record<string, string>>;

/** A counter or gauge family: one value per label set. */
class MetricFamily {
  readonly #values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge',
  ) {}

  add(labels: Labels, amount: number): void {
    const key = labelKey(labels);
    const entry = this.#values.get(key);
    if (entry) entry.value += amount;
    else this.#values.set(key, { labels, value: amount });
  }

  value(labels: Labels = {}): number {
    return this.#values.get(labelKey(labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    if (this.#values.size === 0 && this.type === 'gauge') lines.push(`${this.name} 0`);
    for (const { labels, value } of this.#values.values()) {
      lines.push(`${this.name}${renderLabels(labels)} ${value}`);
    }
    return lines.join('\n');
  }
}

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}=${labels[name]}`)
    .join(',');
}

function renderLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return '';
  const pairs = names.map((name) => `${name}="${escapeLabelValue(labels[name] ?? '')}"`);
  return `{${pairs.join(',')}}`;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/**
 * The demo's counters, served at `GET /metrics` in Prometheus text format. `provider` labels
 * are `twilio`, `telnyx`, `plivo`, or `softphone` for the browser page.
 */
export class DemoMetrics {
  readonly #activeCalls = new MetricFamily('demo_active_calls', 'Calls connected now.', 'gauge');
  readonly #callsTotal = new MetricFamily(
    'demo_calls_total',
    'Calls started, by provider.',
    'counter',
  );
  readonly #callsEnded = new MetricFamily(
    'demo_calls_ended_total',
    'Calls ended, by reason (remote-close, error, no-audio, inbound-rate-exceeded, write-bound-exceeded, bot-ended, cancel, …).',
    'counter',
  );
  readonly #pendingStreams = new MetricFamily(
    'demo_pending_streams',
    'WebSockets accepted whose call has not started yet.',
    'gauge',
  );
  readonly #draining = new MetricFamily(
    'demo_draining',
    '1 while the server drains after SIGTERM (readiness fails, new calls are refused).',
    'gauge',
  );
  readonly #framesIn = new MetricFamily(
    'demo_frames_in_total',
    'Provider messages received and turned into frames, by provider.',
    'counter',
  );
  readonly #framesOut = new MetricFamily(
    'demo_frames_out_total',
    'Messages sent to the provider (media, marks, clears), by provider.',
    'counter',
  );
  readonly #interruptions = new MetricFamily(
    'demo_interruptions_total',
    'Times the caller interrupted the bot and playback was cleared, by provider.',
    'counter',
  );
  readonly #rejectedMessages = new MetricFamily(
    'demo_protocol_errors_total',
    'Inbound messages rejected as malformed or unknown (skipped; the call goes on), by provider and kind.',
    'counter',
  );
  readonly #hangUps = new MetricFamily(
    'demo_hang_ups_total',
    'Hang-up requests made to a provider REST API, by provider and outcome.',
    'counter',
  );
  readonly #refusedRequests = new MetricFamily(
    'demo_refused_requests_total',
    'Webhooks and WebSocket upgrades refused, by route and reason.',
    'counter',
  );
  readonly #failedCallSetups = new MetricFamily(
    'demo_failed_call_setups_total',
    'WebSockets closed before a call started (no provider recognised, timeout, closed early), by reason.',
    'counter',
  );

  /** A call started: counts it and marks it active until `callEnded`. */
  callStarted(provider: string): void {
    this.#callsTotal.add({ provider }, 1);
    this.#activeCalls.add({}, 1);
  }

  /** A call counted by `callStarted` ended, for `reason`. */
  callEnded(reason: string): void {
    this.#activeCalls.add({}, -1);
    this.#callsEnded.add({ reason }, 1);
  }

  /** Sets the number of streams accepted whose call has not started. */
  setPendingStreams(count: number): void {
    this.#pendingStreams.add({}, count - this.#pendingStreams.value());
  }

  /** The server started draining. */
  startedDraining(): void {
    this.#draining.add({}, 1 - this.#draining.value());
  }

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
    this.#rejectedMessages.add({ provider, kind }, 1);
  }

  /** A hang-up request finished with `outcome` (e.g. `ok`, `already-ended`, `failed`). */
  hangUp(provider: string, outcome: string): void {
    this.#hangUps.add({ provider, outcome }, 1);
  }

  /** A webhook or upgrade was refused. */
  refused(route: string, reason: string): void {
    this.#refusedRequests.add({ route, reason }, 1);
  }

  /** A WebSocket closed before its call started. */
  failedCallSetup(reason: string): void {
    this.#failedCallSetups.add({ reason }, 1);
  }

  /** Calls connected now. */
  get activeCalls(): number {
    return this.#activeCalls.value();
  }

  /** Hang-up requests made so far for `provider` with `outcome`. */
  hangUpCount(provider: string, outcome: string): number {
    return this.#hangUps.value({ provider, outcome });
  }

  /** Every metric in Prometheus text format. */
  render(): string {
    return `${[
      this.#activeCalls,
      this.#callsTotal,
      this.#callsEnded,
      this.#pendingStreams,
      this.#draining,
      this.#framesIn,
      this.#framesOut,
      this.#interruptions,
      this.#rejectedMessages,
      this.#hangUps,
      this.#refusedRequests,
      this.#failedCallSetups,
    ]
      .map((family) => family.render())
      .join('\n')}\n`;
  }
}
