import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pcmToWav } from '@x/transport-core';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y --no-install-recommends chromium`); `CHROMIUM_PATH` overrides it. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Silence before the caller's words in the fake microphone, in milliseconds. */
const LEAD_SILENCE_MS = 500;
/** Silence after them, long enough for the echo to play back, in milliseconds. */
const TRAIL_SILENCE_MS = 6000;

/** Options of `launchSoftphoneBrowser`. */
export interface SoftphoneBrowserOptions {
  /** WAV file the fake microphone plays once (then silence). */
  fakeMicrophoneWav: string;
  /** Chromium executable; default `CHROMIUM_PATH` or `/usr/bin/chromium`. */
  executablePath?: string;
}

/** The Chromium executable to use, or an error saying how to install it. */
export function chromiumPath(environment = process.env): string {
  const path = environment.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}: install Debian's package (apt-get update && apt-get install -y --no-install-recommends chromium) or set CHROMIUM_PATH`,
    );
  }
  return path;
}

/**
 * Starts headless Chromium with a fake microphone that says the given WAV once, and a fake
 * camera/microphone permission prompt that always allows. Never downloads a browser.
 */
export function launchSoftphoneBrowser(options: SoftphoneBrowserOptions): Promise<Browser> {
  return chromium.launch({
    executablePath: options.executablePath ?? chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${options.fakeMicrophoneWav}%noloop`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/**
 * Writes a fake-microphone WAV: `LEAD_SILENCE_MS` of silence, the words, then
 * `TRAIL_SILENCE_MS` of silence so the bot can say them back before the caller speaks again.
 * Returns its path (in a new temporary folder).
 */
export async function writeFakeMicrophoneWav(
  words: Int16Array,
  sampleRate: number,
): Promise<string> {
  const lead = Math.round((LEAD_SILENCE_MS * sampleRate) / 1000);
  const trail = Math.round((TRAIL_SILENCE_MS * sampleRate) / 1000);
  const audio = new Int16Array(lead + words.length + trail);
  audio.set(words, lead);
  const directory = await mkdtemp(join(tmpdir(), 'demo-softphone-'));
  const path = join(directory, 'caller.wav');
  await writeFile(path, pcmToWav(audio, sampleRate));
  return path;
}

/** Counters the page exposes (`window.softphone.stats()`). */
export interface PageCallStats {
  mediaSent: number;
  receivedSamples: number;
  consumedSamples: number;
  bufferedSamples: number;
  marksReceived: number;
  marksAnswered: number;
  clears: number;
  digitsSent: string;
  protocolErrors: string[];
  underruns: number;
}

interface SoftphoneWindow {
  softphone: {
    call(): Promise<void>;
    hangUp(): void;
    press(key: string): void;
    state(): string;
    stats(): PageCallStats | undefined;
    receivedAudioBase64(): string;
  };
}

/** Clicks Call and waits until the call is up. */
export async function startPageCall(page: Page): Promise<void> {
  await page.click('#call');
  await page.waitForFunction(
    () => (window as unknown as SoftphoneWindow).softphone.state() !== 'connecting',
    undefined,
    { timeout: 10_000 },
  );
  const state = await page.evaluate(() => (window as unknown as SoftphoneWindow).softphone.state());
  if (state !== 'in-call') {
    const message = await page.textContent('#message');
    throw new Error(`the softphone did not connect (state ${state}): ${message?.trim()}`);
  }
}

/** The page's call counters. */
export function pageCallStats(page: Page): Promise<PageCallStats | undefined> {
  return page.evaluate(() => (window as unknown as SoftphoneWindow).softphone.stats());
}

/** The call state the page shows (`idle`, `connecting`, `in-call`, `ended`). */
export function pageCallState(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as SoftphoneWindow).softphone.state());
}

/** Bot audio the page received so far: 8 kHz PCM16. */
export async function pageReceivedAudio(page: Page): Promise<Int16Array> {
  const base64 = await page.evaluate(() =>
    (window as unknown as SoftphoneWindow).softphone.receivedAudioBase64(),
  );
  const bytes = Buffer.from(base64, 'base64');
  const aligned = new Uint8Array(bytes.byteLength);
  aligned.set(bytes);
  return new Int16Array(aligned.buffer, 0, aligned.byteLength >> 1);
}
