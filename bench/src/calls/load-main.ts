/**
 * The load process of the `calls-per-core` benchmark: `node load-main.js '<LoadSettings JSON>'`,
 * started with an IPC channel. Runs the phone simulator's `runLoad` (Twilio, μ-law 8 kHz, every
 * caller speaking) against the server, sends the report and its own CPU time, and exits.
 */
import { runLoad } from '@x/phone-simulator';
import { CALLER_SAMPLE_RATE, callerSpeech } from './caller-speech.js';
import type { LoadFinished, LoadSettings } from './ipc-messages.js';

async function main(): Promise<void> {
  if (!process.send) throw new Error('load-main must be started with an IPC channel');
  // the benchmark went away: stop at once
  process.on('disconnect', () => process.exit(1));
  const settings = JSON.parse(process.argv[2] ?? '{}') as LoadSettings;
  const pcm = callerSpeech(settings.durationMs);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const report = await runLoad({
    url: settings.url,
    provider: 'twilio',
    calls: settings.calls,
    durationMs: settings.durationMs,
    rampMs: settings.rampMs,
    audio: { pcm, sampleRate: CALLER_SAMPLE_RATE },
  });
  const cpu = process.cpuUsage(cpuStart);
  const finished: LoadFinished = {
    type: 'load-finished',
    report,
    cpuMicros: cpu.user + cpu.system,
    wallMs: performance.now() - wallStart,
  };
  process.send(finished, undefined, {}, () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
