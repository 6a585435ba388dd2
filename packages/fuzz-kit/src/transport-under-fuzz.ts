/**
 * A call on a `WebSocketTransport` over an in-memory socket, with a provider's serializer, a
 * recorder of the frames the pipeline receives and a logger that keeps every line: what the
 * transport fuzz properties drive.
 */
import { Pipeline, PipelineTask, WebSocketTransport } from '@x/transport-core';
import { ManualClock } from '@x/transport-core/testing';
import { FrameRecorder } from './frame-recorder.js';
import { InMemorySocket } from './in-memory-socket.js';
import { type ProviderStream, serializerFromStart } from './provider-stream.js';
import { RecordingLogger } from './recording-logger.js';

/** The start of the input transport's warning that messages of a kind are being skipped. */
const SKIP_WARNING_PREFIX = 'skipping inbound messages of kind';

/** A started call of a provider's stream, in a pipeline on a manual clock. */
export interface TransportUnderFuzz {
  readonly socket: InMemorySocket;
  readonly transport: WebSocketTransport;
  readonly recorder: FrameRecorder;
  readonly logger: RecordingLogger;
  /** Lets the pipeline pass on what the socket delivered. */
  settle(): Promise<void>;
  /** Cancels the pipeline and waits for it to end. */
  stop(): Promise<void>;
}

/**
 * Starts a call of `stream` at `sampleRateHz`: a pipeline `[transport.input(), recorder,
 * transport.output()]` whose transport has the serializer a server builds from the stream's
 * start message; the socket has received the stream's opening messages.
 */
export async function startTransportUnderFuzz(
  stream: ProviderStream,
  sampleRateHz: number,
): Promise<TransportUnderFuzz> {
  const clock = new ManualClock();
  const socket = new InMemorySocket();
  const logger = new RecordingLogger();
  const transport = new WebSocketTransport(
    socket,
    {
      serializer: serializerFromStart(stream),
      audioInEnabled: true,
      audioInPassthrough: true,
      audioOutEndSilenceSecs: 0,
    },
    { logger },
  );
  const recorder = new FrameRecorder();
  const task = new PipelineTask(new Pipeline([transport.input(), recorder, transport.output()]), {
    audioInSampleRate: sampleRateHz,
    audioOutSampleRate: sampleRateHz,
    clock,
  });
  const running = task.run();
  await clock.advance(0);
  for (const message of stream.openingMessages) socket.receive(JSON.stringify(message));
  await clock.advance(0);
  return {
    socket,
    transport,
    recorder,
    logger,
    settle: () => clock.advance(0),
    stop: async () => {
      await task.cancel('fuzz case done');
      await running;
    },
  };
}

/** Warnings of the input transport announcing that messages of a kind are skipped, by kind. */
export function skipWarningsByKind(logger: RecordingLogger): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of logger.at('warn')) {
    if (!line.message.startsWith(SKIP_WARNING_PREFIX)) continue;
    const kind = String(line.fields.kind);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}
