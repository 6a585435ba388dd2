import { checkUrl, escapeXml, HTTP_URL_SCHEMES } from '@x/transport-core/provider-kit';

/** Twilio's limit on `name.length + value.length` of one `<Parameter>`: it must stay below this. */
export const TWILIO_PARAMETER_MAX_COMBINED_LENGTH = 500;

/** HTTP method Twilio uses for a callback. */
export type TwilioCallbackMethod = 'GET' | 'POST';

/** One `<Parameter>` of a `<Stream>`. */
export interface TwilioStreamParameter {
  /** Parameter name (a key of `start.customParameters`). */
  name: string;
  /** Parameter value. */
  value: string;
}

/** Options of `twimlConnectStream`. */
export interface TwimlConnectStreamOptions {
  /** Public `wss://` URL of the WebSocket endpoint (Twilio drops any query string: use `parameters`). */
  url: string;
  /**
   * Custom parameters, delivered in `start.customParameters`; each name plus value must stay under
   * 500 characters. Pass `From`/`To` here to get them in the call data.
   */
  parameters?: Readonly<Record<string, string>> | readonly TwilioStreamParameter[];
  /** Stream name, unique per call (`<Stream name>`). */
  name?: string;
  /** Absolute URL for stream status callbacks (`stream-started`, `stream-stopped`, `stream-error`). */
  statusCallback?: string;
  /** Method of the status callback; Twilio's default is `POST`. */
  statusCallbackMethod?: TwilioCallbackMethod;
  /**
   * `<Connect action>`: URL Twilio requests when the stream ends (the socket closed). Without it
   * Twilio runs the next verb, and with none the call ends.
   */
  action?: string;
  /** `<Connect method>` for `action`; Twilio's default is `POST`. */
  method?: TwilioCallbackMethod;
}

/**
 * Escapes a value for a double-quoted XML attribute: `& < > " '`, and tab, newline and carriage
 * return as character references (a parser would otherwise turn them into spaces). The same as
 * `escapeXml` of `@x/transport-core`.
 */
export const escapeXmlAttribute: (value: string) => string = escapeXml;

function attribute(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}="${escapeXmlAttribute(value)}"`;
}

function checkedMethod(
  value: string | undefined,
  option: string,
): TwilioCallbackMethod | undefined {
  if (value === undefined || value === 'GET' || value === 'POST') return value;
  throw new RangeError(`${option} ${JSON.stringify(value)} must be "GET" or "POST"`);
}

function parameterList(
  parameters: TwimlConnectStreamOptions['parameters'],
): readonly TwilioStreamParameter[] {
  if (parameters === undefined) return [];
  const list = Array.isArray(parameters)
    ? (parameters as readonly TwilioStreamParameter[])
    : Object.entries(parameters as Record<string, string>).map(([name, value]) => ({
        name,
        value,
      }));
  for (const { name, value } of list) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new RangeError(`<Parameter> name ${JSON.stringify(name)} must be a non-empty string`);
    }
    if (typeof value !== 'string') {
      throw new RangeError(`<Parameter> "${name}" value must be a string, got ${typeof value}`);
    }
    const combined = name.length + value.length;
    if (combined >= TWILIO_PARAMETER_MAX_COMBINED_LENGTH) {
      throw new RangeError(
        `<Parameter> "${name.slice(0, 40)}": name and value are ${combined} characters together; Twilio requires under ${TWILIO_PARAMETER_MAX_COMBINED_LENGTH}`,
      );
    }
  }
  return list;
}

/**
 * TwiML that connects the call to a bidirectional Media Stream:
 *
 * ```xml
 * <?xml version="1.0" encoding="UTF-8"?><Response><Connect action="…"><Stream url="wss://…" name="…">
 * <Parameter name="…" value="…"/></Stream></Connect></Response>
 * ```
 *
 * (one line; every value XML-escaped). `<Connect><Stream>` holds the call while the socket is open.
 *
 * @throws RangeError naming the value: a `url` that is not `wss://`, a `statusCallback` that is
 * not an absolute http(s) URL, an empty `action`, a method other than GET/POST, or a parameter
 * with an empty name or a name and value of 500 characters or more.
 */
export function twimlConnectStream(options: TwimlConnectStreamOptions): string {
  const url = checkUrl(options.url, 'Stream url', ['wss:']);
  const statusCallback =
    options.statusCallback === undefined
      ? undefined
      : checkUrl(options.statusCallback, 'statusCallback', HTTP_URL_SCHEMES);
  if (options.action !== undefined && options.action.length === 0) {
    throw new RangeError('<Connect> action must not be empty');
  }
  const connectAttributes =
    attribute('action', options.action) +
    attribute('method', checkedMethod(options.method, '<Connect> method'));
  const streamAttributes =
    attribute('url', url) +
    attribute('name', options.name) +
    attribute('statusCallback', statusCallback) +
    attribute(
      'statusCallbackMethod',
      checkedMethod(options.statusCallbackMethod, 'statusCallbackMethod'),
    );
  const parameters = parameterList(options.parameters)
    .map(({ name, value }) => `<Parameter${attribute('name', name)}${attribute('value', value)}/>`)
    .join('');
  const stream =
    parameters.length === 0
      ? `<Stream${streamAttributes}/>`
      : `<Stream${streamAttributes}>${parameters}</Stream>`;
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Connect${connectAttributes}>${stream}</Connect></Response>`;
}
