/**
 * The demo server as `pnpm demo` runs it (`node apps/demo/dist/main.js`), in a child process on
 * 127.0.0.1 and a free port, with its output kept and its exit observed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { residentBytes } from './process-memory.js';

/** The demo's built entry point. */
export const DEMO_MAIN = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'apps',
  'demo',
  'dist',
  'main.js',
);
/** Bound on the demo starting to serve. */
const START_TIMEOUT_MS = 15_000;
/** Interval between readiness polls. */
const POLL_INTERVAL_MS = 50;
/** Characters of output kept (the end). */
const KEPT_OUTPUT_CHARACTERS = 20_000;
/** Bound on one HTTP request to the demo. */
export const REQUEST_TIMEOUT_MS = 3_000;

/** Children still running, killed when the benchmark exits whatever the reason. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** How the process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A free TCP port on 127.0.0.1 (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** GET `url`; resolves with the status (0 when the request failed) and body. */
export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return { status: response.status, body: await response.text() };
  } catch {
    return { status: 0, body: '' };
  }
}

/** A running demo server process. */
export class DemoServerProcess {
  readonly #child: ChildProcess;
  #output = '';
  #exit: ProcessExit | undefined;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ProcessExit>;

  private constructor(
    child: ChildProcess,
    /** The port it listens on. */
    readonly port: number,
  ) {
    this.#child = child;
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString()).slice(-KEPT_OUTPUT_CHARACTERS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running.delete(child);
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
  }

  /**
   * Starts the demo with `environment` (plus PATH, HOST=127.0.0.1 and a free PORT) and waits
   * until `/livez` or `/healthz` answers.
   * @throws Error when the demo is not built, exits, or does not serve within 15 s.
   */
  static async start(environment: Record<string, string>): Promise<DemoServerProcess> {
    if (!existsSync(DEMO_MAIN)) {
      throw new Error(`${DEMO_MAIN} is missing: run pnpm build first`);
    }
    const port = await freePort();
    const child = spawn(process.execPath, [DEMO_MAIN], {
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    const demo = new DemoServerProcess(child, port);
    const deadline = performance.now() + START_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (!demo.alive) throw new Error(`the demo exited while starting:\n${demo.output}`);
      if ((await httpGet(`${demo.url}/healthz`)).status === 200) return demo;
      await sleep(POLL_INTERVAL_MS);
    }
    await demo.kill();
    throw new Error(`the demo did not serve within ${START_TIMEOUT_MS} ms:\n${demo.output}`);
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `ws://127.0.0.1:<port><path>`. */
  socketUrl(path: string): string {
    return `ws://127.0.0.1:${this.port}${path}`;
  }

  /** Process id. */
  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** True until the process exited. */
  get alive(): boolean {
    return this.#exit === undefined;
  }

  /** How it exited, once it has. */
  get exit(): ProcessExit | undefined {
    return this.#exit;
  }

  /** The end of what it printed. */
  get output(): string {
    return this.#output;
  }

  /** Resident set size now, in bytes. */
  residentBytes(): number | undefined {
    return residentBytes(this.pid);
  }

  /** Sends `signal`. */
  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  /** Kills the process (SIGKILL) if it still runs, and waits for it. */
  async kill(): Promise<void> {
    if (this.alive) this.#child.kill('SIGKILL');
    await this.exited;
  }
}
