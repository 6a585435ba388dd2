import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadDemoConfig } from '../config/demo-config.js';
import { demoProviders } from '../providers/demo-providers.js';
import { browserUrl, startupBanner } from './startup-banner.js';
import { ANSI_STYLE, PLAIN_STYLE, styleFor } from './terminal-style.js';

function bannerFor(environment: Record<string, string>, port = 8765): string {
  const { config, warnings } = loadDemoConfig(environment);
  return startupBanner({ config, port, providers: demoProviders(config), warnings });
}

describe('startupBanner', () => {
  it('says which URL to open and how to simulate a call', () => {
    const banner = bannerFor({});
    expect(banner).toContain('http://localhost:8765/');
    expect(banner).toContain('pnpm --filter @x/demo simulate twilio');
    expect(banner).toContain('http://localhost:8765/metrics');
  });

  it('explains how to get a public URL when PUBLIC_URL is not set', () => {
    const banner = bannerFor({});
    expect(banner).toContain('ngrok http 8765');
    expect(banner).toContain('PUBLIC_URL=https://<your-tunnel-host> pnpm demo');
    expect(banner).toContain('https://<your-tunnel-host>/twilio');
  });

  it('lists the webhook URL of each provider and the media stream URL from PUBLIC_URL', () => {
    const banner = bannerFor({ PUBLIC_URL: 'https://abc123.ngrok.app' });
    expect(banner).toContain('https://abc123.ngrok.app/twilio');
    expect(banner).toContain('https://abc123.ngrok.app/telnyx');
    expect(banner).toContain('https://abc123.ngrok.app/plivo');
    expect(banner).toContain('wss://abc123.ngrok.app/ws');
    expect(banner).not.toContain('<your-tunnel-host>');
  });

  it('says which providers hang up and check signatures', () => {
    const banner = bannerFor({
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'secret',
      TELNYX_STREAM_AUTH_TOKEN: 'token',
    });
    expect(banner).toContain('hang-up on, X-Twilio-Signature checked, streams call-bound');
    expect(banner).toContain(
      'hang-up off (set TELNYX_API_KEY), webhook signatures not checked (set TELNYX_PUBLIC_KEY), stream auth token required',
    );
    expect(banner).toContain(
      'hang-up off (set PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN), signatures not checked (set PLIVO_AUTH_TOKEN)',
    );
  });

  it('says why Telnyx hang-up stays off with an API key but no public key', () => {
    const banner = bannerFor({ TELNYX_API_KEY: 'KEY123' });
    expect(banner).toContain(
      'hang-up off (set TELNYX_PUBLIC_KEY: only verified webhooks make streams call-bound)',
    );
  });

  it('lists the limits in force and the variables that change them', () => {
    const banner = bannerFor({ MAX_CALLS: '42', DRAIN_TIMEOUT: '7' });
    expect(banner).toContain('Limits: 42 calls (MAX_CALLS)');
    expect(banner).toContain('calls may finish for 7 s (DRAIN_TIMEOUT)');
  });

  it('says how many processes serve, and that limits are per worker when there are several', () => {
    expect(bannerFor({})).toContain('1 process (WORKERS)');
    const banner = bannerFor({ WORKERS: '4', MAX_CALLS: '42' });
    expect(banner).toContain('4 worker processes on one port (WORKERS)');
    expect(banner).toContain('Limits per worker: 42 calls (MAX_CALLS)');
  });

  it('says whether calls are recorded and whether hold music plays', () => {
    expect(bannerFor({})).toContain(
      'calls not recorded (RECORD_DIR) · no hold music (HOLD_MUSIC) · no noise filter (NOISE_FILTER)',
    );
    const banner = bannerFor({ RECORD_DIR: tmpdir(), HOLD_MUSIC: 'on', NOISE_FILTER: 'on' });
    expect(banner).toContain('caller noise suppressed by RNNoise (NOISE_FILTER)');
    expect(banner).toContain(`calls recorded to ${tmpdir()} (RECORD_DIR)`);
    expect(banner).toContain('hold music while the bot thinks (HOLD_MUSIC)');
  });

  it('shows the configuration advice', () => {
    expect(bannerFor({ TWILIO_AUTH_TOKN: 'typo' })).toContain('did you mean TWILIO_AUTH_TOKEN?');
  });

  it('opens localhost for loopback and all-interface hosts (browsers only allow the microphone there)', () => {
    expect(browserUrl('0.0.0.0', 9000)).toBe('http://localhost:9000/');
    expect(browserUrl('127.0.0.1', 9000)).toBe('http://localhost:9000/');
    expect(browserUrl('192.168.1.20', 9000)).toBe('http://192.168.1.20:9000/');
    expect(browserUrl('fd00::1', 9000)).toBe('http://[fd00::1]:9000/');
  });
});

describe('styleFor', () => {
  it('colours a terminal unless NO_COLOR is set, and never a pipe', () => {
    expect(styleFor({ isTTY: true }, {})).toBe(ANSI_STYLE);
    expect(styleFor({ isTTY: true }, { NO_COLOR: '1' })).toBe(PLAIN_STYLE);
    expect(styleFor({ isTTY: false }, {})).toBe(PLAIN_STYLE);
  });
});
