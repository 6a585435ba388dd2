import type { Worker } from 'node:cluster';
import type { ClusterMessage } from './cluster-messages.js';

/** One end of an IPC channel between the cluster primary and a worker. */
export interface IpcChannel {
  /** Sends `message`; never throws, and a closed channel drops it. */
  send(message: ClusterMessage): void;
  /** Calls `listener` with every message received; returns the function that stops it. */
  onMessage(listener: (message: unknown) => void): () => void;
}

/** What `send` needs of a process or cluster worker: Node's `send` with its callback. */
interface Sender {
  send?(
    message: unknown,
    sendHandle?: undefined,
    options?: undefined,
    callback?: (error: Error | null) => void,
  ): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

function channelOf(sender: Sender, connected: () => boolean): IpcChannel {
  return {
    send: (message) => {
      if (!connected() || sender.send === undefined) return;
      // The callback takes the error a closed channel reports, which would otherwise be an
      // unhandled 'error' event.
      sender.send(message, undefined, undefined, () => {});
    },
    onMessage: (listener) => {
      sender.on('message', listener);
      return () => sender.off('message', listener);
    },
  };
}

/** The worker's channel to the primary (`process.send` and `process.on('message')`). */
export function channelToPrimary(process: NodeJS.Process): IpcChannel {
  return channelOf(process as unknown as Sender, () => process.connected === true);
}

/** The primary's channel to a worker. */
export function channelToWorker(worker: Worker): IpcChannel {
  return channelOf(worker as unknown as Sender, () => worker.isConnected());
}
