import type { WebSocket } from 'ws';
import type {
  DelayPercentiles,
  InterruptionSample,
  SendTimingSample,
  ServerTotals,
} from './ipc-messages.js';

/** What a server process runs on each accepted WebSocket. */
export interface ServerHandler {
  /** Takes over a new connection; calls `ended` once when the call is over on the server side. */
  handle(socket: WebSocket, ended: () => void): void;
  /** Inbound latency since the previous call (and starts a new period); none where not measured. */
  takeInboundLatency(): DelayPercentiles | undefined;
  /** Outbound pacing as sent since the previous call (and starts a new period). */
  takeSendTiming(): SendTimingSample;
  /** Speech starts and interruptions since the previous call (and starts a new period); none where not measured. */
  takeInterruptions(): InterruptionSample | undefined;
  /** What the handler counted over all calls. */
  totals(): Omit<ServerTotals, 'type'>;
}

/** Most server error messages kept for the report. */
export const MAX_SERVER_ERROR_MESSAGES = 5;
