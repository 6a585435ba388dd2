import { createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { WAV_HEADER_BYTES } from '../audio/wav.js';
import type { RecordingSink } from './call-recording.js';
import { wavSizeFields } from './streaming-wav-header.js';

/** A WAV file being written by a recording. */
export interface WavFileSink {
  /** The file's path. */
  readonly path: string;
  /** The recording's sink: appends the bytes to the file (through a `WriteStream`). */
  readonly write: RecordingSink;
  /**
   * Flushes and closes the file, then writes the real sizes into its header. Call it once the
   * recording has finished. Rejects with the first write error.
   */
  close(): Promise<void>;
}

/**
 * Streams a recording to the file at `path` (created, or truncated, at the first bytes: a
 * recording that never started leaves no file): the bytes go out as they come, so memory stays
 * bounded whatever the call's length; `close` patches the header's sizes.
 */
export function createWavFileSink(path: string): WavFileSink {
  let stream: WriteStream | undefined;
  let failure: Error | undefined;
  let totalBytes = 0;
  let closing: Promise<void> | undefined;
  const write: RecordingSink = (bytes) => {
    if (closing || failure) return;
    if (!stream) {
      stream = createWriteStream(path);
      stream.on('error', (error) => {
        failure ??= error;
      });
    }
    totalBytes += bytes.length;
    stream.write(bytes);
  };
  const close = async (): Promise<void> => {
    const opened = stream;
    if (!opened) return;
    await new Promise<void>((resolve) => opened.end(resolve));
    if (failure) throw failure;
    if (totalBytes < WAV_HEADER_BYTES) return;
    const file = await open(path, 'r+');
    try {
      for (const field of wavSizeFields(totalBytes - WAV_HEADER_BYTES)) {
        await file.write(field.bytes, 0, field.bytes.length, field.offset);
      }
    } finally {
      await file.close();
    }
  };
  return {
    path,
    write,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
