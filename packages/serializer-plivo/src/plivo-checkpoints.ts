/** Most checkpoints remembered per list; beyond it the oldest is forgotten (bounded memory). */
export const MAX_TRACKED_CHECKPOINTS = 512;

/** What a `playedStream` answer means for a checkpoint we track. */
export type CheckpointAnswer =
  /** A checkpoint we sent (or one we never saw): its audio was played. */
  | 'played'
  /** A checkpoint already reported as cleared: report nothing more. */
  | 'already-reported';

function removeFirst(list: string[], name: string): boolean {
  const index = list.indexOf(name);
  if (index < 0) return false;
  list.splice(index, 1);
  return true;
}

function pushBounded(list: string[], name: string): boolean {
  list.push(name);
  if (list.length <= MAX_TRACKED_CHECKPOINTS) return false;
  list.shift();
  return true;
}

/**
 * Remembers the checkpoints sent on one Plivo stream, to tell what the caller heard.
 *
 * Plivo answers a checkpoint with `playedStream` only when the audio before it was played; after
 * `clearAudio` it answers `clearedAudio` and (as far as anyone knows) never answers the
 * checkpoints it dropped. So: checkpoints sent before a clear and not answered wait for the
 * `clearedAudio` answer, which reports them as cleared. A `playedStream` that arrives for one of
 * them before `clearedAudio` means its audio did play before the clear took effect.
 */
export class PlivoCheckpointTracker {
  /** Sent, not answered, no clear since. */
  readonly #pending: string[] = [];
  /** Sent before a clear, not answered, waiting for `clearedAudio`. */
  readonly #clearing: string[] = [];
  /** Reported as cleared; a late `playedStream` for them is ignored. */
  readonly #reportedCleared: string[] = [];
  #forgotten = 0;

  /** Checkpoints forgotten because a list was full (never answered by Plivo). */
  get forgotten(): number {
    return this.#forgotten;
  }

  /** Checkpoints sent and not yet answered or reported (pending or waiting on a clear). */
  get outstanding(): number {
    return this.#pending.length + this.#clearing.length;
  }

  /** A checkpoint was sent. */
  sent(name: string): void {
    if (pushBounded(this.#pending, name)) this.#forgotten++;
  }

  /** `clearAudio` was sent: every pending checkpoint now waits for `clearedAudio`. */
  clearSent(): void {
    for (const name of this.#pending) {
      if (pushBounded(this.#clearing, name)) this.#forgotten++;
    }
    this.#pending.length = 0;
  }

  /** Plivo answered `playedStream` for `name`. */
  played(name: string): CheckpointAnswer {
    if (removeFirst(this.#pending, name)) return 'played';
    if (removeFirst(this.#clearing, name)) return 'played';
    if (removeFirst(this.#reportedCleared, name)) return 'already-reported';
    return 'played';
  }

  /** Plivo answered `clearedAudio`: returns the checkpoints the clear dropped, in send order. */
  audioCleared(): string[] {
    const dropped = this.#clearing.splice(0, this.#clearing.length);
    for (const name of dropped) pushBounded(this.#reportedCleared, name);
    return dropped;
  }
}
