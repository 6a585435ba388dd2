import { type ChildProcess, spawn } from 'node:child_process';

/** Children still running, killed when the benchmark exits whatever the reason. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Options of `ChildNodeProcess.start`. */
export interface ChildNodeProcessOptions {
  /** Pin the process to this CPU with `taskset`; none: not pinned. */
  cpu?: number | undefined;
  /** Node.js flags (e.g. `--expose-gc`). */
  nodeFlags?: string[];
}

/**
 * A Node.js child process with an IPC channel, optionally pinned to a CPU. It is killed when the
 * benchmark exits; the scripts it runs also exit by themselves when the channel closes.
 */
export class ChildNodeProcess<Incoming, Outgoing> {
  readonly #child: ChildProcess;
  readonly #received: Incoming[] = [];
  readonly #waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;
  #closed = false;
  #error: Error | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (message: Incoming) => {
      this.#received.push(message);
      for (const wake of [...this.#waiters]) wake();
    });
    child.on('error', (error) => {
      // spawning failed (or a signal could not be sent): report it with the next wait
      this.#error = error;
    });
    this.exited = new Promise((resolve) => {
      // 'close' comes after the last message and the exit
      child.once('close', (code) => {
        this.#closed = true;
        running.delete(child);
        for (const wake of [...this.#waiters]) wake();
        resolve(code);
      });
    });
  }

  /** Starts `node [flags] script ...args` (under `taskset -c cpu` when a CPU is given). */
  static start<Incoming, Outgoing>(
    script: string,
    args: string[],
    options: ChildNodeProcessOptions = {},
  ): ChildNodeProcess<Incoming, Outgoing> {
    installExitHook();
    const nodeArguments = [...(options.nodeFlags ?? []), script, ...args];
    const [command, commandArguments] =
      options.cpu === undefined
        ? [process.execPath, nodeArguments]
        : ['taskset', ['-c', String(options.cpu), process.execPath, ...nodeArguments]];
    const child = spawn(command, commandArguments, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    running.add(child);
    return new ChildNodeProcess<Incoming, Outgoing>(child);
  }

  /** Process id. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** True until the process exited. */
  get alive(): boolean {
    return !this.#closed;
  }

  /** Every message received so far, in order. */
  get received(): readonly Incoming[] {
    return this.#received;
  }

  send(message: Outgoing): void {
    if (this.#child.connected) this.#child.send(message as object);
  }

  /**
   * The first message received (so far or later) that `matches`.
   * @throws Error after `timeoutMs`, or when the process exits first, naming `what`.
   */
  waitFor<T extends Incoming>(
    matches: (message: Incoming) => message is T,
    timeoutMs: number,
    what: string,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.#received.find(matches);
        if (found !== undefined) {
          finish();
          resolve(found);
        } else if (!this.alive) {
          finish();
          const cause = this.#error ? ` (${this.#error.message})` : '';
          reject(new Error(`the process exited before sending ${what}${cause}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Waits up to `timeoutMs` for the process to exit, then kills it. */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.alive) return;
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
