import type { RawData, WebSocket } from 'ws';
import { DelayHistogram } from './delay-histogram.js';
import { SendTimingProbe, SendTimingTotals } from './send-timing-probe.js';
import { MAX_SERVER_ERROR_MESSAGES, type ServerHandler } from './server-handler.js';

/** Audio in one simulator media message (and so in each echo), in milliseconds. */
const MEDIA_MESSAGE_MS = 20;

interface TwilioMessage {
  event?: string;
  streamSid?: string;
  media?: { payload?: string };
}

/**
 * The limit of this machine: a plain `ws` server that parses every Twilio message
 * (`JSON.parse`) and answers each inbound `media` message at once with one outbound `media`
 * message carrying the same payload. No pacing, no audio work, no per-call state.
 */
export function bareEchoHandler(): ServerHandler {
  let messagesReceived = 0;
  let messagesSent = 0;
  let messagesSkipped = 0;
  let serverErrors = 0;
  const errorMessages: string[] = [];
  const sendTiming = new SendTimingTotals(new DelayHistogram());
  return {
    handle(socket: WebSocket, ended: () => void): void {
      // it answers each message as it comes: no audio ahead of real time
      const probe = new SendTimingProbe(sendTiming, { chunkMs: MEDIA_MESSAGE_MS, leadMs: 0 });
      socket.on('message', (data: RawData, isBinary: boolean) => {
        messagesReceived++;
        let message: TwilioMessage;
        try {
          message = JSON.parse(isBinary ? '' : String(data)) as TwilioMessage;
        } catch {
          messagesSkipped++;
          return;
        }
        if (message.event !== 'media' || typeof message.media?.payload !== 'string') return;
        probe.sent();
        socket.send(
          JSON.stringify({
            event: 'media',
            streamSid: message.streamSid,
            media: { payload: message.media.payload },
          }),
        );
        messagesSent++;
      });
      socket.on('error', (error: Error) => {
        serverErrors++;
        if (errorMessages.length < MAX_SERVER_ERROR_MESSAGES) errorMessages.push(error.message);
      });
      socket.once('close', ended);
    },
    takeInboundLatency: () => undefined,
    takeSendTiming: () => sendTiming.take(),
    takeInterruptions: () => undefined,
    totals: () => ({
      messagesReceived,
      messagesSkipped,
      messagesDropped: 0,
      messagesSent,
      callerSpeechStarts: 0,
      clearsSent: 0,
      clearsWithoutSpeechStart: 0,
      serverErrors,
      errorMessages,
    }),
  };
}
