/** Default bound on the marks a ledger remembers: past it, the oldest is forgotten. */
export const MAX_TRACKED_PLAYBACK_MARKS = 4096;

/** How a provider tells which marks a clear dropped. */
export type ClearedMarkReporting =
  /** It echoes each dropped mark like a played one, before any later echo (Twilio, Telnyx). */
  | 'echo-each-mark'
  /** It never echoes a dropped mark; one answer confirms the clear (Plivo `clearedAudio`). */
  | 'confirm-clear';

/** What an echo of a mark means. */
export type PlaybackMarkEcho =
  /** The audio before the mark was played: the caller heard it. */
  | 'played'
  /** The mark was sent before a clear and the provider echoed it because of the clear. */
  | 'cleared'
  /** The mark was already reported as cleared when the clear was confirmed: report nothing. */
  | 'already-reported';

/** Options of `PlaybackMarkLedger`. */
export interface PlaybackMarkLedgerOptions {
  /** How the provider tells which marks a clear dropped. */
  clearedMarkReporting: ClearedMarkReporting;
  /** Most marks remembered; past it the oldest is forgotten; default 4096. */
  maxTrackedMarks?: number | undefined;
}

/** Defaults of `PlaybackMarkLedgerOptions`. */
export const DEFAULT_PLAYBACK_MARK_LEDGER_OPTIONS = Object.freeze({
  maxTrackedMarks: MAX_TRACKED_PLAYBACK_MARKS,
});

function removeFirst(names: string[], name: string): boolean {
  const index = names.indexOf(name);
  if (index < 0) return false;
  names.splice(index, 1);
  return true;
}

/**
 * Remembers the playback marks sent on one stream, so an answer can tell what the caller heard:
 * the audio before a mark was played, or a clear (barge-in) dropped it.
 *
 * Every mark is in one of three lists, in send order: sent and not answered (`pending`), sent
 * before a clear and not answered (`clearing`), or reported as cleared when the provider confirmed
 * the clear (`reported`; only with `confirm-clear`). An echo is matched to the oldest mark of
 * its name in `clearing`, then `pending`, then `reported`, so repeated names are told apart.
 *
 * Overflow policy: at most `maxTrackedMarks` marks are remembered in all. Past it, the oldest one
 * is forgotten: first those already reported (nothing is lost), then the oldest unanswered one,
 * which is counted in `forgotten`; its echo, if it ever comes, counts as played. Memory stays
 * bounded whatever the provider answers.
 */
export class PlaybackMarkLedger {
  readonly #clearedMarkReporting: ClearedMarkReporting;
  readonly #maxTrackedMarks: number;
  readonly #pending: string[] = [];
  readonly #clearing: string[] = [];
  readonly #reported: string[] = [];
  #forgotten = 0;

  /** @throws RangeError for a `maxTrackedMarks` that is not a positive integer. */
  constructor(options: PlaybackMarkLedgerOptions) {
    const maxTrackedMarks =
      options.maxTrackedMarks ?? DEFAULT_PLAYBACK_MARK_LEDGER_OPTIONS.maxTrackedMarks;
    if (!Number.isInteger(maxTrackedMarks) || maxTrackedMarks <= 0) {
      throw new RangeError(`maxTrackedMarks must be a positive integer, got ${maxTrackedMarks}`);
    }
    this.#clearedMarkReporting = options.clearedMarkReporting;
    this.#maxTrackedMarks = maxTrackedMarks;
  }

  /** Marks sent and not answered yet (before or after a clear). */
  get outstanding(): number {
    return this.#pending.length + this.#clearing.length;
  }

  /** Unanswered marks forgotten because more than `maxTrackedMarks` were remembered. */
  get forgotten(): number {
    return this.#forgotten;
  }

  /** A mark is being sent. */
  sent(name: string): void {
    this.#pending.push(name);
    if (this.#tracked() > this.#maxTrackedMarks) this.#forgetOldest();
  }

  /** A clear is being sent: every mark not answered yet was sent before it. */
  cleared(): void {
    for (const name of this.#pending) this.#clearing.push(name);
    this.#pending.length = 0;
  }

  /** The provider answered a mark: what its answer means. Unknown names count as played. */
  echoed(name: string): PlaybackMarkEcho {
    if (removeFirst(this.#clearing, name)) {
      // Only a provider that echoes dropped marks sends this echo because of the clear; one
      // that confirms clears instead echoed it because its audio played before the clear.
      return this.#clearedMarkReporting === 'echo-each-mark' ? 'cleared' : 'played';
    }
    if (removeFirst(this.#pending, name)) return 'played';
    if (removeFirst(this.#reported, name)) return 'already-reported';
    return 'played';
  }

  /**
   * The provider confirmed a clear (`confirm-clear` providers): returns the marks it dropped, in
   * send order, and remembers them so a late echo is not reported again.
   */
  clearConfirmed(): string[] {
    const dropped = this.#clearing.splice(0, this.#clearing.length);
    for (const name of dropped) this.#reported.push(name);
    return dropped;
  }

  #tracked(): number {
    return this.#reported.length + this.#clearing.length + this.#pending.length;
  }

  #forgetOldest(): void {
    if (this.#reported.length > 0) {
      this.#reported.shift();
      return;
    }
    const oldest = this.#clearing.length > 0 ? this.#clearing : this.#pending;
    oldest.shift();
    this.#forgotten++;
  }
}
