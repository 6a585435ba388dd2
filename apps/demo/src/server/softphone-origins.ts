import type { TrustedStreamEndpoint } from '@x/telephony-server';
import { isOriginAllowed, originOf, originRejectionReason } from '@x/transport-core';
import type { DemoConfig } from '../config/demo-config.js';
import { SOFTPHONE_PROVIDER } from '../providers/demo-providers.js';

/** WebSocket path of the browser softphone (allowed origins only; speaks the Twilio protocol). */
export const SOFTPHONE_WEBSOCKET_PATH = '/softphone/ws';
/** Provider label of the browser softphone in logs and metrics. */
export const SOFTPHONE_LABEL = 'softphone';

/** Hosts a browser on this machine uses for a server listening on a loopback or any address. */
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
/** `HOST` values meaning this machine only or every interface: the page is opened on localhost. */
const LOOPBACK_OR_ANY = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

/**
 * The origins the softphone page may open its WebSocket from: `ALLOWED_ORIGINS` when set;
 * otherwise this server's own addresses (`http://localhost:<port>` and friends, or `HOST`) and
 * `PUBLIC_URL`'s origin. Compared with the request's `Origin` as configured, never with its
 * `Host`: a page on another site that resolves to this server (DNS rebinding) sends its own
 * origin and is refused.
 */
export function softphoneOrigins(config: DemoConfig, port: number): readonly string[] {
  if (config.allowedOrigins !== undefined) return config.allowedOrigins;
  const origins = LOOPBACK_OR_ANY.has(config.host)
    ? LOCAL_HOSTS.map((host) => `http://${host}:${port}`)
    : [`http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`];
  if (config.publicUrl !== undefined) origins.push(new URL(config.publicUrl).origin);
  return origins;
}

/**
 * The softphone's endpoint for the server kit's `trustedStreams`: a browser page speaking the
 * Twilio protocol, let in only from `origins()` (read at each upgrade: the port is known once
 * the server listens), and never call-bound, since no real call is behind it.
 */
export function softphoneEndpoint(origins: () => readonly string[]): TrustedStreamEndpoint {
  return {
    path: SOFTPHONE_WEBSOCKET_PATH,
    providers: [SOFTPHONE_PROVIDER],
    label: SOFTPHONE_LABEL,
    authorize: (request) => {
      const origin = originOf(request);
      return isOriginAllowed(origin, origins(), { allowMissingOrigin: false })
        ? { ok: true }
        : { ok: false, reason: originRejectionReason(origin) };
    },
  };
}
