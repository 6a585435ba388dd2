import { cycleOffset, type TwilioIds, twilioIds } from './caller-media.js';
import { CountingSocket, type SendTally } from './counting-socket.js';

/** One simulated call as the driver sees it: a socket to deliver to, and where it is in the caller's cycle. */
export interface DrivenCall {
  socket: CountingSocket;
  ids: TwilioIds;
  /** First frame of the caller's cycle this call plays. */
  cycleOffset: number;
}

/** `count` calls on sockets counting into `tally`, their offsets spread over a cycle of `cycleFrames`. */
export function drivenCalls(count: number, cycleFrames: number, tally: SendTally): DrivenCall[] {
  return Array.from({ length: count }, (_, index) => ({
    socket: new CountingSocket(tally),
    ids: twilioIds(index),
    cycleOffset: cycleOffset(index, count, cycleFrames),
  }));
}
