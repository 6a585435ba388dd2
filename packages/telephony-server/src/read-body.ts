import type { IncomingMessage } from 'node:http';
import { type Clock, systemClock } from '@x/transport-core';

/** The request body was larger than allowed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`request body is larger than ${limitBytes} bytes`);
  }
}

/** The request body did not arrive in time. */
export class BodyTimeoutError extends Error {
  override readonly name = 'BodyTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`request body not received within ${timeoutMs} ms`);
  }
}

/** The client went away before sending the whole body. */
export class BodyAbortedError extends Error {
  override readonly name = 'BodyAbortedError';
  constructor() {
    super('the client aborted the request before sending the whole body');
  }
}

/** Something read the body before us (e.g. a body parser mounted in front of the server kit). */
export class BodyAlreadyReadError extends Error {
  override readonly name = 'BodyAlreadyReadError';
  constructor() {
    super(
      'the request body was already read by something mounted before the telephony server (a body parser?): mount the telephony server first, signatures need the raw body',
    );
  }
}

/** Options of `readBody`. */
export interface ReadBodyOptions {
  /** Largest body accepted, in bytes. */
  limitBytes: number;
  /** Longest wait for the whole body, in milliseconds (a slow client cannot hold the connection). */
  timeoutMs: number;
  /** Clock for the deadline. Default the system clock. */
  clock?: Clock;
}

/**
 * Reads a request body into one buffer, refusing more than `limitBytes` (webhooks are small:
 * a few kilobytes of form fields or JSON) and giving up after `timeoutMs`. On a refusal the
 * request stops being read, so the caller can still answer (413, 408) before closing.
 * @throws BodyTooLargeError past the limit, BodyTimeoutError past the deadline,
 *   BodyAbortedError when the client goes away first, BodyAlreadyReadError when the body was
 *   consumed before.
 */
export function readBody(request: IncomingMessage, options: ReadBodyOptions): Promise<Buffer> {
  const { limitBytes, timeoutMs } = options;
  const clock = options.clock ?? systemClock;
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    return Promise.reject(new BodyTooLargeError(limitBytes));
  }
  if (request.readableEnded) {
    // Nothing will come any more: an empty body was read before us, or a whole one was.
    return declared > 0 || request.headers['transfer-encoding'] !== undefined
      ? Promise.reject(new BodyAlreadyReadError())
      : Promise.resolve(Buffer.alloc(0));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (error: Error | undefined): void => {
      clock.clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onAborted);
      request.off('close', onClose);
      if (error === undefined) {
        resolve(Buffer.concat(chunks, total));
        return;
      }
      request.pause();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.byteLength;
      if (total > limitBytes) finish(new BodyTooLargeError(limitBytes));
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined);
    const onAborted = (): void => finish(new BodyAbortedError());
    const onClose = (): void => {
      if (!request.complete) finish(new BodyAbortedError());
    };
    const timer = clock.setTimeout(() => finish(new BodyTimeoutError(timeoutMs)), timeoutMs);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onAborted);
    request.on('close', onClose);
  });
}
