import type { Logger } from '@x/transport-core';
import { type AudioInput, prepareCallerAudio } from '../audio/caller-audio.js';
import { resolveCodec } from '../audio/media-codec.js';
import { CallMetrics } from '../call/call-metrics.js';
import type { CallOptions } from '../call/call-options.js';
import type { CallSummary } from '../call/call-summary.js';
import { type SimulatedCall, startCall } from '../call/simulated-call.js';
import type { ProviderName } from '../providers/provider-name.js';
import { MediaTicker } from '../timing/media-ticker.js';
import type { WebhookDialOptions } from '../webhook/webhook-dial-options.js';
import type { Percentiles } from './histogram.js';

/** Most calls one load run may open. */
export const MAX_LOAD_CALLS = 5_000;
/** Longest call a load run may hold, in milliseconds (one hour). */
export const MAX_LOAD_CALL_DURATION_MS = 3_600_000;
/** Time allowed past ramp + duration for calls to connect and close. */
const LOAD_GRACE_MS = 15_000;
/** Distinct error messages kept in the report. */
const MAX_ERROR_KINDS = 20;

/** Options of `runLoad`. */
export interface LoadOptions {
  /** WebSocket URL of the bot; optional with `webhook` (then the markup's stream URL). */
  url?: string;
  /** Provider every call speaks. Default `twilio`. */
  provider?: ProviderName;
  /** Number of concurrent calls (1–5,000). */
  calls: number;
  /** Length of each call, in milliseconds (each call hangs up after it). */
  durationMs: number;
  /** Spread the call starts evenly over this many milliseconds. Default 0 (all at once). */
  rampMs?: number;
  /** What each caller says at the start of the call (prepared once, shared by all calls). Default: silence. */
  audio?: AudioInput;
  /** Codec, as in `CallOptions.codec`. */
  codec?: string;
  /** L16 sample rate, as in `CallOptions.sampleRate`. */
  sampleRate?: number;
  /** Custom parameters on every call. */
  customParameters?: Record<string, string>;
  /** Extra upgrade headers on every call. */
  headers?: Record<string, string>;
  /** Sign every upgrade with this secret, as in `CallOptions.authToken`. */
  authToken?: string;
  /** The public URL signed, as in `CallOptions.signatureUrl`. */
  signatureUrl?: string;
  /** Place every call through the provider's webhook first, as in `CallOptions.webhook`. */
  webhook?: WebhookDialOptions;
  /** Give up connecting a call after this long. Default 10,000 ms. */
  connectTimeoutMs?: number;
  /** Stop everything after this many wall milliseconds. Default ramp + duration + 15 s. */
  maxWallMs?: number;
  /** The shared tick. Default a fresh one for this run. */
  ticker?: MediaTicker;
  /** Logger. Default silent. */
  logger?: Logger;
}

/** Aggregate results of a load run. */
export interface LoadReport {
  /** Provider simulated. */
  provider: ProviderName;
  /** URL called (the webhook URL when the calls went through a webhook without a `url`). */
  url: string;
  /** What happened to the calls. */
  calls: {
    /** Calls asked for. */
    requested: number;
    /** Calls whose stream started. */
    connected: number;
    /** Calls that could not connect (refused, unreachable, timed out). */
    failed: number;
    /** Connected calls the simulator hung up at the end of their duration. */
    completed: number;
    /** Connected calls the bot closed early. */
    endedByBot: number;
    /** Connected calls that ended on a socket error or the run's time limit. */
    endedByError: number;
    /** Connected calls that never got any bot audio. */
    withoutBotAudio: number;
  };
  /** Length of each call, ramp and the whole run, in milliseconds. */
  timing: { callDurationMs: number; rampMs: number; wallMs: number };
  /** Time from stream start to the bot's first audio, per call (ms). */
  firstAudioMs: Percentiles;
  /** Bot media inter-arrival minus the previous message's audio duration, absolute (ms). */
  outboundJitterMs: Percentiles;
  /** How late the simulator sent its own caller frames (ms). */
  sendLatenessMs: Percentiles;
  /** Gaps inside bot utterances (late bot messages). */
  underruns: { count: number; totalMs: number; gapMs: Percentiles; callsAffected: number };
  /** Bot audio over all calls, in milliseconds. */
  botAudio: { receivedMs: number; playedMs: number; mediaMessages: number };
  /** Protocol errors over all calls, by rule (rules counted over the first 100 errors of each call). */
  protocolErrors: { count: number; byRule: Record<string, number> };
  /** Connection and socket errors, by message (first 20 kinds). */
  errors: { message: string; count: number }[];
}

/**
 * Opens `calls` simulated calls to one bot from this process, ramped over `rampMs`, each
 * lasting `durationMs`, paced by one shared 20 ms tick; returns aggregate percentiles. The run
 * is bounded: at most 5,000 calls of at most an hour, and `maxWallMs` ends whatever is left.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const provider = options.provider ?? 'twilio';
  checkLoadOptions(options);
  const rampMs = options.rampMs ?? 0;
  const codec = resolveCodec(provider, {
    codec: options.codec ?? 'PCMU',
    sampleRate: options.sampleRate,
  });
  const audio = options.audio ? await prepareCallerAudio(options.audio, codec) : undefined;
  const ticker = options.ticker ?? new MediaTicker();
  const metrics = new CallMetrics();
  const aggregate = new LoadAggregate();
  const live = new Set<SimulatedCall>();
  const cutShort = new WeakSet<SimulatedCall>();
  const wallStart = performance.now();
  let stopped = false;

  const callOptions: CallOptions = {
    url: options.url,
    provider,
    codec: options.codec,
    sampleRate: options.sampleRate,
    customParameters: options.customParameters,
    headers: options.headers,
    authToken: options.authToken,
    signatureUrl: options.signatureUrl,
    webhook: options.webhook,
    connectTimeoutMs: options.connectTimeoutMs,
    record: false,
    maxDurationMs: options.durationMs,
    ticker,
    metrics,
    logger: options.logger,
    script: audio ? [{ at: 0, play: audio }] : [],
  };

  const runOne = async (): Promise<void> => {
    if (stopped) {
      aggregate.failed('not started before the run time limit');
      return;
    }
    let call: SimulatedCall;
    try {
      call = await startCall(callOptions);
    } catch (error) {
      aggregate.failed((error as Error).message);
      return;
    }
    aggregate.connected++;
    live.add(call);
    if (stopped) {
      cutShort.add(call);
      void call.hangUp();
    }
    const summary = await call.ended;
    live.delete(call);
    aggregate.ended(summary, cutShort.has(call));
  };

  const maxWallMs = options.maxWallMs ?? rampMs + options.durationMs + LOAD_GRACE_MS;
  const startTimers: ReturnType<typeof setTimeout>[] = [];
  const finished: Promise<void>[] = [];
  let wakeStarts: () => void = () => {};
  const deadline = setTimeout(() => {
    stopped = true;
    for (const timer of startTimers) clearTimeout(timer);
    wakeStarts();
    for (const call of live) {
      cutShort.add(call);
      void call.hangUp();
    }
  }, maxWallMs);
  const stoppedEarly = new Promise<void>((resolve) => {
    wakeStarts = resolve;
  });
  for (let index = 0; index < options.calls; index++) {
    const delayMs = options.calls > 1 ? (rampMs * index) / (options.calls - 1) : 0;
    if (delayMs === 0) {
      finished.push(runOne());
      continue;
    }
    const startsAt = new Promise<void>((resolve) => startTimers.push(setTimeout(resolve, delayMs)));
    finished.push(Promise.race([startsAt, stoppedEarly]).then(runOne));
  }
  await Promise.all(finished);
  clearTimeout(deadline);

  return {
    provider,
    url: options.url ?? options.webhook!.url,
    calls: {
      requested: options.calls,
      connected: aggregate.connected,
      failed: aggregate.failedCount,
      completed: aggregate.completed,
      endedByBot: aggregate.endedByBot,
      endedByError: aggregate.endedByError,
      withoutBotAudio: aggregate.withoutBotAudio,
    },
    timing: { callDurationMs: options.durationMs, rampMs, wallMs: performance.now() - wallStart },
    firstAudioMs: metrics.firstAudioMs.percentiles(),
    outboundJitterMs: metrics.outboundJitterMs.percentiles(),
    sendLatenessMs: metrics.sendLatenessMs.percentiles(),
    underruns: {
      count: aggregate.underrunCount,
      totalMs: aggregate.underrunTotalMs,
      gapMs: metrics.underrunGapMs.percentiles(),
      callsAffected: aggregate.callsWithUnderruns,
    },
    botAudio: {
      receivedMs: aggregate.botReceivedMs,
      playedMs: aggregate.botPlayedMs,
      mediaMessages: aggregate.botMediaMessages,
    },
    protocolErrors: { count: aggregate.protocolErrorCount, byRule: aggregate.protocolErrorsByRule },
    errors: [...aggregate.errors].map(([message, count]) => ({ message, count })),
  };
}

function checkLoadOptions(options: LoadOptions): void {
  if (options.url === undefined && options.webhook === undefined) {
    throw new RangeError('a load run needs a url, or a webhook whose answer names the stream URL');
  }
  if (!Number.isInteger(options.calls) || options.calls < 1 || options.calls > MAX_LOAD_CALLS) {
    throw new RangeError(
      `calls must be an integer from 1 to ${MAX_LOAD_CALLS}, got ${options.calls}`,
    );
  }
  if (!(options.durationMs > 0) || options.durationMs > MAX_LOAD_CALL_DURATION_MS) {
    throw new RangeError(
      `durationMs must be more than 0 and at most ${MAX_LOAD_CALL_DURATION_MS}, got ${options.durationMs}`,
    );
  }
  const rampMs = options.rampMs ?? 0;
  if (!(rampMs >= 0) || rampMs > MAX_LOAD_CALL_DURATION_MS) {
    throw new RangeError(
      `rampMs must be from 0 to ${MAX_LOAD_CALL_DURATION_MS}, got ${options.rampMs}`,
    );
  }
}

/** Running totals over the calls of a load run (no per-call data is kept). */
class LoadAggregate {
  connected = 0;
  failedCount = 0;
  completed = 0;
  endedByBot = 0;
  endedByError = 0;
  withoutBotAudio = 0;
  underrunCount = 0;
  underrunTotalMs = 0;
  callsWithUnderruns = 0;
  botReceivedMs = 0;
  botPlayedMs = 0;
  botMediaMessages = 0;
  protocolErrorCount = 0;
  protocolErrorsByRule: Record<string, number> = {};
  errors = new Map<string, number>();

  failed(message: string): void {
    this.failedCount++;
    this.#countError(message);
  }

  ended(summary: CallSummary, cutShort: boolean): void {
    if (summary.hungUpBy === 'bot') this.endedByBot++;
    else if (summary.hungUpBy === 'error' || cutShort) this.endedByError++;
    else this.completed++;
    if (summary.hungUpBy === 'bot' && summary.close && summary.close.code !== 1000) {
      this.#countError(
        `bot closed with code ${summary.close.code}${summary.close.reason ? ` (${summary.close.reason})` : ''}`,
      );
    }
    if (summary.firstBotAudioMs === undefined) this.withoutBotAudio++;
    this.underrunCount += summary.underruns.count;
    this.underrunTotalMs += summary.underruns.totalMs;
    if (summary.underruns.count > 0) this.callsWithUnderruns++;
    this.botReceivedMs += summary.bot.audioReceivedMs;
    this.botPlayedMs += summary.bot.audioPlayedMs;
    this.botMediaMessages += summary.bot.mediaMessages;
    this.protocolErrorCount += summary.protocolErrorCount;
    for (const error of summary.protocolErrors) {
      this.protocolErrorsByRule[error.rule] = (this.protocolErrorsByRule[error.rule] ?? 0) + 1;
    }
  }

  #countError(message: string): void {
    const known = this.errors.get(message);
    if (known !== undefined) this.errors.set(message, known + 1);
    else if (this.errors.size < MAX_ERROR_KINDS) this.errors.set(message, 1);
  }
}
