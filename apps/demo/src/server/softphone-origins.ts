import type { DemoConfig } from '../config/demo-config.js';

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
