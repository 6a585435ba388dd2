import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWav, pcmToWav } from '@x/transport-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateTelnyxWebhookKeys } from '../signing/telnyx-webhook-signature.js';
import { twilioRequestSignature } from '../signing/twilio-signature.js';
import { firstLoudSample, tone } from '../testing-internal/audio-fixtures.js';
import { telnyxSignatureIsValid } from '../testing-internal/telnyx-signature-check.js';
import {
  sendJson,
  startTestBotServer,
  type TestBotServer,
} from '../testing-internal/test-bot-server.js';
import {
  startTestWebhookServer,
  type TestWebhookServer,
} from '../testing-internal/test-webhook-server.js';
import { runCli } from './run-cli.js';

const PACKAGE_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(PACKAGE_DIRECTORY, 'dist', 'cli.js');
/** Bound on each spawned CLI run. */
const CLI_TIMEOUT_MS = 20_000;

let server: TestBotServer | undefined;
let webhook: TestWebhookServer | undefined;
let directory: string;
let wavFile: string;

function run(
  command: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { timeout: CLI_TIMEOUT_MS, cwd: PACKAGE_DIRECTORY },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A Twilio bot that echoes the caller's frames and hangs up on "#". */
function startEchoBot(): Promise<TestBotServer> {
  return startTestBotServer({
    onMessage: (connection, message) => {
      if (message.event === 'media') {
        sendJson(connection.socket, {
          event: 'media',
          streamSid: message.streamSid,
          media: { payload: (message.media as Record<string, string>).payload },
        });
      }
      if (message.event === 'dtmf' && (message.dtmf as Record<string, string>).digit === '#') {
        connection.socket.close(1000, 'goodbye');
      }
    },
  });
}

beforeAll(async () => {
  const build = await run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  expect(build.stderr + build.stdout).toBe('');
  expect(existsSync(CLI)).toBe(true);
  directory = await mkdtemp(join(tmpdir(), 'phone-sim-cli-'));
  wavFile = join(directory, 'caller.wav');
  // 300 ms of a 500 Hz tone at 16 kHz: the CLI resamples it to the 8 kHz stream
  await writeFile(wavFile, pcmToWav(tone(500, 300, 16000, 10000), 16000, 1));
}, 60_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

afterEach(async () => {
  await server?.close();
  await webhook?.close();
  server = undefined;
  webhook = undefined;
});

/** TwiML / TeXML connecting the call to `streamUrl` with a call token. */
function connectStream(streamUrl: string, callToken: string): string {
  return `<Response><Connect><Stream url="${streamUrl}"><Parameter name="callToken" value="${callToken}"/></Stream></Connect></Response>`;
}

/** Collects what `runCli` writes. */
function captureIo(): { lines: string[]; io: Parameters<typeof runCli>[1] } {
  const lines: string[] = [];
  return {
    lines,
    io: {
      stdout: (text: string) => lines.push(text),
      stderr: (text: string) => lines.push(text),
      env: {},
    },
  };
}

describe('phone-sim call', () => {
  it('plays a WAV, presses DTMF, records the echo, hangs up when quiet and prints the summary as JSON', async () => {
    server = await startEchoBot();
    const recordFile = join(directory, 'heard.wav');
    const result = await run('node', [
      CLI,
      'call',
      server.url,
      '--provider',
      'twilio',
      '--play',
      wavFile,
      '--record',
      recordFile,
      '--dtmf',
      '100:1',
      '--quiet',
      '0.3',
      '--param',
      'FirstName=Jane',
      '--fast',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      provider: 'twilio',
      fast: true,
      hungUpBy: 'caller',
      close: { code: 1000, reason: '' },
      caller: { dtmfSent: '1', audioSentMs: 300 },
      protocolErrorCount: 0,
      recordingFile: recordFile,
    });
    expect(summary.bot.audioReceivedMs).toBeGreaterThanOrEqual(300);
    const wav = parseWav(await readFile(recordFile));
    expect(wav.sampleRate).toBe(8000);
    expect(wav.audio.length).toBe(Math.floor((summary.durationMs * 8000) / 1000));
    // the echoed tone is in the recording: after the caller's first frame of audio (20 ms), about
    // 300 ms of it (a 10,000-amplitude sine is above 1,000 for 94 % of its samples); in fast mode
    // the bot's replies may land with gaps on the virtual timeline, so loud samples are counted
    expect(firstLoudSample(wav.audio) / 8).toBeGreaterThanOrEqual(20);
    const loudMs = wav.audio.filter((sample) => Math.abs(sample) > 1000).length / 8;
    expect(loudMs).toBeGreaterThan(250);
    expect(loudMs).toBeLessThanOrEqual(300);
  });

  it('reports the bot hanging up when the caller presses #', async () => {
    server = await startEchoBot();
    const result = await run('node', [
      CLI,
      'call',
      server.url,
      '--provider',
      'twilio',
      '--dtmf',
      '200:#',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      hungUpBy: 'bot',
      close: { code: 1000, reason: 'goodbye' },
      caller: { dtmfSent: '#' },
    });
  });

  it('prints a readable table and exits 1 when the bot broke the protocol', async () => {
    server = await startTestBotServer({
      onMessage: (connection, message) => {
        if (message.event === 'start') {
          sendJson(connection.socket, {
            event: 'media',
            streamSid: message.streamSid,
            media: { payload: '//8=', track: 'outbound' },
          });
        }
      },
    });
    const result = await run('node', [CLI, 'call', server.url, '--fast', '--duration', '0.5']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/first bot audio\s+—/);
    expect(result.stdout).toMatch(/protocol errors\s+1/);
    expect(result.stdout).toContain('31951 extra-field (rejected)');
  });

  it('exits 2 naming the bad argument, or the refusal', async () => {
    const lines: string[] = [];
    const io = {
      stdout: (text: string) => lines.push(text),
      stderr: (text: string) => lines.push(text),
      env: {},
    };
    expect(await runCli(['call', 'ws://127.0.0.1:1/ws', '--dtmf', 'soon:#'], io)).toBe(2);
    expect(lines.join('\n')).toContain(
      '--dtmf takes <call time in ms>:<digits>, e.g. 5000:#, got "soon:#"',
    );
    expect(
      await runCli(['call', 'ws://127.0.0.1:1/ws', '--provider', 'twilio', '--codec', 'PCMA'], io),
    ).toBe(2);
    expect(lines.join('\n')).toContain('only μ-law');
    expect(await runCli(['load', 'ws://127.0.0.1:1/ws', '--calls', '3'], io)).toBe(2);
    expect(lines.join('\n')).toContain('load needs --duration');
    server = await startTestBotServer({ verifyUpgrade: () => 403 });
    expect(await runCli(['call', server.url, '--auth-token', 'bad'], io)).toBe(2);
    expect(lines.join('\n')).toContain('HTTP 403');
  });
});

describe('phone-sim call --webhook', () => {
  it('posts the signed webhook, then streams to the URL its markup names with its parameter and call id', async () => {
    server = await startEchoBot();
    const botUrl = server.url;
    webhook = await startTestWebhookServer((request) => {
      const signed = twilioRequestSignature('tok', `${webhook!.origin}/twilio`, request.form);
      return request.headers['x-twilio-signature'] === signed
        ? { status: 200, body: connectStream(botUrl, `token-for-${request.form.CallSid}`) }
        : { status: 403, body: 'Forbidden: bad signature' };
    });
    const result = await run('node', [
      CLI,
      'call',
      '--webhook',
      `${webhook.origin}/twilio`,
      '--auth-token',
      'tok',
      '--dtmf',
      '100:#',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const callSid = webhook.requests[0]!.form.CallSid!;
    expect(JSON.parse(result.stdout)).toMatchObject({
      url: botUrl,
      ids: { callId: callSid },
      webhook: {
        url: `${webhook.origin}/twilio`,
        statusCode: 200,
        streamUrl: botUrl,
        parameters: { callToken: `token-for-${callSid}` },
      },
      hungUpBy: 'bot',
    });
    const start = await (await server.nextConnection()).nextEvent('start');
    expect(start.start).toMatchObject({
      callSid,
      customParameters: { callToken: `token-for-${callSid}` },
    });
  });

  it('signs a Telnyx webhook with the Ed25519 key of --telnyx-private-key', async () => {
    const keys = generateTelnyxWebhookKeys();
    const keyFile = join(directory, 'telnyx-webhook.pem');
    await writeFile(keyFile, keys.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    server = await startTestBotServer();
    webhook = await startTestWebhookServer((request) =>
      telnyxSignatureIsValid(
        keys.publicKeyBase64,
        request.headers['telnyx-timestamp'] as string,
        request.rawBody,
        request.headers['telnyx-signature-ed25519'] as string,
      )
        ? { status: 200, body: connectStream('wss://demo.example.test/ws', 'abc') }
        : { status: 403, body: 'Forbidden: bad signature' },
    );
    const { lines, io } = captureIo();
    const code = await runCli(
      [
        'call',
        server.url,
        '--provider',
        'telnyx',
        '--webhook',
        `${webhook.origin}/telnyx`,
        '--telnyx-private-key',
        keyFile,
        '--duration',
        '0.1',
        '--fast',
        '--json',
      ],
      io,
    );
    expect(lines.join('\n')).not.toContain('phone-sim:');
    expect(code).toBe(0);
    const summary = JSON.parse(lines.join('\n'));
    expect(summary.ids.callId).toMatch(/^v3:/);
    expect(summary.webhook).toMatchObject({
      streamUrl: 'wss://demo.example.test/ws',
      parameters: { callToken: 'abc' },
    });
    const start = await (await server.nextConnection()).nextEvent('start');
    expect(start.start).toMatchObject({
      call_control_id: summary.ids.callId,
      custom_parameters: { callToken: 'abc' },
    });
  });

  it('exits 2 naming the refusal when the webhook answers 403, or a webhook option is wrong', async () => {
    server = await startTestBotServer();
    webhook = await startTestWebhookServer(() => ({
      status: 403,
      body: 'Forbidden: bad signature',
    }));
    const { lines, io } = captureIo();
    expect(await runCli(['call', server.url, '--webhook', `${webhook.origin}/twilio`], io)).toBe(2);
    expect(lines.join('\n')).toContain(
      `phone-sim: the webhook ${webhook.origin}/twilio answered HTTP 403: Forbidden: bad signature`,
    );
    expect(await runCli(['call'], io)).toBe(2);
    expect(lines.join('\n')).toContain('missing the bot WebSocket URL (or --webhook <url>)');
    expect(await runCli(['call', server.url, '--webhook-timeout', '1'], io)).toBe(2);
    expect(lines.join('\n')).toContain('--webhook-timeout needs --webhook <url>');
    const keyFile = join(directory, 'x25519.pem');
    const { privateKey } = generateKeyPairSync('x25519');
    await writeFile(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const webhookArguments = [
      '--webhook',
      `${webhook.origin}/telnyx`,
      '--telnyx-private-key',
      keyFile,
    ];
    expect(await runCli(['call', server.url, ...webhookArguments], io)).toBe(2);
    expect(lines.join('\n')).toContain('use it with --provider telnyx');
    expect(
      await runCli(['call', server.url, '--provider', 'telnyx', ...webhookArguments], io),
    ).toBe(2);
    expect(lines.join('\n')).toContain('holds a x25519 key; Telnyx signs with Ed25519');
    expect(webhook.requests).toHaveLength(1);
  });

  it('documents the webhook options in the help', async () => {
    const { lines, io } = captureIo();
    expect(await runCli(['help'], io)).toBe(0);
    for (const option of [
      '--webhook <url>',
      '--webhook-signature-url <url>',
      '--webhook-timeout <s>',
      '--telnyx-private-key <file.pem>',
    ]) {
      expect(lines.join('\n')).toContain(option);
    }
  });
});

describe('phone-sim load', () => {
  it('runs concurrent calls and reports percentiles as JSON', async () => {
    server = await startEchoBot();
    const result = await run('node', [
      CLI,
      'load',
      server.url,
      '--provider',
      'twilio',
      '--calls',
      '3',
      '--duration',
      '0.5',
      '--ramp',
      '0.1',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.calls).toMatchObject({ requested: 3, connected: 3, completed: 3, failed: 0 });
    expect(report.firstAudioMs).toMatchObject({ count: 3 });
    for (const key of ['p50', 'p90', 'p99', 'max']) {
      expect(typeof report.outboundJitterMs[key]).toBe('number');
      expect(typeof report.sendLatenessMs[key]).toBe('number');
    }
  });
});
