import type { TwilioCallData } from '@x/serializer-twilio';
import { CALLER_SAMPLE_RATE } from '../calls/caller-speech.js';
import type { DrivenCall } from './driven-call.js';
import type { EchoBotFactory } from './echo-bot.js';
import type { TreePackages } from './tree-packages.js';

/** Pipecat's default idle timeout: a real bot keeps one. */
const IDLE_TIMEOUT_SECS = 300;
/** The echo bot's batches, as a TTS service would hand over audio (as in `calls-per-core`). */
export const ECHO_BATCH_MS = 200;
/** Batches the echo bot holds back before its first one. */
const ECHO_HEADROOM_BATCHES = 1;

/** What the pipeline calls of a phase counted, all calls together. */
export class PipelineTally {
  speechStarts = 0;
  errors = 0;
}

/** Settings shared by every pipeline call of a phase. */
export interface PipelineCallSettings {
  tree: TreePackages;
  /** `createTwilio({ env: {} })` of the tree: no REST hang-up, no signature checks. */
  twilio: ReturnType<TreePackages['createTwilio']>;
  createBot: EchoBotFactory;
  audioOut10msChunks: number;
  tally: PipelineTally;
}

/**
 * Our pipeline on `call`'s socket, as `calls/pipeline-echo-handler.ts` builds it after provider
 * detection: the tree's Twilio serializer (not call-bound), `WebSocketTransport` at 8 kHz in and
 * out with the core `EnergyVADAnalyzer`, a `PipelineTask` with interruptions allowed, and the
 * echo bot. The pipeline starts running; the caller's opening messages come later, on the socket.
 */
export function startPipelineCall(call: DrivenCall, settings: PipelineCallSettings): void {
  const { core } = settings.tree;
  const callData: TwilioCallData = {
    provider: 'twilio',
    streamId: call.ids.streamSid,
    callId: call.ids.callSid,
    accountId: call.ids.accountSid,
    tracks: ['inbound'],
    customParameters: {},
    mediaFormat: { encoding: 'PCMU', sampleRate: CALLER_SAMPLE_RATE, channels: 1 },
  };
  const serializer = settings.twilio.createSerializer(callData, { callBound: false });
  const transport = new core.WebSocketTransport(call.socket, {
    serializer,
    audioInSampleRate: CALLER_SAMPLE_RATE,
    audioOutSampleRate: CALLER_SAMPLE_RATE,
    audioOut10msChunks: settings.audioOut10msChunks,
    vadAnalyzer: new core.EnergyVADAnalyzer(),
  });
  const tally = settings.tally;
  const bot = settings.createBot({
    batchMs: ECHO_BATCH_MS,
    headroomBatches: ECHO_HEADROOM_BATCHES,
    onSpeechStarted: () => {
      tally.speechStarts++;
    },
  });
  const task = new core.PipelineTask(
    new core.Pipeline([transport.input(), bot, transport.output()]),
    {
      audioInSampleRate: CALLER_SAMPLE_RATE,
      audioOutSampleRate: CALLER_SAMPLE_RATE,
      allowInterruptions: true,
      idleTimeoutSecs: IDLE_TIMEOUT_SECS,
    },
  );
  // older trees may have no task events: only count errors where there are
  if (typeof task.on === 'function') {
    task.on('error', () => {
      tally.errors++;
    });
  }
  new core.PipelineRunner().run(task).catch(() => {
    tally.errors++;
  });
}
