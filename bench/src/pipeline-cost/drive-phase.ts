import { MEDIA_FRAME_MS, mediaMessage } from './caller-media.js';
import type { SendTally } from './counting-socket.js';
import type { DrivenCall } from './driven-call.js';

/** Frames a late tick delivers at once to catch up; older ones are skipped (and counted). */
const MAX_CATCH_UP_FRAMES = 5;
/** Length of one CPU sample within the window, in milliseconds. */
export const CPU_SAMPLE_MS = 1000;
const MS_PER_SECOND = 1000;

/** How the driver runs one phase. */
export interface DriveSettings {
  calls: readonly DrivenCall[];
  /** The caller's cycle, one base64 payload per 20 ms frame. */
  payloads: readonly string[];
  /** Driven before the measured window starts, in milliseconds. */
  warmupMs: number;
  /** Length of the measured window, in milliseconds. */
  measureMs: number;
  /** What the phase's sockets sent. */
  tally: SendTally;
  /** Called when the window starts, right after the CPU is read. */
  onWindowStart?: () => void;
}

/** What the driver saw over the measured window. */
export interface DrivenWindow {
  /** Window start and end, `performance.now()` times (ticks). */
  startMs: number;
  endMs: number;
  /** Process CPU over the window (user + system), in microseconds. */
  cpuMicros: number;
  mediaDelivered: number;
  mediaSkipped: number;
  messagesSent: number;
  clearsSent: number;
  lateTicks: number;
  maxTickLatenessMs: number;
  /** Process CPU per second of wall time over each whole second of the window, in microseconds. */
  cpuMicrosPerSecondSamples: number[];
}

/**
 * Drives every call from one shared real-clock timer, like the phone simulator's media ticker:
 * tick n is due at start + n × 20 ms (drift-corrected), and each tick hands every call the media
 * messages due by then (one, normally; a late tick catches up a few). The measured window opens
 * at the first tick after the warm-up and closes at the first tick after its length; process
 * CPU is read at both ticks, before their deliveries, and at the first tick of every second in
 * between (samples per second, whose median a burst of other work on the machine moves less). Resolves when the window closes (the calls
 * are left as they are); rejects when a delivery throws.
 */
export function drivePhase(settings: DriveSettings): Promise<DrivenWindow> {
  const { calls, payloads, tally } = settings;
  const cycle = payloads.length;
  return new Promise((resolve, reject) => {
    const startMs = performance.now();
    let tickIndex = 0;
    let delivered = 0;
    let window: DrivenWindow | undefined;
    let cpuStart: NodeJS.CpuUsage | undefined;
    let sampleStartMs = 0;
    let sampleCpu: NodeJS.CpuUsage | undefined;
    let sentAtStart = 0;
    let clearsAtStart = 0;

    const deliver = (nowMs: number): void => {
      let frames = Math.floor((nowMs - startMs) / MEDIA_FRAME_MS) + 1 - delivered;
      if (frames > MAX_CATCH_UP_FRAMES) {
        const skipped = frames - MAX_CATCH_UP_FRAMES;
        if (window) window.mediaSkipped += skipped * calls.length;
        delivered += skipped;
        frames = MAX_CATCH_UP_FRAMES;
      }
      for (let count = 0; count < frames; count++) {
        const frame = delivered++;
        for (const call of calls) {
          const payload = payloads[(call.cycleOffset + frame) % cycle]!;
          call.socket.deliver(mediaMessage(call.ids.streamSid, frame, payload));
        }
        if (window) window.mediaDelivered += calls.length;
      }
    };

    const tick = (): void => {
      try {
        const nowMs = performance.now();
        const dueMs = startMs + tickIndex * MEDIA_FRAME_MS;
        const elapsedMs = nowMs - startMs;
        if (window === undefined && elapsedMs >= settings.warmupMs) {
          cpuStart = process.cpuUsage();
          sampleCpu = cpuStart;
          sampleStartMs = nowMs;
          sentAtStart = tally.messages;
          clearsAtStart = tally.clears;
          window = {
            startMs: nowMs,
            endMs: nowMs,
            cpuMicros: 0,
            mediaDelivered: 0,
            mediaSkipped: 0,
            messagesSent: 0,
            clearsSent: 0,
            lateTicks: 0,
            maxTickLatenessMs: 0,
            cpuMicrosPerSecondSamples: [],
          };
          settings.onWindowStart?.();
        } else if (window && elapsedMs >= settings.warmupMs + settings.measureMs) {
          const cpu = process.cpuUsage(cpuStart);
          window.cpuMicros = cpu.user + cpu.system;
          window.endMs = nowMs;
          window.messagesSent = tally.messages - sentAtStart;
          window.clearsSent = tally.clears - clearsAtStart;
          resolve(window);
          return;
        }
        if (window && nowMs - sampleStartMs >= CPU_SAMPLE_MS) {
          const current = process.cpuUsage();
          const micros = current.user - sampleCpu!.user + (current.system - sampleCpu!.system);
          sampleCpu = current;
          window.cpuMicrosPerSecondSamples.push((micros * MS_PER_SECOND) / (nowMs - sampleStartMs));
          sampleStartMs = nowMs;
        }
        if (window) {
          const latenessMs = nowMs - dueMs;
          if (latenessMs > MEDIA_FRAME_MS) window.lateTicks++;
          window.maxTickLatenessMs = Math.max(window.maxTickLatenessMs, latenessMs);
        }
        deliver(nowMs);
        // the next tick on the grid; when more than a tick behind, the first one still ahead
        const afterMs = performance.now();
        tickIndex++;
        if (startMs + tickIndex * MEDIA_FRAME_MS < afterMs - MEDIA_FRAME_MS) {
          tickIndex = Math.floor((afterMs - startMs) / MEDIA_FRAME_MS) + 1;
        }
        // Node truncates fractional delays, which would fire the tick early: round up instead
        setTimeout(tick, Math.max(0, Math.ceil(startMs + tickIndex * MEDIA_FRAME_MS - afterMs)));
      } catch (error) {
        reject(error);
      }
    };
    tick();
  });
}
