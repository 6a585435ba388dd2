import { systemClock, type TimerHandle } from '@x/transport-core';
import type { ProviderName } from '../providers/provider-name.js';
import { parseStreamMarkup } from './parse-stream-markup.js';
import {
  defaultWebhookDialOptions,
  type WebhookAnswer,
  type WebhookDialOptions,
} from './webhook-dial-options.js';
import { type WebhookCall, webhookFormParameters } from './webhook-form.js';
import { WebhookRefusedError } from './webhook-refused-error.js';
import { signedWebhookHeaders } from './webhook-signature-headers.js';

/** Largest webhook answer read, in bytes (stream markup is a few hundred bytes). */
export const MAX_WEBHOOK_ANSWER_BYTES = 64 * 1024;

/** `Content-Type` of the webhook request, as every provider posts it. */
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** Provider names as people write them, for messages. */
const PROVIDER_TITLES: Readonly<Record<ProviderName, string>> = Object.freeze({
  twilio: 'Twilio',
  telnyx: 'Telnyx',
  plivo: 'Plivo',
});

/**
 * Posts the provider's signed call webhook for `call` to `options.url` and reads the stream the
 * answer's markup starts: Twilio TwiML and Telnyx TeXML `<Connect><Stream url="…">` with
 * `<Parameter>` children, Plivo `<Stream extraHeaders="…">wss://…</Stream>`. The request is
 * form-encoded with the fields the provider sends for a ringing inbound call, and closes its
 * connection once answered.
 * @throws WebhookRefusedError when the server answers with a status other than 2xx, answers
 * without a bidirectional `<Stream>` naming a `ws://` or `wss://` URL, does not answer within
 * `timeoutMs`, or cannot be reached.
 * @throws RangeError when `options.url` is not an http(s) URL.
 */
export async function dialWebhook(
  provider: ProviderName,
  call: WebhookCall,
  options: WebhookDialOptions,
): Promise<WebhookAnswer> {
  const url = checkWebhookUrl(options.url);
  const postedParameters = { ...webhookFormParameters(provider, call), ...options.parameters };
  const rawBody = new URLSearchParams(postedParameters).toString();
  const headers = {
    'Content-Type': FORM_CONTENT_TYPE,
    Connection: 'close',
    ...signedWebhookHeaders({
      provider,
      signatureUrl: options.signatureUrl ?? url,
      parameters: postedParameters,
      rawBody,
      authToken: options.authToken,
      telnyxPrivateKey: options.telnyxKeys?.privateKey,
      timestampSeconds: Math.floor((options.dateNow ?? Date.now)() / 1000),
    }),
  };
  const { response, body, truncated } = await post(url, headers, rawBody, options);
  const statusCode = response.status;
  if (statusCode < 200 || statusCode > 299) {
    throw new WebhookRefusedError(url, 'status', `answered HTTP ${statusCode}`, statusCode, body);
  }
  if (truncated) {
    throw new WebhookRefusedError(
      url,
      'too-large',
      `answered more than ${MAX_WEBHOOK_ANSWER_BYTES} bytes`,
      statusCode,
      body,
    );
  }
  const refuse = (detail: string): never => {
    throw new WebhookRefusedError(url, 'no-stream', detail, statusCode, body);
  };
  const markup = parseStreamMarkup(body);
  if (markup === undefined) return refuse(`answered HTTP ${statusCode} without a <Stream>`);
  if (provider !== 'plivo' && markup.parentName !== 'Connect') {
    refuse(
      `answered a <Stream> inside ${markup.parentName ? `<${markup.parentName}>` : 'no verb'}; ` +
        `${PROVIDER_TITLES[provider]} streams both ways only with <Connect><Stream>`,
    );
  }
  if (markup.url.length === 0) refuse('answered a <Stream> that names no WebSocket URL');
  if (!isWebSocketUrl(markup.url)) {
    refuse(`answered a <Stream> URL that is not an absolute ws:// or wss:// URL: "${markup.url}"`);
  }
  return {
    url,
    postedParameters,
    statusCode,
    contentType: response.headers.get('content-type') ?? undefined,
    streamUrl: markup.url,
    parameters: markup.parameters,
    streamAttributes: markup.attributes,
    body,
  };
}

function checkWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`the webhook URL is not a URL: "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RangeError(`the webhook URL must be http:// or https://, got "${url}"`);
  }
  return url;
}

function isWebSocketUrl(url: string): boolean {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'ws:' || protocol === 'wss:';
  } catch {
    return false;
  }
}

/** Posts and reads the answer, bounded by the timeout even when `fetch` ignores its signal. */
async function post(
  url: string,
  headers: Record<string, string>,
  rawBody: string,
  options: WebhookDialOptions,
): Promise<{ response: Response; body: string; truncated: boolean }> {
  const fetchFunction = options.fetch ?? fetch;
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? defaultWebhookDialOptions.timeoutMs;
  const controller = new AbortController();
  let timer: TimerHandle | undefined;
  let timedOut = false;
  const timeoutError = (): WebhookRefusedError =>
    new WebhookRefusedError(url, 'timeout', `did not answer within ${timeoutMs} ms`);
  const timeout = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
      reject(timeoutError());
    }, timeoutMs);
  });
  const exchange = (async () => {
    const response = await fetchFunction(url, {
      method: 'POST',
      headers,
      body: rawBody,
      redirect: 'manual',
      signal: controller.signal,
    });
    const { text, truncated } = await readBoundedText(response, MAX_WEBHOOK_ANSWER_BYTES);
    return { response, body: text, truncated };
  })();
  // whichever loses the race must not report an unhandled rejection
  exchange.catch(() => {});
  timeout.catch(() => {});
  try {
    return await Promise.race([exchange, timeout]);
  } catch (error) {
    if (error instanceof WebhookRefusedError) throw error;
    if (timedOut) throw timeoutError();
    throw new WebhookRefusedError(url, 'unreachable', `could not be reached (${describe(error)})`);
  } finally {
    clock.clearTimeout(timer);
    if (!timedOut) controller.abort();
  }
}

/** The body as text, reading at most `maxBytes` (then cancelling the rest). */
async function readBoundedText(
  response: Response,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  if (response.body === null) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : cause?.message;
  return typeof detail === 'string' && detail.length > 0 ? `${message}: ${detail}` : message;
}
