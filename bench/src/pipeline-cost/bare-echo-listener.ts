import type { DrivenCall } from './driven-call.js';

interface TwilioMessage {
  event?: string;
  media?: { payload?: unknown };
}

/**
 * The in-process bare echo (as `calls/bare-echo-handler.ts` without the network): every message
 * is `JSON.parse`d, and each media message is answered with a media message built beforehand.
 */
export function listenWithBareEcho(call: DrivenCall, payload: string): void {
  const reply = JSON.stringify({
    event: 'media',
    streamSid: call.ids.streamSid,
    media: { payload },
  });
  const socket = call.socket;
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as TwilioMessage;
    if (message.event !== 'media' || typeof message.media?.payload !== 'string') return;
    socket.send(reply);
  });
}
