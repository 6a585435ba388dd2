import {
  type CallData,
  childLogger,
  type DetectedCall,
  EnergyVADAnalyzer,
  type FrameSerializer,
  Pipeline,
  PipelineTask,
  type VADAnalyzer,
  WebSocketTransport,
} from '@x/transport-core';
import { SileroVADAnalyzer, sharedSileroModel } from '@x/vad-silero';
import type { WebSocket } from 'ws';
import { EchoBot } from '../bot/echo-bot.js';
import type { EchoBotPrompts } from '../bot/prompts.js';
import { ECHO_BOT_VAD_PARAMS, type VADSetting } from '../config/vad-setting.js';
import { CountingSerializer } from '../metrics/counting-serializer.js';
import { DEMO_HANG_UP_TIMEOUT_MS } from '../providers/demo-providers.js';
import type { IncomingCallDependencies } from './incoming-calls.js';

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

/** What `startEchoCall` needs. */
export interface EchoCallSetup {
  /** The accepted socket. */
  socket: WebSocket;
  /** The detected call, whose first messages the transport takes over. */
  detected: DetectedCall<CallData>;
  /** The provider's serializer for this call. */
  serializer: FrameSerializer;
  /** Provider label for logs and metrics. */
  label: string;
  /** The server's shared parts. */
  dependencies: IncomingCallDependencies;
}

/** A call in progress. */
export interface EchoCall {
  /** Resolves when the call has ended and been cleaned up. */
  readonly done: Promise<void>;
  /** Ends the call the normal way: goodbye, one bounded hang-up, close 1000. */
  end(reason: string): void;
  /** Ends the call at once. */
  cancel(reason: string): Promise<void>;
}

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

/** Why a call ended, for the `demo_calls_ended_total` metric. */
function endReasonOf(
  disconnect: string | undefined,
  botEnded: boolean,
  finish: string | undefined,
): string {
  if (disconnect !== undefined) return disconnect;
  if (botEnded) return 'bot-ended';
  return finish ?? 'unknown';
}

/**
 * Longest time the normal end of a call can take once asked for, in milliseconds: the goodbye,
 * the end silence, the bounded hang-up and the bounded close (plus a second for the rest).
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
 * Runs the echo bot on an accepted socket: `transport.input()` (VAD on) → `EchoBot` →
 * `transport.output()`. The session timeout makes the bot say goodbye and end the call, as `#`
 * does; the transport ends the pipeline when the caller goes away.
 */
export function startEchoCall(setup: EchoCallSetup): EchoCall {
  const { socket, detected, label, dependencies } = setup;
  const { config, metrics, prompts, calls } = dependencies;
  const callData = detected.callData;
  const logger = childLogger(dependencies.logger, { provider: label, callId: callData.callId });
  const serializer = new CountingSerializer(setup.serializer, metrics, label);

  const transport = new WebSocketTransport(
    socket,
    {
      serializer,
      audioInEnabled: true,
      audioInSampleRate: ECHO_CALL_SAMPLE_RATE,
      audioOutEnabled: true,
      audioOutSampleRate: ECHO_CALL_SAMPLE_RATE,
      audioOut10msChunks: ECHO_CALL_AUDIO_OUT_10MS_CHUNKS,
      audioOutEndSilenceSecs: ECHO_CALL_END_SILENCE_SECS,
      vadAnalyzer: createVADAnalyzer(config.vad),
      hangUpTimeout: ECHO_CALL_HANG_UP_TIMEOUT_SECS,
      wsCloseTimeout: ECHO_CALL_CLOSE_TIMEOUT_SECS,
      firstAudioTimeoutMs: config.limits.firstAudioTimeoutSecs * 1000,
      maxInboundMessagesPerSecond: config.limits.maxMediaMessagesPerSecond,
      ...(config.sessionTimeoutSecs !== undefined && { sessionTimeout: config.sessionTimeoutSecs }),
    },
    {
      initialMessages: detected,
      logger,
      inputName: `${label}-input`,
      outputName: `${label}-output`,
    },
  );
  const bot = new EchoBot({ prompts });
  const task = new PipelineTask(new Pipeline([transport.input(), bot, transport.output()]), {
    audioInSampleRate: ECHO_CALL_SAMPLE_RATE,
    audioOutSampleRate: ECHO_CALL_SAMPLE_RATE,
    allowInterruptions: true,
    logger,
  });
  transport.on('sessionTimeout', () => bot.endCall('session timeout'));
  transport.on('clientDisconnected', () => logger.info('the caller hung up'));

  metrics.callStarted(label);
  logger.info(
    {
      from: callData.from,
      to: callData.to,
      encoding: callData.mediaFormat.encoding,
      sampleRate: callData.mediaFormat.sampleRate,
    },
    'call started',
  );
  const startedAt = Date.now();
  const done = task
    .run()
    .catch((error: unknown) => logger.error({ err: error }, 'the call failed'))
    .finally(() => {
      metrics.callEnded(endReasonOf(transport.disconnectReason, bot.ending, task.finishReason));
      const outcome = serializer.hangUpOutcome;
      if (outcome !== undefined && outcome !== 'skipped') metrics.hangUp(label, outcome);
      logger.info(
        {
          seconds: Math.round((Date.now() - startedAt) / 100) / 10,
          echoes: bot.echoCount,
          heardToTheEnd: bot.heardCount,
          hangUp: outcome ?? 'none',
          finish: task.finishReason,
        },
        'call ended',
      );
    });
  const call: EchoCall = {
    done,
    end: (reason) => bot.endCall(reason),
    cancel: async (reason) => {
      await task.cancel(reason);
      await done;
    },
  };
  calls.track(call, done);
  return call;
}
