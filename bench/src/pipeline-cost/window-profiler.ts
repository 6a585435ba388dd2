import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * A V8 CPU profile of part of this process's life (the inspector's `Profiler`, in process), so
 * a profile covers the measured window only, not the start-up and set-up around it.
 */
export class WindowProfiler {
  readonly #session = new Session();

  /** Starts sampling. */
  start(): void {
    this.#session.connect();
    this.#session.post('Profiler.enable');
    this.#session.post('Profiler.start');
  }

  /** Stops sampling and writes the profile (`.cpuprofile` JSON) to `path`. */
  stop(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#session.post('Profiler.stop', (error, result) => {
        this.#session.disconnect();
        if (error) {
          reject(error);
          return;
        }
        writeFileSync(path, JSON.stringify(result.profile));
        resolve();
      });
    });
  }
}
