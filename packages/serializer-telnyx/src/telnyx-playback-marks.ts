/** Most marks remembered while waiting for their echo; the oldest is forgotten past it. */
export const MAX_OUTSTANDING_MARKS = 4096;

interface OutstandingMark {
  /** Sends of this name not yet echoed. */
  sent: number;
  /** Of those, how many were sent before a clear (their echo means "cleared", not "played"). */
  cleared: number;
}

/**
 * Remembers the marks sent and not yet echoed, so an echo can say whether the audio before the
 * mark was played or cleared. Telnyx answers a `clear` by returning every queued mark: those
 * echoes arrive first and are reported with `cleared = true`.
 */
export class PlaybackMarkLedger {
  readonly #outstanding = new Map<string, OutstandingMark>();
  #outstandingCount = 0;
  #forgotten = 0;

  /** Marks sent and not yet echoed. */
  get outstanding(): number {
    return this.#outstandingCount;
  }

  /** Marks forgotten because more than `MAX_OUTSTANDING_MARKS` were waiting. */
  get forgotten(): number {
    return this.#forgotten;
  }

  /** A mark was sent. */
  sent(name: string): void {
    if (this.#outstandingCount >= MAX_OUTSTANDING_MARKS) this.#forgetOldest();
    const entry = this.#outstanding.get(name);
    if (entry) entry.sent++;
    else this.#outstanding.set(name, { sent: 1, cleared: 0 });
    this.#outstandingCount++;
  }

  /** A clear was sent: every mark waiting now will come back cleared. */
  cleared(): void {
    for (const entry of this.#outstanding.values()) entry.cleared = entry.sent;
  }

  /**
   * A mark came back; returns true when it came back because of a clear. Unknown names (not
   * sent through this ledger) count as played.
   */
  echoed(name: string): boolean {
    const entry = this.#outstanding.get(name);
    if (!entry) return false;
    const wasCleared = entry.cleared > 0;
    if (wasCleared) entry.cleared--;
    entry.sent--;
    this.#outstandingCount--;
    if (entry.sent === 0) this.#outstanding.delete(name);
    return wasCleared;
  }

  #forgetOldest(): void {
    const oldest = this.#outstanding.entries().next();
    if (oldest.done) return;
    const [name, entry] = oldest.value;
    entry.sent--;
    if (entry.cleared > entry.sent) entry.cleared = entry.sent;
    this.#outstandingCount--;
    this.#forgotten++;
    if (entry.sent === 0) this.#outstanding.delete(name);
  }
}
