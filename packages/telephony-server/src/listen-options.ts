import type { IncomingMessage, ServerResponse } from 'node:http';

/** Where a server listens, and who answers the paths the kit does not serve. */
export interface ListenOptions {
  /** TCP port; 0 picks a free one. Default 8765. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1` (this machine only; tunnels work). Use `0.0.0.0` in a container. */
  host?: string;
  /**
   * Answers HTTP requests on paths the kit does not serve (e.g. your own pages); a throw or
   * rejection answers 500 and is logged. Default: 404 with a hint.
   */
  fallback?: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;
}

/** Defaults of `ListenOptions`. */
export const DEFAULT_LISTEN_OPTIONS = Object.freeze({ port: 8765, host: '127.0.0.1' });

/** Why `listen` failed, in words that say what to do. */
export function listenErrorAdvice(error: NodeJS.ErrnoException, port: number, host: string): Error {
  if (error.code === 'EADDRINUSE') {
    return new Error(
      `port ${port} on ${host} is already in use: stop the other server, or listen on another port (e.g. ${port + 1})`,
      { cause: error },
    );
  }
  if (error.code === 'EACCES') {
    return new Error(`not allowed to listen on port ${port}: use a port above 1023`, {
      cause: error,
    });
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new Error(
      `${host} is not an address of this machine: use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`,
      { cause: error },
    );
  }
  return error;
}
