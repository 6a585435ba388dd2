/** Relative width of a histogram bucket: values are kept to within 1 %. */
const BUCKET_GROWTH = 1.01;
/** Smallest value told apart from zero, in the histogram's unit. */
const SMALLEST_VALUE = 0.01;
/** Values above this land in the last bucket (the exact maximum is kept separately). */
const LARGEST_VALUE = 1e7;
const LOG_GROWTH = Math.log(BUCKET_GROWTH);
const BUCKET_COUNT = Math.ceil(Math.log(LARGEST_VALUE / SMALLEST_VALUE) / LOG_GROWTH) + 2;

/** Percentiles of a distribution. */
export interface Percentiles {
  /** Number of values. */
  count: number;
  /** Median. */
  p50: number;
  /** 90th percentile. */
  p90: number;
  /** 99th percentile. */
  p99: number;
  /** Largest value (exact). */
  max: number;
  /** Arithmetic mean (exact). */
  mean: number;
}

/**
 * A fixed-size histogram of non-negative values with 1 % buckets (about 1,600 counters), so
 * recording millions of samples from hundreds of calls costs no memory growth. Percentiles are
 * accurate to 1 %; count, max and mean are exact.
 */
export class Histogram {
  #counts = new Uint32Array(BUCKET_COUNT);
  #count = 0;
  #sum = 0;
  #max = 0;

  /** Number of values recorded. */
  get count(): number {
    return this.#count;
  }

  /** Records `value` (negative values count as 0; NaN is ignored). */
  record(value: number): void {
    if (Number.isNaN(value)) return;
    const clamped = Math.max(value, 0);
    this.#counts[bucketOf(clamped)]!++;
    this.#count++;
    this.#sum += clamped;
    if (clamped > this.#max) this.#max = clamped;
  }

  /** The value at quantile `q` (0..1); 0 when empty. */
  quantile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      seen += this.#counts[bucket]!;
      if (seen >= rank) return Math.min(bucketUpperEdge(bucket), this.#max);
    }
    return this.#max;
  }

  /** p50, p90, p99, max, mean and count. */
  percentiles(): Percentiles {
    return {
      count: this.#count,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p99: this.quantile(0.99),
      max: this.#max,
      mean: this.#count === 0 ? 0 : this.#sum / this.#count,
    };
  }
}

function bucketOf(value: number): number {
  if (value < SMALLEST_VALUE) return 0;
  const bucket = Math.floor(Math.log(value / SMALLEST_VALUE) / LOG_GROWTH) + 1;
  return bucket < BUCKET_COUNT ? bucket : BUCKET_COUNT - 1;
}

/** Upper edge of `bucket` (0 for the zero bucket). */
function bucketUpperEdge(bucket: number): number {
  if (bucket === 0) return 0;
  return SMALLEST_VALUE * BUCKET_GROWTH ** bucket;
}
