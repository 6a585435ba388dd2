import { DEFAULT_TELEPHONY_SERVER_PATHS } from '@x/telephony-server';
import type { DemoConfig } from '../config/demo-config.js';
import { describeVADSetting } from '../config/vad-setting.js';
import type { DemoProvider } from '../providers/demo-providers.js';
import { PLAIN_STYLE, type TerminalStyle } from './terminal-style.js';

/** What the banner describes. */
export interface StartupBannerInput {
  /** The configuration in force. */
  config: DemoConfig;
  /** The port actually listened on (differs from `config.port` when that is 0). */
  port: number;
  /** The providers as configured. */
  providers: readonly DemoProvider[];
  /** Advice from `loadDemoConfig`. */
  warnings: readonly string[];
  /** Styling; default plain text. */
  style?: TerminalStyle;
}

/** Where to click in each provider's console, and what to paste. */
const CONSOLE_STEPS: Readonly<Record<DemoProvider['name'], string>> = {
  twilio: 'Phone Numbers → your number → Voice → "A call comes in": Webhook, HTTP POST',
  telnyx: 'Voice → TeXML Applications → your app → Voice Method POST, Webhook URL',
  plivo: 'Voice → Applications → your app → Answer URL, Method POST',
};

const LOOPBACK_OR_ANY_HOSTS = new Set(['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost']);
/** Where the providers' media streams connect (the server kit's default). */
const PROVIDER_WEBSOCKET_PATH = DEFAULT_TELEPHONY_SERVER_PATHS.stream;

/** The address a browser on this machine should open (`localhost` is a secure context). */
export function browserUrl(host: string, port: number): string {
  if (LOOPBACK_OR_ANY_HOSTS.has(host)) return `http://localhost:${port}/`;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return `http://${hostPart}:${port}/`;
}

/** The WebSocket URL a simulated call on this machine should dial. */
export function localProviderSocketUrl(host: string, port: number): string {
  if (LOOPBACK_OR_ANY_HOSTS.has(host)) return `ws://127.0.0.1:${port}${PROVIDER_WEBSOCKET_PATH}`;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return `ws://${hostPart}:${port}${PROVIDER_WEBSOCKET_PATH}`;
}

/** The `wss://` URL providers connect their media streams to, from `PUBLIC_URL`. */
export function publicStreamUrl(publicUrl: string): string {
  return `${publicUrl.replace(/^http/, 'ws')}${PROVIDER_WEBSOCKET_PATH}`;
}

/**
 * The text printed when the demo starts: the URL to open, how to simulate a call, what to paste
 * in each provider's console (from `PUBLIC_URL`, or how to get one with a tunnel), which
 * providers have hang-up and authentication on, and any configuration advice.
 */
export function startupBanner(input: StartupBannerInput): string {
  const { config, port, providers, warnings } = input;
  const style = input.style ?? PLAIN_STYLE;
  const lines: string[] = [];
  const label = (text: string) => style.dim(text.padEnd(26));

  lines.push('', `  ${style.bold(style.success('Echo bot demo is running'))}`, '');
  lines.push(
    `  ${label('Talk to it in a browser')}${style.bold(style.accent(browserUrl(config.host, port)))}`,
  );
  lines.push(
    `  ${label('Simulate a phone call')}${style.accent('pnpm --filter @x/demo simulate twilio')}  ${style.dim('(or telnyx, plivo)')}`,
  );
  const base = browserUrl(config.host, port).replace(/\/$/, '');
  lines.push(`  ${label('Health and metrics')}${base}/healthz  ${base}/metrics`);
  lines.push('');

  lines.push(`  ${style.bold('Connect a phone number')}`);
  const publicUrl = config.publicUrl;
  if (publicUrl === undefined) {
    lines.push(
      `  Providers need a public https:// address. Start a tunnel, e.g. ${style.accent(`ngrok http ${port}`)} or ${style.accent(`cloudflared tunnel --url http://localhost:${port}`)},`,
      `  then restart with ${style.accent('PUBLIC_URL=https://<your-tunnel-host> pnpm demo')} and paste in the provider's console:`,
    );
  } else {
    lines.push("  Paste in the provider's console:");
  }
  const webhookBase = publicUrl ?? 'https://<your-tunnel-host>';
  for (const provider of providers) {
    lines.push(
      `    ${style.bold(provider.title.padEnd(7))} ${style.accent(`${webhookBase}/${provider.name}`)}`,
      `            ${style.dim(CONSOLE_STEPS[provider.name])}`,
      `            ${provider.security.summary}`,
    );
  }
  if (publicUrl !== undefined) {
    lines.push(`  Media streams then connect to ${style.accent(publicStreamUrl(publicUrl))}`);
  }
  lines.push('');

  const timeout =
    config.sessionTimeoutSecs === undefined
      ? 'no call time limit (SESSION_TIMEOUT=0)'
      : `calls end after ${config.sessionTimeoutSecs} s (SESSION_TIMEOUT)`;
  const processes =
    config.workers === 1
      ? '1 process (WORKERS)'
      : `${config.workers} worker processes on one port (WORKERS)`;
  lines.push(
    `  ${style.dim(`Press # to hang up, * to hear your digits back as DTMF · ${timeout} · VAD ${describeVADSetting(config.vad)} · LOG_LEVEL ${config.logLevel} · ${processes}`)}`,
  );
  const recording =
    config.recordDir === undefined
      ? 'calls not recorded (RECORD_DIR)'
      : `calls recorded to ${config.recordDir} (RECORD_DIR)`;
  const holdMusic = config.holdMusic
    ? 'hold music while the bot thinks (HOLD_MUSIC)'
    : 'no hold music (HOLD_MUSIC)';
  const noiseFilter = config.noiseFilter
    ? 'caller noise suppressed by RNNoise (NOISE_FILTER)'
    : 'no noise filter (NOISE_FILTER)';
  lines.push(`  ${style.dim(`${recording} · ${holdMusic} · ${noiseFilter}`)}`);
  const limits = config.limits;
  lines.push(
    `  ${style.dim(`${config.workers === 1 ? 'Limits' : 'Limits per worker'}: ${limits.maxCalls} calls (MAX_CALLS) · ${limits.maxPendingStreams} streams being set up, ${limits.maxPendingStreamsPerAddress} per address · first audio within ${limits.firstAudioTimeoutMs / 1000} s · ${limits.maxMediaMessagesPerSecond} messages/s per call · on SIGTERM calls may finish for ${limits.drainTimeoutMs / 1000} s (DRAIN_TIMEOUT)`)}`,
  );
  for (const warning of warnings) lines.push(`  ${style.warning(`! ${warning}`)}`);
  lines.push(`  ${style.dim('Press Ctrl+C to stop.')}`, '');
  return lines.join('\n');
}
