import type { PhaseFigures, PhaseKind } from './child-protocol.js';
import { type DriveSettings, drivePhase } from './drive-phase.js';
import type { GcTimeline } from './gc-timeline.js';

/** Wait after a window for the last 'gc' entries to be delivered, in milliseconds. */
const GC_ENTRY_SETTLE_MS = 50;
const MS_PER_SECOND = 1000;

/**
 * Drives one phase's calls (`drivePhase`) and returns what its measured window cost: CPU, the
 * garbage collections that started in it, what was delivered and sent.
 */
export async function measurePhase(
  kind: PhaseKind,
  settings: DriveSettings,
  gc: GcTimeline,
): Promise<PhaseFigures> {
  const window = await drivePhase(settings);
  await new Promise((resolve) => setTimeout(resolve, GC_ENTRY_SETTLE_MS));
  const collections = gc.within(window.startMs, window.endMs);
  const windowMs = window.endMs - window.startMs;
  return {
    kind,
    calls: settings.calls.length,
    windowMs,
    callSecs: (settings.calls.length * windowMs) / MS_PER_SECOND,
    cpuMicros: window.cpuMicros,
    gcMicros: collections.micros,
    gcCount: collections.count,
    mediaDelivered: window.mediaDelivered,
    mediaSkipped: window.mediaSkipped,
    messagesSent: window.messagesSent,
    clearsSent: window.clearsSent,
    lateTicks: window.lateTicks,
    maxTickLatenessMs: window.maxTickLatenessMs,
    cpuMicrosPerSecondSamples: window.cpuMicrosPerSecondSamples,
  };
}
