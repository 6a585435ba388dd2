import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWav, pcmToWav } from '@x/transport-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstLoudSample, tone } from '../testing-internal/audio-fixtures.js';
import {
  sendJson,
  startTestBotServer,
  type TestBotServer,
} from '../testing-internal/test-bot-server.js';
import { runCli } from './run-cli.js';

const PACKAGE_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(PACKAGE_DIRECTORY, 'dist', 'cli.js');
/** Bound on each spawned CLI run. */
const CLI_TIMEOUT_MS = 20_000;

let server: TestBotServer | undefined;
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
  server = undefined;
});

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
