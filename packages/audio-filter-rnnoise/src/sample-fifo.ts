/** Samples the FIFO holds before it first grows. */
const INITIAL_CAPACITY = 1024;

/**
 * A first-in, first-out queue of int16 samples in one reused buffer (grown by doubling, never
 * shrunk), so steady traffic allocates nothing.
 */
export class SampleFifo {
  #buffer = new Int16Array(INITIAL_CAPACITY);
  #start = 0;
  #length = 0;

  /** Samples queued. */
  get length(): number {
    return this.#length;
  }

  /** Queues `samples` after the ones already queued. */
  push(samples: Int16Array): void {
    this.#reserve(samples.length);
    this.#buffer.set(samples, this.#start + this.#length);
    this.#length += samples.length;
  }

  /** Queues `count` zeros. */
  pushZeros(count: number): void {
    this.#reserve(count);
    const end = this.#start + this.#length;
    this.#buffer.fill(0, end, end + count);
    this.#length += count;
  }

  /** Moves the first `into.length` samples into `into`; throws when fewer are queued. */
  shiftInto(into: Int16Array): void {
    const count = into.length;
    if (count > this.#length) {
      throw new RangeError(`cannot take ${count} samples from a FIFO holding ${this.#length}`);
    }
    into.set(this.#buffer.subarray(this.#start, this.#start + count));
    this.#start += count;
    this.#length -= count;
    if (this.#length === 0) this.#start = 0;
  }

  /** Empties the queue (keeps the buffer). */
  clear(): void {
    this.#start = 0;
    this.#length = 0;
  }

  /** Makes room for `count` more samples after the queued ones. */
  #reserve(count: number): void {
    const needed = this.#length + count;
    if (this.#start + needed <= this.#buffer.length) return;
    if (needed <= this.#buffer.length) {
      this.#buffer.copyWithin(0, this.#start, this.#start + this.#length);
    } else {
      let capacity = this.#buffer.length * 2;
      while (capacity < needed) capacity *= 2;
      const grown = new Int16Array(capacity);
      grown.set(this.#buffer.subarray(this.#start, this.#start + this.#length));
      this.#buffer = grown;
    }
    this.#start = 0;
  }
}
