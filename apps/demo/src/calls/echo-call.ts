import { RNNoiseFilter } from '@x/audio-filter-rnnoise';
import type {
  Bot,
  CallPipelineSettings,
  CallTransportSettings,
  IncomingCall,
} from '@x/telephony-server';
import { EnergyVADAnalyzer, type VADAnalyzer } from '@x/transport-core';
import { SileroVADAnalyzer, sharedSileroModel } from '@x/vad-silero';
import { EchoBot } from '../bot/echo-bot.js';
import { HOLD_MUSIC_THINKING_MS, holdMusicMixer } from '../bot/hold-music.js';
import type { EchoBotPrompts, Prompt } from '../bot/prompts.js';
import type { DemoConfig } from '../config/demo-config.js';
import { ECHO_BOT_VAD_PARAMS, type VADSetting } from '../config/vad-setting.js';
import { DEMO_HANG_UP_TIMEOUT_MS } from '../providers/demo-providers.js';

/** Sample rate of the pipeline, in Hz: telephony audio is 8 kHz, so nothing is resampled. */
export const ECHO_CALL_SAMPLE_RATE = 8000;
/** Outbound chunk size, in 10 ms units: 20 ms, a telephony frame. */
export const ECHO_CALL_AUDIO_OUT_10MS_CHUNKS = 2;
/**
 * Silence sent after the goodbye before hanging up, in seconds: enough for the provider to play
 * the goodbye's last chunk (the transport sends at most one chunk ahead), short enough that `#`
 * ends the call promptly.
 */
export const ECHO_CALL_END_SILENCE_SECS = 0.5;
/** Bound on the serializer's end-of-call work, in seconds: the REST hang-up's bound and a margin. */
export const ECHO_CALL_HANG_UP_TIMEOUT_SECS = DEMO_HANG_UP_TIMEOUT_MS / 1000 + 0.5;
/** Bound on the close handshake, in seconds (the transport default). */
export const ECHO_CALL_CLOSE_TIMEOUT_SECS = 0.5;

/** Pipeline settings of every echo call: 8 kHz both ways, the caller may interrupt the bot. */
export const ECHO_CALL_PIPELINE: CallPipelineSettings = Object.freeze({
  audioInSampleRate: ECHO_CALL_SAMPLE_RATE,
  audioOutSampleRate: ECHO_CALL_SAMPLE_RATE,
  allowInterruptions: true,
});

/**
 * Loads what the `VAD` engine needs before the first call: the Silero model (once per process),
 * so no call waits for it and a platform that cannot run it is reported at startup.
 * @throws Error saying what to do when the engine cannot run here.
 */
export async function prepareVADEngine(setting: VADSetting): Promise<void> {
  if (setting.engine !== 'silero') return;
  try {
    await sharedSileroModel().load();
  } catch (error) {
    throw new Error(
      `VAD=silero cannot run here (${(error as Error).message}); start with VAD=energy instead`,
    );
  }
}

/** A VAD engine for one call, as the `VAD` setting chooses. */
export function createVADAnalyzer(setting: VADSetting): VADAnalyzer {
  const params = { ...ECHO_BOT_VAD_PARAMS, ...setting.params };
  switch (setting.engine) {
    case 'energy':
      return new EnergyVADAnalyzer(params);
    case 'silero':
      return new SileroVADAnalyzer(params);
  }
}

/**
 * Longest time the normal end of a call can take once asked for, in milliseconds: the goodbye,
 * the end silence, the bounded hang-up and the bounded close (plus a second for the rest). The
 * server kit's `limits.endOfCallTimeoutMs`.
 */
export function endOfCallBoundMs(prompts: EchoBotPrompts): number {
  const goodbyeSecs = prompts.goodbye.audio.length / prompts.goodbye.sampleRate;
  const boundSecs =
    goodbyeSecs +
    ECHO_CALL_END_SILENCE_SECS +
    ECHO_CALL_HANG_UP_TIMEOUT_SECS +
    ECHO_CALL_CLOSE_TIMEOUT_SECS +
    1;
  return Math.ceil(boundSecs * 1000);
}

/**
 * Transport settings of each echo call: 8 kHz in and out, 20 ms chunks, the `VAD` setting's
 * engine (one per call), `SESSION_TIMEOUT`, bounds on the goodbye's end, the hang-up and the
 * close, with `holdMusic` (`HOLD_MUSIC=on`) an output mixer playing it (one per call, off
 * until the bot thinks), and with `NOISE_FILTER=on` an `RNNoiseFilter` on the caller audio (one
 * per call).
 */
export function echoCallTransport(
  config: DemoConfig,
  holdMusic?: Prompt,
): (call: IncomingCall) => CallTransportSettings {
  const settings = echoCallTransportSettings(config);
  if (holdMusic === undefined && !config.noiseFilter) return () => settings;
  // mixers and filters keep state: one of each per call
  return () => ({
    ...settings,
    ...(holdMusic !== undefined && { audioOutMixer: holdMusicMixer(holdMusic) }),
    ...(config.noiseFilter && { audioInFilter: new RNNoiseFilter() }),
  });
}

function echoCallTransportSettings(config: DemoConfig): CallTransportSettings {
  return {
    audioInEnabled: true,
    audioInSampleRate: ECHO_CALL_SAMPLE_RATE,
    audioOutEnabled: true,
    audioOutSampleRate: ECHO_CALL_SAMPLE_RATE,
    audioOut10msChunks: ECHO_CALL_AUDIO_OUT_10MS_CHUNKS,
    audioOutEndSilenceSecs: ECHO_CALL_END_SILENCE_SECS,
    vadAnalyzer: () => createVADAnalyzer(config.vad),
    hangUpTimeoutMs: ECHO_CALL_HANG_UP_TIMEOUT_SECS * 1000,
    wsCloseTimeoutMs: ECHO_CALL_CLOSE_TIMEOUT_SECS * 1000,
    ...(config.sessionTimeoutSecs !== undefined && {
      sessionTimeoutSecs: config.sessionTimeoutSecs,
    }),
  };
}

/**
 * The server kit's `bot`: one `EchoBot` per call, between `transport.input()` and
 * `transport.output()`. When the server ends the call (`SESSION_TIMEOUT`, drain), the bot says
 * goodbye and ends it, as `#` does. With `holdMusic` it "thinks" before each echo with the hold
 * music on (`HOLD_MUSIC_THINKING_MS`).
 */
export function echoBot(prompts: EchoBotPrompts, options: { holdMusic?: boolean } = {}): Bot {
  const thinkingMs = options.holdMusic ? HOLD_MUSIC_THINKING_MS : 0;
  return (call) => {
    const bot = new EchoBot({ prompts, thinkingMs });
    call.transport.on('clientDisconnected', () => call.logger.info('the caller hung up'));
    call.signal.addEventListener('abort', () =>
      call.logger.info({ echoes: bot.echoCount, heardToTheEnd: bot.heardCount }, 'echo bot done'),
    );
    return { processors: [bot], end: (reason) => bot.endCall(reason) };
  };
}
