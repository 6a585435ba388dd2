import { createTwilio } from '@x/serializer-twilio';
import {
  detectProvider,
  EnergyVADAnalyzer,
  Pipeline,
  PipelineRunner,
  PipelineTask,
  WebSocketTransport,
} from '@x/transport-core';
import type { WebSocket } from 'ws';
import { BatchedEchoBot } from './batched-echo-bot.js';
import { ClearLatencyProbe, ClearLatencyTotals } from './clear-latency-probe.js';
import { DelayHistogram } from './delay-histogram.js';
import { InboundLatencyProbe } from './inbound-latency-probe.js';
import type { ServerSettings } from './ipc-messages.js';
import { SendTimingProbe, SendTimingTotals } from './send-timing-probe.js';
import { MAX_SERVER_ERROR_MESSAGES, type ServerHandler } from './server-handler.js';
import { probeSocketSends } from './socket-send-probe.js';

/** Twilio's media rate: the pipeline runs at it both ways, so no resampling happens. */
const TELEPHONY_SAMPLE_RATE = 8000;
/** Pipecat's default idle timeout: a real bot keeps one. */
const IDLE_TIMEOUT_SECS = 300;
/** Twilio without credentials: detection and a serializer that never hangs up over REST. */
const TWILIO = createTwilio({ env: {} });

/** The probes of one call. */
interface CallProbes {
  inbound: InboundLatencyProbe;
  clear: ClearLatencyProbe;
}

/**
 * Our full pipeline, what a real bot costs minus the AI: `detectProvider` with
 * `createTwilio({ env: {} })`, its `TwilioFrameSerializer` (not call-bound: no REST hang-up),
 * `WebSocketTransport` at 8 kHz in and out (optionally with the core energy VAD), interruptions
 * allowed, and an echo bot whose audio the output transport paces at real time. A caller who
 * talks over the bot's speech interrupts it: the output drops its audio and sends a `clear`.
 */
export function pipelineEchoHandler(settings: ServerSettings): ServerHandler {
  const inboundLatency = new DelayHistogram();
  const sendTiming = new SendTimingTotals(new DelayHistogram());
  const interruptions = new ClearLatencyTotals();
  const chunkMs = settings.audioOut10msChunks * 10;
  const totals = {
    messagesReceived: 0,
    messagesSkipped: 0,
    messagesDropped: 0,
    messagesSent: 0,
    serverErrors: 0,
    errorMessages: [] as string[],
  };
  const fail = (error: unknown): void => {
    totals.serverErrors++;
    if (totals.errorMessages.length < MAX_SERVER_ERROR_MESSAGES) {
      totals.errorMessages.push(error instanceof Error ? error.message : String(error));
    }
  };

  const runCall = async (socket: WebSocket, probes: CallProbes): Promise<void> => {
    const call = await detectProvider(socket, [TWILIO]);
    const serializer = call.provider.createSerializer(call.callData, { callBound: false });
    const transport = new WebSocketTransport(
      socket,
      {
        serializer,
        audioInSampleRate: TELEPHONY_SAMPLE_RATE,
        audioOutSampleRate: TELEPHONY_SAMPLE_RATE,
        audioOut10msChunks: settings.audioOut10msChunks,
        audioOutMaxLeadMs: settings.audioOutMaxLeadMs,
        vadAnalyzer: settings.vad ? new EnergyVADAnalyzer() : undefined,
      },
      { initialMessages: call },
    );
    const bot = new BatchedEchoBot({
      batchMs: settings.echoBatchMs,
      onCallerAudio: () => probes.inbound.audioArrived(),
      onCallerSpeechStarted: () => probes.clear.speechStarted(probes.inbound.lastAudioArrivalMs),
    });
    const task = new PipelineTask(new Pipeline([transport.input(), bot, transport.output()]), {
      audioInSampleRate: TELEPHONY_SAMPLE_RATE,
      audioOutSampleRate: TELEPHONY_SAMPLE_RATE,
      allowInterruptions: true,
      idleTimeoutSecs: IDLE_TIMEOUT_SECS,
    });
    task.on('error', (_task, frame) => fail(frame.error));
    await new PipelineRunner().run(task);
    const stats = transport.stats;
    totals.messagesReceived += stats.messagesReceived;
    totals.messagesSkipped += stats.messagesSkipped;
    totals.messagesDropped += stats.messagesDropped;
    totals.messagesSent += stats.messagesSent;
  };

  return {
    handle(socket: WebSocket, ended: () => void): void {
      const probes: CallProbes = {
        inbound: new InboundLatencyProbe(inboundLatency),
        clear: new ClearLatencyProbe(interruptions),
      };
      socket.on('message', probes.inbound.onMessage);
      const sendTimingProbe = new SendTimingProbe(sendTiming, {
        chunkMs,
        leadMs: settings.audioOutMaxLeadMs,
      });
      probeSocketSends(socket, {
        audioSent: () => sendTimingProbe.sent(),
        clearSent: () => {
          sendTimingProbe.cleared();
          probes.clear.clearSent();
        },
      });
      runCall(socket, probes)
        .catch((error: unknown) => {
          fail(error);
          socket.terminate();
        })
        .finally(ended);
    },
    takeInboundLatency: () => inboundLatency.take(),
    takeSendTiming: () => sendTiming.take(),
    takeInterruptions: () => interruptions.take(),
    totals: () => ({
      ...totals,
      callerSpeechStarts: interruptions.lifetime.speechStarts,
      clearsSent: interruptions.lifetime.clears,
      clearsWithoutSpeechStart: interruptions.lifetime.clearsWithoutSpeechStart,
    }),
  };
}
