/**
 * `pnpm --filter @x/demo simulate [twilio|telnyx|plivo] [--url ws://…/ws]`: calls the echo bot
 * the way a provider would, with no phone number: the caller says "testing one two three",
 * listens to the echo, presses # and hears the goodbye; then the call summary is printed and
 * what the caller heard is saved as a WAV in the temporary folder. Calls the demo running on `PORT` (default 8765), or
 * starts one for the call when none is running.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCallSummary, parseProviderName, startCall } from '@x/phone-simulator';
import { DEFAULT_TELEPHONY_SERVER_PATHS } from '@x/telephony-server';
import { silentLogger } from '@x/transport-core';
import { DEFAULT_PORT, loadDemoConfig } from '../config/demo-config.js';
import { type DemoServer, startDemoServer } from '../server/demo-server.js';

/** What the caller says, from `src/` and `dist/` alike. */
const SPEECH_PATH = fileURLToPath(
  new URL('../../src/__fixtures__/testing-one-two-three.wav', import.meta.url),
);
/** Where the providers' media streams connect. */
const PROVIDER_WEBSOCKET_PATH = DEFAULT_TELEPHONY_SERVER_PATHS.stream;
/** Longest wait for each thing the bot does, in milliseconds. */
const BOT_WAIT_MS = 15_000;

const USAGE =
  'usage: pnpm --filter @x/demo simulate [twilio|telnyx|plivo] [--url ws://host:port/ws]';

function parseArguments(argv: readonly string[]): { provider: string; url: string | undefined } {
  let provider = 'twilio';
  let url: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--url') url = argv[++index];
    else if (argument === '--help' || argument === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (!argument.startsWith('-')) provider = argument;
    else throw new Error(`unknown option ${argument}\n${USAGE}`);
  }
  return { provider, url };
}

async function isListening(url: string): Promise<boolean> {
  const httpUrl = new URL(url.replace(/^ws/, 'http'));
  httpUrl.pathname = '/healthz';
  try {
    const response = await fetch(httpUrl, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function simulate(): Promise<void> {
  const { provider: providerText, url: givenUrl } = parseArguments(process.argv.slice(2));
  const provider = parseProviderName(providerText);
  const port = process.env.PORT ?? String(DEFAULT_PORT);
  let url = givenUrl ?? `ws://127.0.0.1:${port}${PROVIDER_WEBSOCKET_PATH}`;
  let ownServer: DemoServer | undefined;
  if (givenUrl === undefined && !(await isListening(url))) {
    console.log(`No demo is running on port ${port}: starting one for this call.`);
    const { config } = loadDemoConfig({ PORT: '0', HOST: '127.0.0.1' });
    ownServer = await startDemoServer({ config, logger: silentLogger });
    url = `${ownServer.url.replace(/^http/, 'ws')}${PROVIDER_WEBSOCKET_PATH}`;
  }
  try {
    console.log(`Calling ${url} as ${provider}: saying "testing one two three", then pressing #…`);
    const call = await startCall({ url, provider });
    await call.sendAudio({ wavFile: SPEECH_PATH });
    const callerDone = call.now();
    const echo = await call.waitFor('bot-audio-start', {
      sinceMs: call.now(),
      timeoutMs: BOT_WAIT_MS,
    });
    await call.waitFor('bot-audio-end', { sinceMs: echo.atMs, timeoutMs: BOT_WAIT_MS });
    await call.sendDtmf('#');
    const summary = await Promise.race([
      call.ended,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the bot did not hang up after #')), BOT_WAIT_MS),
      ),
    ]);
    const recordingPath = join(tmpdir(), `simulated-${provider}-call.wav`);
    await writeFile(recordingPath, call.recordingWav());
    console.log(formatCallSummary(summary));
    console.log(
      `\nThe echo started ${Math.round(echo.atMs - callerDone)} ms after the caller's audio ended.`,
    );
    console.log(`What the caller heard: ${recordingPath}`);
  } finally {
    await ownServer?.telephony.close();
  }
}

try {
  await simulate();
} catch (error) {
  console.error(`The simulated call failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
