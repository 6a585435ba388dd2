import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SoakForTargets } from './calls-targets.js';
import { FLAT_GROWTH_PER_10_MINUTES } from './memory-trend.js';

/** File name of the soak's JSON results. */
export const SOAK_RESULTS_FILE = 'calls-soak.json';

interface StoredSoak {
  machine?: { commit?: string; date?: string };
  options?: { minutes?: number; calls?: number };
  trend?: { flat?: boolean; rss?: { growthPer10Minutes?: number } };
}

/** What the targets need from the soak results in `directory`; undefined when there are none. */
export function readSoakForTargets(directory: string): SoakForTargets | undefined {
  let stored: StoredSoak;
  try {
    stored = JSON.parse(readFileSync(join(directory, SOAK_RESULTS_FILE), 'utf8')) as StoredSoak;
  } catch {
    return undefined;
  }
  const growth = stored.trend?.rss?.growthPer10Minutes;
  const minutes = stored.options?.minutes;
  const calls = stored.options?.calls;
  if (growth === undefined || minutes === undefined || calls === undefined) return undefined;
  return {
    minutes,
    calls,
    rssGrowthPer10Minutes: growth,
    flatLimit: FLAT_GROWTH_PER_10_MINUTES,
    flat: stored.trend?.flat,
    commit: stored.machine?.commit ?? 'unknown',
    date: stored.machine?.date ?? 'unknown',
  };
}
