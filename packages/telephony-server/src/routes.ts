/** Where the server answers. Health, liveness and metrics can be turned off with `false`. */
export interface TelephonyServerPaths {
  /** The media-stream WebSocket endpoint every provider connects to (the provider is detected). */
  stream: string;
  /** Prefix of the provider webhooks: each provider answers at `<prefix>/<provider name>`. */
  webhookPrefix: string;
  /** Readiness: 200 with the number of calls, 503 once the server drains. */
  health: string | false;
  /** Liveness: 200 while the process serves, also while it drains. */
  liveness: string | false;
  /** Prometheus metrics in the text exposition format. */
  metrics: string | false;
}

/** Defaults of `TelephonyServerPaths`: `/ws`, webhooks at `/twilio` etc., `/healthz`, `/livez`, `/metrics`. */
export const DEFAULT_TELEPHONY_SERVER_PATHS: Readonly<TelephonyServerPaths> = Object.freeze({
  stream: '/ws',
  webhookPrefix: '',
  health: '/healthz',
  liveness: '/livez',
  metrics: '/metrics',
});

/** A path as the server accepts it: starts with `/`, no query, no spaces. */
const PATH_FORMAT = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/**
 * Applies the defaults and checks the paths.
 * @throws RangeError naming a path that is malformed or used twice.
 */
export function resolveServerPaths(
  paths: Partial<TelephonyServerPaths> = {},
  providerNames: readonly string[] = [],
): Readonly<TelephonyServerPaths> {
  const resolved: TelephonyServerPaths = { ...DEFAULT_TELEPHONY_SERVER_PATHS, ...paths };
  const prefix = resolved.webhookPrefix.replace(/\/+$/, '');
  if (prefix !== '' && !PATH_FORMAT.test(prefix)) {
    throw new RangeError(
      `paths.webhookPrefix must be empty or a path starting with "/", got ${JSON.stringify(resolved.webhookPrefix)}`,
    );
  }
  resolved.webhookPrefix = prefix;
  const used = new Map<string, string>();
  const claim = (name: string, path: string | false): void => {
    if (path === false) return;
    if (typeof path !== 'string' || !PATH_FORMAT.test(path)) {
      throw new RangeError(
        `paths.${name} must be a path starting with "/" (or false), got ${JSON.stringify(path)}`,
      );
    }
    const other = used.get(path);
    if (other !== undefined) {
      throw new RangeError(`${name} and ${other} cannot share the path ${path}`);
    }
    used.set(path, name);
  };
  if (typeof resolved.stream !== 'string') {
    throw new RangeError(`paths.stream must be a path, got ${JSON.stringify(resolved.stream)}`);
  }
  claim('stream', resolved.stream);
  claim('health', resolved.health);
  claim('liveness', resolved.liveness);
  claim('metrics', resolved.metrics);
  for (const name of providerNames) claim(`the ${name} webhook`, webhookPath(resolved, name));
  return Object.freeze(resolved);
}

/** The webhook path of a provider: `<webhookPrefix>/<name>`. */
export function webhookPath(
  paths: Pick<TelephonyServerPaths, 'webhookPrefix'>,
  name: string,
): string {
  return `${paths.webhookPrefix}/${name}`;
}

/** The path of a request URL, without its query. */
export function pathOf(requestUrl: string | undefined): string {
  const url = requestUrl ?? '/';
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
