import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatedCall } from '../call/simulated-call.js';
import type { ProviderName } from '../providers/provider-name.js';

/** Largest request body the fake API reads. */
const MAX_BODY_BYTES = 1_000_000;

/** A response the fake API gives instead of its default success. */
export interface FakeApiResponse {
  /** HTTP status. */
  status: number;
  /** JSON body (none for e.g. 204). */
  body?: unknown;
  /**
   * Never answer: the request is recorded and left hanging until the client gives up or the fake
   * API closes (a provider API that has stopped responding). `status` is then only recorded.
   */
  neverAnswer?: boolean;
}

/** What the real APIs answer when the call has already ended (see the protocol reference). */
export const ALREADY_ENDED_RESPONSES: Readonly<Record<ProviderName, FakeApiResponse>> =
  Object.freeze({
    twilio: {
      status: 404,
      body: {
        code: 20404,
        message: 'The requested resource was not found',
        more_info: 'https://www.twilio.com/docs/errors/20404',
        status: 404,
      },
    },
    telnyx: {
      status: 422,
      body: {
        errors: [
          {
            code: '90018',
            title: 'Call has already ended',
            detail: "This call is no longer active and can't receive commands.",
          },
        ],
      },
    },
    plivo: { status: 404, body: { api_id: 'fake-api', error: 'call not found' } },
  });

/** One request the fake API received. */
export interface RecordedApiRequest {
  /** The provider whose route matched; undefined for an unknown route. */
  provider: ProviderName | undefined;
  /** HTTP method. */
  method: string;
  /** Path with query. */
  path: string;
  /** Request headers (lowercase names). */
  headers: Record<string, string>;
  /** Raw body. */
  body: string;
  /** The call id in the path (Twilio CallSid, Telnyx call_control_id, Plivo call UUID). */
  callId: string | undefined;
  /** True when the credentials were accepted. */
  authorized: boolean;
  /** HTTP status answered. */
  status: number;
  /** Wall-clock time received. */
  receivedAt: Date;
}

/** Options of `startFakeProviderApi`. */
export interface FakeProviderApiOptions {
  /** Twilio credentials accepted (Basic `AccountSid:AuthToken`). Default: any Basic credentials whose user is the path's account SID. */
  twilio?: { accountSid: string; authToken: string };
  /** Telnyx API key accepted (`Authorization: Bearer`). Default: any non-empty key. */
  telnyx?: { apiKey: string };
  /** Plivo credentials accepted (Basic `auth_id:auth_token`). Default: any Basic credentials whose user is the path's auth id. */
  plivo?: { authId: string; authToken: string };
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port. Default 0 (an ephemeral port). */
  port?: number;
}

/** A running fake of the three providers' hang-up endpoints. */
export interface FakeProviderApi {
  /** Base URL, e.g. `http://127.0.0.1:53123` (use it as every provider's API base URL). */
  readonly url: string;
  /** Every request so far, oldest first. */
  readonly requests: readonly RecordedApiRequest[];
  /** Accepted hang-up requests (optionally of one provider). */
  hangUps(provider?: ProviderName): RecordedApiRequest[];
  /** Answers `provider`'s next `times` hang-ups (default: all until reset) with `response` instead of success. */
  respondWith(provider: ProviderName, response: FakeApiResponse, times?: number): void;
  /** Ends `call` the way the provider does when the call is hung up through its API (stop, then close). */
  attachCall(call: SimulatedCall): void;
  /** Resolves once at least `count` requests have arrived; rejects after `timeoutMs` (default 5,000). */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedApiRequest[]>;
  /** Forgets recorded requests and response overrides. */
  reset(): void;
  /** Stops the server. */
  close(): Promise<void>;
}

interface Route {
  provider: ProviderName;
  method: string;
  pattern: RegExp;
}

const ROUTES: readonly Route[] = [
  {
    provider: 'twilio',
    method: 'POST',
    pattern: /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\/([^/]+)\.json$/,
  },
  { provider: 'telnyx', method: 'POST', pattern: /^\/v2\/calls\/([^/]+)\/actions\/hangup$/ },
  { provider: 'plivo', method: 'DELETE', pattern: /^\/v1\/Account\/([^/]+)\/Call\/([^/]*)\/?$/ },
];

interface Override {
  response: FakeApiResponse;
  remaining: number;
}

/**
 * Starts a fake of the providers' REST hang-up endpoints for tests, on 127.0.0.1 and an
 * ephemeral port: Twilio `POST /2010-04-01/Accounts/{AC}/Calls/{CA}.json` with `Status=completed`
 * (Basic auth) → 200 call JSON; Telnyx `POST /v2/calls/{id}/actions/hangup` (Bearer) → 200
 * `{"data":{"result":"ok"}}`; Plivo `DELETE /v1/Account/{auth_id}/Call/{call_id}/` (Basic) → 204.
 * Bad credentials get 401, unknown routes 404, and a Plivo hang-up without a call id (which would
 * end every call of the account) 400. Every request is recorded.
 */
export async function startFakeProviderApi(
  options: FakeProviderApiOptions = {},
): Promise<FakeProviderApi> {
  const requests: RecordedApiRequest[] = [];
  const overrides = new Map<ProviderName, Override>();
  const calls = new Map<string, SimulatedCall>();
  const waiters = new Set<() => void>();

  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        const recorded = handle(request, body, response);
        requests.push(recorded);
        for (const waiter of [...waiters]) waiter();
      })
      .catch(() => {
        if (!response.headersSent)
          respond(response, { status: 413, body: { error: 'request body too large' } });
      });
  });

  function handle(
    request: IncomingMessage,
    body: string,
    response: ServerResponse,
  ): RecordedApiRequest {
    const path = request.url ?? '/';
    const method = request.method ?? 'GET';
    const pathname = path.split('?')[0]!;
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(', ') : (value ?? ''),
      ]),
    );
    const recorded: RecordedApiRequest = {
      provider: undefined,
      method,
      path,
      headers,
      body,
      callId: undefined,
      authorized: false,
      status: 404,
      receivedAt: new Date(),
    };
    const route = ROUTES.find((candidate) => candidate.pattern.test(pathname));
    if (!route) {
      respond(response, {
        status: 404,
        body: { error: `no fake route for ${method} ${pathname}` },
      });
      return recorded;
    }
    recorded.provider = route.provider;
    if (method !== route.method) {
      recorded.status = 405;
      respond(response, {
        status: 405,
        body: { error: `${route.provider} hang-up takes ${route.method}, got ${method}` },
      });
      return recorded;
    }
    const match = route.pattern.exec(pathname)!;
    const outcome = checkRequest(route.provider, match, headers, body);
    recorded.callId = outcome.callId;
    recorded.authorized = outcome.authorized;
    let answer = outcome.response;
    if (outcome.authorized && answer.status < 300) {
      const override = overrides.get(route.provider);
      if (override) {
        answer = override.response;
        if (--override.remaining <= 0) overrides.delete(route.provider);
      } else if (outcome.callId !== undefined) {
        const call = calls.get(outcome.callId);
        if (call) {
          calls.delete(outcome.callId);
          setImmediate(() => void call.hangUp('api'));
        }
      }
    }
    recorded.status = answer.status;
    respond(response, answer);
    return recorded;
  }

  function checkRequest(
    provider: ProviderName,
    match: RegExpExecArray,
    headers: Record<string, string>,
    body: string,
  ): { authorized: boolean; callId: string | undefined; response: FakeApiResponse } {
    const authorization = headers.authorization ?? '';
    switch (provider) {
      case 'twilio': {
        const [, accountSid, callSid] = match;
        const credentials = basicCredentials(authorization);
        const expected = options.twilio;
        const authorized =
          credentials !== undefined &&
          credentials.user === accountSid &&
          (expected
            ? credentials.user === expected.accountSid &&
              credentials.password === expected.authToken
            : credentials.password.length > 0);
        if (!authorized) {
          return {
            authorized,
            callId: callSid,
            response: {
              status: 401,
              body: {
                code: 20003,
                message: 'Authenticate',
                more_info: 'https://www.twilio.com/docs/errors/20003',
                status: 401,
              },
            },
          };
        }
        const status = new URLSearchParams(body).get('Status');
        if (status !== 'completed' && status !== 'canceled') {
          return {
            authorized,
            callId: callSid,
            response: {
              status: 400,
              body: {
                code: 20001,
                message: `Status must be "completed" or "canceled", got ${JSON.stringify(status)}`,
                status: 400,
              },
            },
          };
        }
        return {
          authorized,
          callId: callSid,
          response: {
            status: 200,
            body: {
              sid: callSid,
              account_sid: accountSid,
              status,
              direction: 'inbound',
              date_updated: new Date().toUTCString(),
              uri: `/2010-04-01/Accounts/${accountSid}/Calls/${callSid}.json`,
            },
          },
        };
      }
      case 'telnyx': {
        const callId = decodeURIComponent(match[1]!);
        const key = /^Bearer (.+)$/.exec(authorization)?.[1];
        const authorized =
          key !== undefined && (options.telnyx ? key === options.telnyx.apiKey : true);
        if (!authorized) {
          return {
            authorized,
            callId,
            response: {
              status: 401,
              body: {
                errors: [
                  {
                    code: '10009',
                    title: 'Authentication failed',
                    detail: 'The API key is missing or invalid.',
                  },
                ],
              },
            },
          };
        }
        return { authorized, callId, response: { status: 200, body: { data: { result: 'ok' } } } };
      }
      case 'plivo': {
        const [, authId, callId] = match;
        const credentials = basicCredentials(authorization);
        const expected = options.plivo;
        const authorized =
          credentials !== undefined &&
          credentials.user === authId &&
          (expected
            ? credentials.user === expected.authId && credentials.password === expected.authToken
            : credentials.password.length > 0);
        if (!authorized) {
          return {
            authorized,
            callId,
            response: { status: 401, body: { api_id: 'fake-api', error: 'authentication failed' } },
          };
        }
        if (!callId) {
          return {
            authorized,
            callId: undefined,
            response: {
              status: 400,
              body: {
                api_id: 'fake-api',
                error: 'refused: a hang-up without a call id ends every call of the account',
              },
            },
          };
        }
        return { authorized, callId, response: { status: 204 } };
      }
    }
  }

  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    get requests() {
      return [...requests];
    },
    hangUps: (provider) =>
      requests.filter(
        (request) =>
          request.provider !== undefined &&
          request.authorized &&
          (provider === undefined || request.provider === provider),
      ),
    respondWith: (provider, response, times = Number.POSITIVE_INFINITY) => {
      overrides.set(provider, { response, remaining: times });
    },
    attachCall: (call) => {
      calls.set(call.ids.callId, call);
    },
    waitForRequests: (count, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (requests.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve([...requests]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `fake provider API got ${requests.length} requests within ${timeoutMs} ms, expected ${count}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    reset: () => {
      requests.length = 0;
      overrides.clear();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function basicCredentials(authorization: string): { user: string; password: string } | undefined {
  const encoded = /^Basic (.+)$/.exec(authorization)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function respond(response: ServerResponse, answer: FakeApiResponse): void {
  if (answer.neverAnswer) return;
  if (answer.body === undefined) {
    response.writeHead(answer.status);
    response.end();
    return;
  }
  const text = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
