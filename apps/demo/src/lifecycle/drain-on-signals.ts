import type { TelephonyServer } from '@x/telephony-server';

/**
 * Slack past the drain's own bounds before the process gives up waiting and exits with 1, in
 * milliseconds: only reached if something unbounded is left (every step of the drain is bounded).
 */
const FORCED_EXIT_SLACK_MS = 5_000;
/** Exit code of a second Ctrl+C (128 + SIGINT), as shells report an interrupted program. */
const STOPPED_AT_ONCE_EXIT_CODE = 130;

/** Options of `drainOnSignals`. */
export interface DrainOnSignalsOptions {
  /** The server to drain. */
  server: TelephonyServer;
  /** Put before every line printed, e.g. `worker 2: `; default none. */
  linePrefix?: string;
  /** Called once when the drain starts, whatever started it. */
  onDrainStart?: () => void;
}

/** The drain `drainOnSignals` set up. */
export interface SignalDrain {
  /**
   * Starts the drain as the first SIGTERM does (e.g. when the cluster primary asks); does
   * nothing once it has started.
   */
  start(reason: NodeJS.Signals): void;
}

/**
 * SIGTERM or SIGINT drains `server`: calls in progress may finish for up to `DRAIN_TIMEOUT`,
 * then the bot ends the rest (goodbye, hang-up, close) and the process exits 0 (1 if the drain
 * fails or outlives its bounds). A second signal exits at once with 130.
 */
export function drainOnSignals(options: DrainOnSignalsOptions): SignalDrain {
  const { server, onDrainStart } = options;
  const prefix = options.linePrefix ?? '';
  let draining = false;

  const start = (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    onDrainStart?.();
    const calls = server.activeCalls;
    const { drainTimeoutMs, endOfCallTimeoutMs } = server.limits;
    console.log(
      `\n${prefix}${signal}: draining${
        calls > 0
          ? `: ${calls} call${calls === 1 ? '' : 's'} may finish within ${drainTimeoutMs / 1000} s, then the bot says goodbye`
          : ''
      }… (Ctrl+C again stops at once)`,
    );
    const forceExit = setTimeout(
      () => {
        console.error(`${prefix}Draining took too long; exiting.`);
        process.exit(1);
      },
      drainTimeoutMs + endOfCallTimeoutMs + FORCED_EXIT_SLACK_MS,
    );
    forceExit.unref();
    server.drain().then(
      (outcome) => {
        if (outcome.callsAtStart > 0) {
          console.log(
            `${prefix}Drained in ${(outcome.durationMs / 1000).toFixed(1)} s: ${outcome.callsAtStart - outcome.endedByServer} of ${outcome.callsAtStart} calls finished by themselves, ${outcome.endedByServer} ended with a goodbye${outcome.cancelled > 0 ? `, ${outcome.cancelled} cut off` : ''}.`,
          );
        }
        console.log(`${prefix}Stopped.`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`${prefix}Error while stopping:`, error);
        process.exit(1);
      },
    );
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (draining) {
      console.log(`${prefix}Stopping now.`);
      process.exit(STOPPED_AT_ONCE_EXIT_CODE);
    }
    start(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { start };
}
