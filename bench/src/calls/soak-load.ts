import { setTimeout as sleep } from 'node:timers/promises';
import { type CallerAudio, MediaTicker, runLoad } from '@x/phone-simulator';
import type { SoakLoadTally } from './ipc-messages.js';
import { addLoadReport, emptySoakLoadTally } from './soak-load-tally.js';

/** A remainder shorter than this, in milliseconds, places no new call at the end of a soak. */
const MIN_CALL_MS = 2_000;
/** Wait after a call that failed or ended early, in milliseconds, so a broken server is not hammered. */
const RETRY_AFTER_FAILURE_MS = 1_000;

/** Options of `runSoakLoad`. */
export interface SoakLoadOptions {
  /** WebSocket URL of the server. */
  url: string;
  /** Calls kept open at once. */
  calls: number;
  /** Length of each call, in milliseconds; the last ones are shortened to end in time. */
  callMs: number;
  /** The first calls start spread over this many milliseconds (so the replacements stay spread). */
  rampMs: number;
  /** No call is open after this many milliseconds from the start. */
  untilMs: number;
  /** What every caller says (prepared once, shared by all calls). */
  audio: CallerAudio;
}

/**
 * Keeps `calls` simulated Twilio calls open against the server until `untilMs`: one slot per
 * call, each placing a call of `callMs` (shortened near the end) as soon as its previous call has
 * ended, all on one shared 20 ms tick. Every call that ends is replaced, so calls are set up and
 * torn down all along while the count stays level.
 */
export async function runSoakLoad(options: SoakLoadOptions): Promise<SoakLoadTally> {
  const ticker = new MediaTicker();
  const tally = emptySoakLoadTally();
  const startMs = performance.now();
  const runSlot = async (index: number): Promise<void> => {
    const delayMs = options.calls > 1 ? (options.rampMs * index) / (options.calls - 1) : 0;
    await sleep(delayMs);
    for (;;) {
      const remainingMs = options.untilMs - (performance.now() - startMs);
      if (remainingMs < MIN_CALL_MS) return;
      const report = await runLoad({
        url: options.url,
        provider: 'twilio',
        calls: 1,
        durationMs: Math.min(options.callMs, remainingMs),
        audio: options.audio,
        ticker,
      });
      addLoadReport(tally, report);
      const endedEarly = report.calls.endedByBot + report.calls.endedByError;
      if (report.calls.failed + endedEarly > 0) await sleep(RETRY_AFTER_FAILURE_MS);
    }
  };
  await Promise.all(Array.from({ length: options.calls }, (_, index) => runSlot(index)));
  return tally;
}
