/** Memory is flat when it grows by less than this fraction of its mean over 10 minutes. */
export const FLAT_GROWTH_PER_10_MINUTES = 0.01;
/** Fewest points a trend is fitted to. */
export const MIN_TREND_POINTS = 3;
const BYTES_PER_KIB = 1024;
const SECONDS_PER_MINUTE = 60;
const TEN_MINUTES = 10;

/** One memory reading of the server during a soak. */
export interface MemoryPoint {
  /** Seconds since the load started. */
  atSecs: number;
  /** Resident set size, in bytes. */
  rssBytes: number;
  /** V8 heap in use, in bytes. */
  heapUsedBytes: number;
  /** Calls open at that moment. */
  activeCalls: number;
}

/** A least-squares line through one memory series. */
export interface MemorySlope {
  /** Mean of the series, in bytes. */
  meanBytes: number;
  /** Fitted growth, in KiB per minute (negative: shrinking). */
  slopeKiBPerMinute: number;
  /** Fitted growth over 10 minutes as a fraction of the mean (0.01 = 1 %). */
  growthPer10Minutes: number;
}

/** How the server's memory moved over the part of a soak after the warm-up. */
export interface MemoryTrend {
  /** The fitted part, in seconds since the load started. */
  fromSecs: number;
  toSecs: number;
  /** Points fitted. */
  points: number;
  /** Fewest and most calls open over the fitted part. */
  minCalls: number;
  maxCalls: number;
  /** Resident set size: what the OS gives the process (the verdict is on it). */
  rss: MemorySlope;
  /** V8 heap in use (saw-toothed by garbage collection: for reading, not for the verdict). */
  heap: MemorySlope;
  /**
   * Flat: the RSS grows by less than `FLAT_GROWTH_PER_10_MINUTES` of its mean over 10 minutes,
   * by the fitted line. Undefined with fewer than `MIN_TREND_POINTS` points.
   */
  flat: boolean | undefined;
}

/** Slope (y per x) of the least-squares line through the points; 0 for fewer than two x values. */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number {
  const count = Math.min(xs.length, ys.length);
  if (count < 2) return 0;
  let meanX = 0;
  let meanY = 0;
  for (let index = 0; index < count; index++) {
    meanX += xs[index]! / count;
    meanY += ys[index]! / count;
  }
  let covariance = 0;
  let variance = 0;
  for (let index = 0; index < count; index++) {
    const dx = xs[index]! - meanX;
    covariance += dx * (ys[index]! - meanY);
    variance += dx * dx;
  }
  return variance > 0 ? covariance / variance : 0;
}

function slopeOf(minutes: readonly number[], bytes: readonly number[]): MemorySlope {
  const meanBytes =
    bytes.length > 0 ? bytes.reduce((sum, value) => sum + value, 0) / bytes.length : 0;
  const bytesPerMinute = leastSquaresSlope(minutes, bytes);
  return {
    meanBytes,
    slopeKiBPerMinute: bytesPerMinute / BYTES_PER_KIB,
    growthPer10Minutes: meanBytes > 0 ? (bytesPerMinute * TEN_MINUTES) / meanBytes : 0,
  };
}

/** The trend of `points` between `fromSecs` (after the warm-up) and `toSecs` (before the end). */
export function memoryTrend(
  points: readonly MemoryPoint[],
  fromSecs: number,
  toSecs: number,
): MemoryTrend {
  const fitted = points.filter((point) => point.atSecs >= fromSecs && point.atSecs <= toSecs);
  const minutes = fitted.map((point) => point.atSecs / SECONDS_PER_MINUTE);
  const rss = slopeOf(
    minutes,
    fitted.map((point) => point.rssBytes),
  );
  const heap = slopeOf(
    minutes,
    fitted.map((point) => point.heapUsedBytes),
  );
  const calls = fitted.map((point) => point.activeCalls);
  return {
    fromSecs,
    toSecs,
    points: fitted.length,
    minCalls: calls.length > 0 ? Math.min(...calls) : 0,
    maxCalls: calls.length > 0 ? Math.max(...calls) : 0,
    rss,
    heap,
    flat:
      fitted.length < MIN_TREND_POINTS
        ? undefined
        : rss.growthPer10Minutes < FLAT_GROWTH_PER_10_MINUTES,
  };
}
