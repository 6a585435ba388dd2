/**
 * The load process of the `calls-per-core` and `calls-soak` benchmarks:
 * `node load-main.js '<LoadSettings JSON>'`, started with an IPC channel. Runs the phone
 * simulator's `runLoad` (Twilio, μ-law 8 kHz, every caller speaking) against the server, or in a
 * soak keeps the calls open by replacing each one that ends; sends the report and its own CPU
 * time, and exits.
 */
import { prepareCallerAudio, resolveCodec, runLoad } from '@x/phone-simulator';
import { CALLER_SAMPLE_RATE, callerSpeech } from './caller-speech.js';
import type { LoadFinished, LoadSettings, SoakLoadFinished } from './ipc-messages.js';
import { runSoakLoad } from './soak-load.js';

async function main(): Promise<void> {
  if (!process.send) throw new Error('load-main must be started with an IPC channel');
  // the benchmark went away: stop at once
  process.on('disconnect', () => process.exit(1));
  const settings = JSON.parse(process.argv[2] ?? '{}') as LoadSettings;
  const pcm = callerSpeech(settings.durationMs);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  let finished: LoadFinished | SoakLoadFinished;
  if (settings.replaceCallsUntilMs === undefined) {
    const report = await runLoad({
      url: settings.url,
      provider: 'twilio',
      calls: settings.calls,
      durationMs: settings.durationMs,
      rampMs: settings.rampMs,
      audio: { pcm, sampleRate: CALLER_SAMPLE_RATE },
    });
    const cpu = process.cpuUsage(cpuStart);
    finished = {
      type: 'load-finished',
      report,
      cpuMicros: cpu.user + cpu.system,
      wallMs: performance.now() - wallStart,
    };
  } else {
    const audio = await prepareCallerAudio(
      { pcm, sampleRate: CALLER_SAMPLE_RATE },
      resolveCodec('twilio'),
    );
    const tally = await runSoakLoad({
      url: settings.url,
      calls: settings.calls,
      callMs: settings.durationMs,
      rampMs: settings.rampMs,
      untilMs: settings.replaceCallsUntilMs,
      audio,
    });
    const cpu = process.cpuUsage(cpuStart);
    finished = {
      type: 'soak-load-finished',
      tally,
      cpuMicros: cpu.user + cpu.system,
      wallMs: performance.now() - wallStart,
    };
  }
  process.send(finished, undefined, {}, () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
