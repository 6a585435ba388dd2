import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A provider REST API that never answers: it reads each request and keeps it waiting until
 * `close()`. It shows that a hang-up the provider never answers still ends within its bound.
 */
export class HangingApi {
  readonly #server: Server;
  readonly #waiting = new Set<ServerResponse>();
  #requests = 0;

  private constructor(server: Server) {
    this.#server = server;
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      this.#requests++;
      request.resume();
      this.#waiting.add(response);
    });
  }

  /** Starts listening on 127.0.0.1 and an ephemeral port. */
  static async start(): Promise<HangingApi> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new HangingApi(server);
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Requests received so far (none was answered). */
  get requests(): number {
    return this.#requests;
  }

  /** Drops every waiting request and stops listening. */
  async close(): Promise<void> {
    for (const response of this.#waiting) response.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
