import {
  type CallOptions,
  type FakeProviderApi,
  type RecordedApiRequest,
  type SimulatedCall,
  startCall,
  startFakeProviderApi,
} from '@x/phone-simulator';
import type { CallData, TelephonyProvider } from '@x/transport-core';
import { DEFAULT_BOT_WAIT_MS } from './conformance-bot.js';
import { ConformanceServer, type ConformanceServerOptions } from './conformance-server.js';
import type { ProviderConformanceSubject } from './conformance-subject.js';
import { publicWebhookUrl } from './conformance-urls.js';
import type { ServedCall } from './served-call.js';
import { upgradeHeaders } from './signed-requests.js';

/**
 * Call-token secret of the suite's providers (at least 32 bytes; not a real secret). Fixed, so
 * that tokens do not depend on the environment.
 */
export const CONFORMANCE_CALL_TOKEN_SECRET = 'provider-conformance-call-token-secret-0123456789';
/** How long a request the provider package should never make is given to show up, in milliseconds. */
export const LATE_REQUEST_GRACE_MS = 50;

/** Options of `ConformanceContext.openDirectStream`. */
export interface DirectStreamOptions extends Partial<CallOptions> {
  /** Secret the upgrade is signed with; default the subject's. */
  upgradeSecret?: string;
}

/** A call of the running test, from both ends. */
export interface LoopbackCall {
  /** The suite's server. */
  server: ConformanceServer;
  /** The caller: the phone simulator speaking the provider's protocol. */
  phone: SimulatedCall;
  /** The call as the server runs it. */
  call: ServedCall;
}

/**
 * What the suite's tests share for one provider: the fake REST API and the provider (made once),
 * and the servers and phone calls of the running test (ended after it).
 */
export class ConformanceContext {
  readonly subject: ProviderConformanceSubject;
  #api: FakeProviderApi | undefined;
  #provider: TelephonyProvider | undefined;
  readonly #servers: ConformanceServer[] = [];
  readonly #calls: SimulatedCall[] = [];

  constructor(subject: ProviderConformanceSubject) {
    this.subject = subject;
  }

  /** The fake provider REST API, started in `setUp`. */
  get api(): FakeProviderApi {
    if (!this.#api) throw new Error('the conformance context is not set up');
    return this.#api;
  }

  /** The provider under test, with every credential set and hang-ups going to the fake API. */
  get provider(): TelephonyProvider {
    if (!this.#provider) throw new Error('the conformance context is not set up');
    return this.#provider;
  }

  /** Starts the fake REST API and makes the provider. */
  async setUp(): Promise<void> {
    this.#api = await startFakeProviderApi(this.subject.fakeApi);
    this.#provider = this.subject.createProvider({
      apiBaseUrl: this.#api.url,
      callTokenSecret: CONFORMANCE_CALL_TOKEN_SECRET,
      env: {},
    });
  }

  /** Stops the fake REST API. */
  async tearDown(): Promise<void> {
    await this.#api?.close();
  }

  /** Ends the running test's calls and closes its servers. */
  async cleanUp(): Promise<void> {
    const calls = this.#calls.splice(0);
    await Promise.all(calls.map((call) => call.hangUp()));
    const servers = this.#servers.splice(0);
    await Promise.all(servers.map((server) => server.close()));
  }

  /** A server for the running test (closed after it). */
  async startServer(
    options: Omit<ConformanceServerOptions, 'provider'> = {},
  ): Promise<ConformanceServer> {
    const server = await ConformanceServer.start({ ...options, provider: this.provider });
    this.#servers.push(server);
    return server;
  }

  /**
   * A call placed as the provider places it: its signed webhook first, then the stream the
   * answer names (upgrade signed, the answer's call token in `start`). Fast mode.
   */
  async placeCall(
    server: ConformanceServer,
    options: Partial<CallOptions> = {},
  ): Promise<SimulatedCall> {
    const { name, signing } = this.subject;
    return this.#track(
      startCall({
        provider: name,
        url: server.streamUrl,
        authToken: signing.upgradeSecret,
        webhook: {
          url: server.webhookUrl,
          signatureUrl: publicWebhookUrl(name),
          ...signing.webhook,
        },
        fast: true,
        ...options,
      }),
    );
  }

  /**
   * A server for the running test and a call placed through its webhook, once the served call's
   * stream has started in the pipeline.
   */
  async callThroughWebhook(options: Partial<CallOptions> = {}): Promise<LoopbackCall> {
    const server = await this.startServer();
    const phone = await this.placeCall(server, options);
    return { server, phone, call: await this.servedCall(server, phone) };
  }

  /** A stream opened without the webhook (so without a call token), its upgrade signed. */
  async openDirectStream(
    server: ConformanceServer,
    options: DirectStreamOptions = {},
  ): Promise<SimulatedCall> {
    const { upgradeSecret = this.subject.signing.upgradeSecret, ...callOptions } = options;
    return this.#track(
      startCall({
        provider: this.subject.name,
        url: server.streamUrl,
        headers: upgradeHeaders(this.subject.name, upgradeSecret),
        fast: true,
        ...callOptions,
      }),
    );
  }

  /** The call `server` runs for `phone`, once its stream has started in the pipeline. */
  async servedCall(server: ConformanceServer, phone: SimulatedCall): Promise<ServedCall> {
    const stream = await server.streamFor(phone.ids.callId);
    const call = stream.call;
    if (!call) {
      throw new Error(
        `the server refused the stream of call ${phone.ids.callId}: ${
          stream.streamCheck.ok ? 'no pipeline' : stream.streamCheck.reason
        }`,
      );
    }
    await call.bot.waitFor('the stream start', () => call.bot.streamStarted !== undefined);
    return call;
  }

  /** Every request the fake REST API received about `callId`, after a grace for late ones. */
  async hangUpRequests(callId: string): Promise<RecordedApiRequest[]> {
    await new Promise((resolve) => setTimeout(resolve, LATE_REQUEST_GRACE_MS));
    return this.api.requests.filter((request) => request.callId === callId);
  }

  /** The call data of the subject's own start fixture: a call no webhook of the suite announced. */
  fixtureCallData(): CallData {
    const recognition = this.provider.recognize(this.subject.openingMessages.at(-1));
    if (recognition?.kind !== 'start') {
      throw new Error(`the last opening message of ${this.subject.name} is not its start message`);
    }
    return recognition.callData;
  }

  async #track(starting: Promise<SimulatedCall>): Promise<SimulatedCall> {
    const call = await starting;
    this.#calls.push(call);
    return call;
  }
}

/** Resolves once `condition` holds, polling; rejects after `timeoutMs` naming `description`. */
export async function eventually(
  description: string,
  condition: () => boolean,
  timeoutMs: number = DEFAULT_BOT_WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${description}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
