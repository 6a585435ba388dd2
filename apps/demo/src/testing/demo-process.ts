import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type SimulatedCall, startCall } from '@x/phone-simulator';
import { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN } from './provider-test-setup.js';

/** The built entry point, as `pnpm demo` runs it (the global setup builds it). */
export const DEMO_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** A `node dist/main.js` child process. */
export interface DemoProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Starts the demo as `pnpm demo` does, with only `environment` (and PATH, HOST=127.0.0.1). */
export function runDemo(environment: Record<string, string>): DemoProcess {
  const child = spawn(process.execPath, [DEMO_MAIN], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  return { child, output: () => output, exited };
}

/** Kills every demo process still running (call it in `afterEach`). */
export function killDemos(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Resolves once the demo printed `text`; throws with its output after `timeoutMs`. */
export async function waitForOutput(
  demo: DemoProcess,
  text: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!demo.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in the output:\n${demo.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the demo on a free port and resolves with its base URL once it is serving. */
export async function startDemoProcess(
  environment: Record<string, string>,
): Promise<{ demo: DemoProcess; url: string; port: number }> {
  const demo = runDemo({ PORT: '0', ...environment });
  await waitForOutput(demo, 'Press Ctrl+C to stop.');
  const found = /Talk to it in a browser\s+\S*http:\/\/localhost:(\d+)\//.exec(demo.output());
  if (!found) throw new Error(`no URL in the output:\n${demo.output()}`);
  const port = Number(found[1]);
  return { demo, url: `http://127.0.0.1:${port}`, port };
}

/**
 * A Twilio call to the demo process on `port`, placed as Twilio places it (the signed webhook at
 * `url`, then the stream), once it hears the bot.
 */
export async function placeTwilioCall(port: number, url: string): Promise<SimulatedCall> {
  const call = await startCall({
    url: `ws://127.0.0.1:${port}/ws`,
    provider: 'twilio',
    authToken: TWILIO_AUTH_TOKEN,
    ids: { accountId: TWILIO_ACCOUNT_SID },
    webhook: { url: `${url}/twilio`, signatureUrl: `https://127.0.0.1:${port}/twilio` },
  });
  await call.waitFor('first-bot-audio', { timeoutMs: 8000 });
  return call;
}
