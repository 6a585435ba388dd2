/** The counts `ConnectionLimits` enforces. */
export interface ConnectionLimitSettings {
  /** WebSocket connections at once, pending or in a call. */
  maxConnections: number;
  /** Connections accepted whose call has not started yet. */
  maxPending: number;
  /** The same, from one client address. */
  maxPendingPerAddress: number;
}

/** Why a connection was not admitted, with the HTTP status to answer. */
export interface ConnectionRefusal {
  /** 503 when the server as a whole is full, 429 when one address asks too much. */
  readonly status: 503 | 429;
  /** Metric label. */
  readonly reason: 'too-many-calls' | 'too-many-pending' | 'too-many-pending-from-address';
  /** One sentence for the client. */
  readonly message: string;
}

/** One admitted connection: it is pending until `started()`, and counted until `release()`. */
export interface ConnectionTicket {
  /** The call started: the connection no longer counts as pending. */
  started(): void;
  /** The connection is gone (idempotent). */
  release(): void;
}

/**
 * Counts WebSocket connections so one client (or a flood of them) cannot take the server:
 * in total, those still being set up (accepted, no `start` yet), and those per client address.
 * Admission is decided at the HTTP upgrade, before the WebSocket exists.
 */
export class ConnectionLimits {
  readonly #settings: ConnectionLimitSettings;
  #connections = 0;
  #pending = 0;
  readonly #pendingByAddress = new Map<string, number>();

  constructor(settings: ConnectionLimitSettings) {
    this.#settings = settings;
  }

  /** Connections now, pending or in a call. */
  get connections(): number {
    return this.#connections;
  }

  /** Connections accepted whose call has not started. */
  get pending(): number {
    return this.#pending;
  }

  /** Admits a connection from `address`, or says why not. */
  admit(address: string): ConnectionTicket | ConnectionRefusal {
    const settings = this.#settings;
    if (this.#connections >= settings.maxConnections) {
      return {
        status: 503,
        reason: 'too-many-calls',
        message: `the server is at its limit of ${settings.maxConnections} calls; try again later`,
      };
    }
    if (this.#pending >= settings.maxPending) {
      return {
        status: 503,
        reason: 'too-many-pending',
        message: `too many streams are being set up (${settings.maxPending}); try again later`,
      };
    }
    const fromAddress = this.#pendingByAddress.get(address) ?? 0;
    if (fromAddress >= settings.maxPendingPerAddress) {
      return {
        status: 429,
        reason: 'too-many-pending-from-address',
        message: `too many streams being set up from your address (${settings.maxPendingPerAddress})`,
      };
    }
    this.#connections++;
    this.#pending++;
    this.#pendingByAddress.set(address, fromAddress + 1);
    let pending = true;
    let released = false;
    const leavePending = (): void => {
      if (!pending) return;
      pending = false;
      this.#pending--;
      const remaining = (this.#pendingByAddress.get(address) ?? 1) - 1;
      if (remaining === 0) this.#pendingByAddress.delete(address);
      else this.#pendingByAddress.set(address, remaining);
    };
    return {
      started: leavePending,
      release: () => {
        if (released) return;
        released = true;
        leavePending();
        this.#connections--;
      },
    };
  }
}

/** True when `admit` refused. */
export function isConnectionRefusal(
  outcome: ConnectionTicket | ConnectionRefusal,
): outcome is ConnectionRefusal {
  return 'status' in outcome;
}
