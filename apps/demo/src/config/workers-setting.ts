/** Worker processes when `WORKERS` is not set: one process, no cluster (as before `WORKERS`). */
export const DEFAULT_WORKERS = 1;
/** The `WORKERS` value for one worker per CPU the process may use (`os.availableParallelism()`). */
export const WORKERS_PER_CPU = 'auto';
/** Most worker processes `WORKERS` may ask for: a typo must not fork thousands of processes. */
export const MAX_WORKERS = 256;

/**
 * Reads `WORKERS`: a whole number from 1 to `MAX_WORKERS`, or `auto` for one per CPU (capped at
 * `MAX_WORKERS`). Unset: `DEFAULT_WORKERS`. Adds one line to `problems` for an invalid value.
 * @param availableParallelism the CPUs this process may use (`os.availableParallelism`)
 */
export function parseWorkers(
  text: string | undefined,
  problems: string[],
  availableParallelism: () => number,
): number {
  if (text === undefined) return DEFAULT_WORKERS;
  if (text.toLowerCase() === WORKERS_PER_CPU) {
    return Math.min(MAX_WORKERS, Math.max(1, availableParallelism()));
  }
  const workers = Number(text);
  if (!/^\d+$/.test(text) || workers < 1 || workers > MAX_WORKERS) {
    problems.push(
      `WORKERS must be a whole number from 1 to ${MAX_WORKERS}, or ${WORKERS_PER_CPU} for one per CPU (got ${JSON.stringify(text)})`,
    );
    return DEFAULT_WORKERS;
  }
  return workers;
}
