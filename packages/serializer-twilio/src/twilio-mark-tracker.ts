/** Marks remembered at most; past this, new marks are sent but not tracked. */
export const MAX_TRACKED_MARKS = 10_000;

interface MarkCounts {
  /** Sent and not echoed yet. */
  pending: number;
  /** Sent before a clear and not echoed yet: their echo means "cleared", not "played". */
  cleared: number;
}

/**
 * Remembers the marks sent on a stream, so an echo can be told apart: Twilio echoes every mark
 * when its audio has played, but also echoes the marks still queued when a `clear` empties the
 * buffer. A mark sent before a clear and echoed after it was cleared, not heard.
 *
 * Echoes come back in the order marks were sent and cleared ones come first, so counting per
 * name is enough even when names repeat.
 */
export class TwilioMarkTracker {
  readonly #marks = new Map<string, MarkCounts>();
  #tracked = 0;

  /** Number of marks sent and not echoed yet. */
  get size(): number {
    return this.#tracked;
  }

  /** Records a mark about to be sent; false when the bound is reached and it is not tracked. */
  sent(name: string): boolean {
    if (this.#tracked >= MAX_TRACKED_MARKS) return false;
    const counts = this.#marks.get(name);
    if (counts) counts.pending++;
    else this.#marks.set(name, { pending: 1, cleared: 0 });
    this.#tracked++;
    return true;
  }

  /** A clear is being sent: every mark not echoed yet becomes cleared. */
  clearing(): void {
    for (const counts of this.#marks.values()) {
      counts.cleared += counts.pending;
      counts.pending = 0;
    }
  }

  /**
   * Twilio echoed a mark; returns true when it was cleared rather than played. Unknown names
   * (never sent, or not tracked) count as played.
   */
  echoed(name: string): boolean {
    const counts = this.#marks.get(name);
    if (!counts) return false;
    const cleared = counts.cleared > 0;
    if (cleared) counts.cleared--;
    else counts.pending--;
    this.#tracked--;
    if (counts.pending === 0 && counts.cleared === 0) this.#marks.delete(name);
    return cleared;
  }
}
