import { execFileSync } from 'node:child_process';

/** How to install the corpus tools on Debian or Ubuntu. */
export const CORPUS_TOOLS_INSTALL_HINT = 'apt-get install -y espeak-ng sox';

/** Largest output of one tool run, in bytes (a minute of 16 kHz audio is about 2 MB). */
const MAX_TOOL_OUTPUT_BYTES = 256 * 2 ** 20;

/** Versions of the tools the corpus was made with (they decide the exact audio). */
export interface CorpusToolVersions {
  espeakNg: string;
  sox: string;
}

/** Thrown when espeak-ng or sox is not installed; the message says how to install them. */
export class MissingCorpusToolError extends Error {
  constructor(tool: string, cause: unknown) {
    super(
      `the VAD corpus needs ${tool}, which is not installed or failed to start (install with: ${CORPUS_TOOLS_INSTALL_HINT})`,
      { cause },
    );
    this.name = 'MissingCorpusToolError';
  }
}

/** Runs `command` with `args`, feeding `input` on stdin; returns stdout. */
export function runTool(command: string, args: readonly string[], input?: Uint8Array): Buffer {
  return execFileSync(command, args, {
    input,
    maxBuffer: MAX_TOOL_OUTPUT_BYTES,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * A tool's version line without its data path and tool-name prefix, spaces collapsed:
 * `eSpeak NG text-to-speech: 1.51  Data at: /usr/…` → `eSpeak NG text-to-speech: 1.51`,
 * `sox:      SoX v14.4.2` → `SoX v14.4.2`.
 */
export function toolVersionText(line: string): string {
  return line
    .replace(/\s+Data at:.*$/, '')
    .replace(/^sox:\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The versions of espeak-ng and sox.
 * @throws MissingCorpusToolError naming the tool and how to install it.
 */
export function corpusToolVersions(): CorpusToolVersions {
  const version = (tool: string, args: string[]) => {
    try {
      const firstLine = runTool(tool, args).toString('utf8').trim().split('\n')[0]!;
      return toolVersionText(firstLine);
    } catch (error) {
      throw new MissingCorpusToolError(tool, error);
    }
  };
  return { espeakNg: version('espeak-ng', ['--version']), sox: version('sox', ['--version']) };
}

/** `sox` arguments for 16-bit mono raw PCM at `sampleRate` on stdin or stdout. */
export function rawPcmFormat(sampleRate: number): string[] {
  return ['-t', 'raw', '-e', 'signed-integer', '-b', '16', '-c', '1', '-r', String(sampleRate)];
}

/** Samples from a raw 16-bit little-endian PCM buffer, in sample units. */
export function samplesFromRawPcm(bytes: Buffer): Float64Array {
  const samples = new Float64Array(Math.floor(bytes.length / 2));
  for (let index = 0; index < samples.length; index++)
    samples[index] = bytes.readInt16LE(index * 2);
  return samples;
}

/** Raw 16-bit little-endian PCM of `samples` (rounded and clipped). */
export function rawPcmFromSamples(samples: Float64Array): Buffer {
  const bytes = Buffer.alloc(samples.length * 2);
  for (let index = 0; index < samples.length; index++) {
    bytes.writeInt16LE(Math.max(-32_768, Math.min(32_767, Math.round(samples[index]!))), index * 2);
  }
  return bytes;
}

/**
 * Common `sox` options: `-R` seeds its random numbers the same on every run (pluck, dither) and
 * `-D` turns dither off, so the same command always gives the same audio.
 */
export const REPEATABLE_SOX = ['-R', '-D'];
