import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_SESSION_TIMEOUT_SECS,
  DemoConfigError,
  loadDemoConfig,
} from './demo-config.js';
import { parseVADSetting } from './vad-setting.js';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TELNYX_PUBLIC_KEY = Buffer.alloc(32, 7).toString('base64');
/** A real folder for `RECORD_DIR`, removed after the tests. */
const RECORD_DIR = mkdtempSync(join(tmpdir(), 'demo-config-recordings-'));

afterAll(() => {
  rmSync(RECORD_DIR, { recursive: true, force: true });
});

function problemsOf(environment: Record<string, string>): readonly string[] {
  try {
    loadDemoConfig(environment);
  } catch (error) {
    if (error instanceof DemoConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a DemoConfigError');
}

describe('loadDemoConfig', () => {
  it('starts on localhost:8765 with a 10 minute session limit and the Silero VAD when nothing is set', () => {
    const { config, warnings } = loadDemoConfig({});
    expect(config).toMatchObject({
      port: DEFAULT_PORT,
      host: DEFAULT_HOST,
      workers: 1,
      publicUrl: undefined,
      sessionTimeoutSecs: DEFAULT_SESSION_TIMEOUT_SECS,
      vad: { engine: 'silero', params: {} },
      logLevel: 'info',
      recordDir: undefined,
      holdMusic: false,
      noiseFilter: false,
      twilio: { accountSid: undefined, authToken: undefined, apiBaseUrl: undefined },
    });
    expect(warnings).toEqual([]);
  });

  it('reads every documented variable', () => {
    const { config } = loadDemoConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      WORKERS: '3',
      PUBLIC_URL: 'https://abc.ngrok.app/',
      SESSION_TIMEOUT: '42.5',
      VAD: 'energy:stopSecs=0.9',
      LOG_LEVEL: 'DEBUG',
      RECORD_DIR,
      HOLD_MUSIC: 'on',
      NOISE_FILTER: 'on',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: 'twilio-token',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9000/',
      TELNYX_API_KEY: 'KEY123',
      TELNYX_PUBLIC_KEY: TELNYX_PUBLIC_KEY,
      TELNYX_STREAM_AUTH_TOKEN: 'stream-token',
      TELNYX_API_BASE_URL: 'http://127.0.0.1:9001',
      PLIVO_AUTH_ID: 'MAXXXXXXXXXXXXXXXXXX',
      PLIVO_AUTH_TOKEN: 'plivo-token',
      PLIVO_API_BASE_URL: 'http://127.0.0.1:9002',
      TRUST_PROXY: 'yes',
      ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:3000/',
      STREAM_TOKEN_SECRET: 's'.repeat(40),
      MAX_CALLS: '300',
      MAX_PENDING_STREAMS: '32',
      MAX_PENDING_STREAMS_PER_ADDRESS: '4',
      FIRST_AUDIO_TIMEOUT: '2.5',
      MAX_MEDIA_MESSAGES_PER_SECOND: '120',
      WEBHOOK_BODY_TIMEOUT: '3',
      DRAIN_TIMEOUT: '45',
    });
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      workers: 3,
      trustProxy: true,
      allowedOrigins: ['https://app.example.com', 'http://localhost:3000'],
      streamTokenSecret: 's'.repeat(40),
      limits: {
        maxCalls: 300,
        maxPendingStreams: 32,
        maxPendingStreamsPerAddress: 4,
        firstAudioTimeoutMs: 2500,
        maxMediaMessagesPerSecond: 120,
        webhookBodyTimeoutMs: 3000,
        drainTimeoutMs: 45_000,
      },
      publicUrl: 'https://abc.ngrok.app',
      sessionTimeoutSecs: 42.5,
      vad: { engine: 'energy', params: { stopSecs: 0.9 } },
      logLevel: 'debug',
      recordDir: RECORD_DIR,
      holdMusic: true,
      noiseFilter: true,
      twilio: {
        accountSid: ACCOUNT_SID,
        authToken: 'twilio-token',
        apiBaseUrl: 'http://127.0.0.1:9000',
      },
      telnyx: {
        apiKey: 'KEY123',
        publicKey: TELNYX_PUBLIC_KEY,
        streamAuthToken: 'stream-token',
        apiBaseUrl: 'http://127.0.0.1:9001',
      },
      plivo: {
        authId: 'MAXXXXXXXXXXXXXXXXXX',
        authToken: 'plivo-token',
        apiBaseUrl: 'http://127.0.0.1:9002',
      },
    });
  });

  it('refuses a RECORD_DIR that is missing or a file, naming RECORD_DIR', () => {
    const file = join(RECORD_DIR, 'not-a-folder');
    writeFileSync(file, '');
    const missing = join(RECORD_DIR, 'missing');
    expect(problemsOf({ RECORD_DIR: missing, HOLD_MUSIC: 'loud' })).toEqual([
      `RECORD_DIR must be an existing folder (got ${JSON.stringify(missing)}, which does not exist); create it first, e.g. mkdir -p ${missing}`,
      'HOLD_MUSIC must be true or false (got "loud")',
    ]);
    expect(problemsOf({ RECORD_DIR: file })).toEqual([
      `RECORD_DIR must be a folder (got ${JSON.stringify(file)}, which is a file)`,
    ]);
  });

  it('refuses limits, origins and secrets that cannot work, naming each', () => {
    const problems = problemsOf({
      MAX_CALLS: '0',
      DRAIN_TIMEOUT: 'soon',
      FIRST_AUDIO_TIMEOUT: '-2',
      MAX_PENDING_STREAMS: '4',
      MAX_PENDING_STREAMS_PER_ADDRESS: '8',
      TRUST_PROXY: 'maybe',
      ALLOWED_ORIGINS: 'https://app.example.com/softphone',
      STREAM_TOKEN_SECRET: 'short',
    });
    expect(problems).toEqual([
      'TRUST_PROXY must be true or false (got "maybe")',
      'ALLOWED_ORIGINS entries must be origins such as https://app.example.com, without a path (got "https://app.example.com/softphone")',
      'STREAM_TOKEN_SECRET must be at least 32 characters (got 5); e.g. openssl rand -hex 32',
      'MAX_CALLS must be a whole number ≥ 1 (got "0")',
      'FIRST_AUDIO_TIMEOUT must be a number of seconds > 0 (got "-2")',
      'DRAIN_TIMEOUT must be a number of seconds > 0 (got "soon")',
      'MAX_PENDING_STREAMS_PER_ADDRESS (8) cannot exceed MAX_PENDING_STREAMS (4)',
    ]);
  });

  it('runs one worker per CPU with WORKERS=auto', () => {
    const { config } = loadDemoConfig({ WORKERS: 'auto' }, { availableParallelism: () => 6 });
    expect(config.workers).toBe(6);
  });

  it('refuses a WORKERS value that is not a count of processes or auto, naming WORKERS', () => {
    for (const value of ['0', '-2', '1.5', 'many', '100000']) {
      expect(problemsOf({ WORKERS: value })).toEqual([
        `WORKERS must be a whole number from 1 to 256, or auto for one per CPU (got "${value}")`,
      ]);
    }
  });

  it('never quotes a secret in a problem or a warning', () => {
    const secret = 'tiny-secret';
    const problems = problemsOf({ STREAM_TOKEN_SECRET: secret, PORT: 'x' });
    expect(problems.join('\n')).not.toContain(secret);
  });

  it('treats empty values as unset and SESSION_TIMEOUT=0 as no limit', () => {
    const { config } = loadDemoConfig({ PORT: '', TWILIO_AUTH_TOKEN: '  ', SESSION_TIMEOUT: '0' });
    expect(config.port).toBe(DEFAULT_PORT);
    expect(config.twilio.authToken).toBeUndefined();
    expect(config.sessionTimeoutSecs).toBeUndefined();
  });

  it('lists every invalid setting at once, each naming the variable and the value', () => {
    const problems = problemsOf({
      PORT: '80a',
      PUBLIC_URL: 'abc.ngrok.app',
      SESSION_TIMEOUT: '-1',
      VAD: 'webrtc',
      LOG_LEVEL: 'loud',
      TWILIO_ACCOUNT_SID: 'SK123',
      TWILIO_API_BASE_URL: 'ftp://x',
      TELNYX_PUBLIC_KEY: 'c2hvcnQ=',
    });
    expect(problems).toHaveLength(8);
    expect(problems[0]).toContain('PORT must be a whole number from 0 to 65535 (got "80a")');
    expect(problems[1]).toContain('PUBLIC_URL must be an absolute URL');
    expect(problems[1]).toContain('"abc.ngrok.app"');
    expect(problems[2]).toContain('SESSION_TIMEOUT');
    expect(problems[3]).toContain('VAD engine "webrtc" is not available');
    expect(problems[4]).toContain(
      'LOG_LEVEL must be one of debug, info, warn, error, silent (got "loud")',
    );
    expect(problems.join('\n')).toContain(
      'TWILIO_ACCOUNT_SID must be "AC" followed by 32 hex digits (got "SK123")',
    );
    expect(problems.join('\n')).toContain(
      'TWILIO_API_BASE_URL must be an http:// or https:// URL (got "ftp://x")',
    );
    expect(problems.join('\n')).toContain(
      'TELNYX_PUBLIC_KEY must be the base64 Ed25519 public key',
    );
  });

  it('refuses a PUBLIC_URL with a query string, which providers drop', () => {
    expect(problemsOf({ PUBLIC_URL: 'https://x.example/?token=1' })[0]).toContain(
      'must not have a query',
    );
  });

  it('warns about settings that do less than meant', () => {
    const { warnings } = loadDemoConfig({
      PUBLIC_URL: 'http://abc.ngrok.app',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      PLIVO_AUTH_TOKEN: 'token',
      TWILIO_AUTH_TOKN: 'typo',
      TWILIO_PHONE_NUMBER: '+15550100',
    });
    expect(warnings.join('\n')).toContain('use the https:// URL of your tunnel');
    expect(warnings.join('\n')).toContain('TWILIO_ACCOUNT_SID is set without TWILIO_AUTH_TOKEN');
    expect(warnings.join('\n')).toContain(
      'TWILIO_AUTH_TOKN is not a setting the demo reads: did you mean TWILIO_AUTH_TOKEN?',
    );
    expect(warnings.join('\n')).not.toContain('TWILIO_PHONE_NUMBER');
  });

  it('warns that signatures need PUBLIC_URL when a signing secret is set without it', () => {
    const { warnings } = loadDemoConfig({ TWILIO_AUTH_TOKEN: 'token' });
    expect(warnings.join('\n')).toContain('Set PUBLIC_URL to your tunnel URL');
  });
});

describe('parseVADSetting', () => {
  it('reads an engine alone or with thresholds', () => {
    expect(parseVADSetting('energy')).toEqual({ engine: 'energy', params: {} });
    expect(parseVADSetting(' Energy : confidence=0.5, minVolume=0.4 ,startSecs=0.1')).toEqual({
      engine: 'energy',
      params: { confidence: 0.5, minVolume: 0.4, startSecs: 0.1 },
    });
  });

  it('names the bad part of a setting', () => {
    expect(() => parseVADSetting('energy:stop=1')).toThrow('VAD parameter "stop" is unknown');
    expect(() => parseVADSetting('energy:stopSecs')).toThrow('must look like name=value');
    expect(() => parseVADSetting('energy:stopSecs=soon')).toThrow(
      'VAD stopSecs must be a number, got "soon"',
    );
    expect(() => parseVADSetting('energy:confidence=2')).toThrow(
      'VAD confidence must be from 0 to 1, got 2',
    );
  });
});
