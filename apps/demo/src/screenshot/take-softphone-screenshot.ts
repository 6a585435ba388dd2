/**
 * `pnpm --filter @x/demo screenshot`: regenerates `docs/softphone.png`, the softphone in the
 * middle of a call (the bot saying back what the caller said), in headless Debian Chromium with
 * a fake microphone reading the speech fixture.
 */
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@x/transport-core';
import { loadPrompt } from '../bot/prompts.js';
import {
  launchSoftphoneBrowser,
  startPageCall,
  writeFakeMicrophoneWav,
} from '../browser/softphone-browser.js';
import { loadDemoConfig } from '../config/demo-config.js';
import { startDemoServer } from '../server/demo-server.js';

/** What the fake microphone says (the tests' speech fixture), from `src/` and `dist/` alike. */
const SPEECH_PATH = fileURLToPath(
  new URL('../../src/__fixtures__/testing-one-two-three.wav', import.meta.url),
);
/** Where the screenshot goes. */
export const SCREENSHOT_PATH = fileURLToPath(new URL('../../docs/softphone.png', import.meta.url));
/** Longest wait for the bot to speak the echo, in milliseconds. */
const ECHO_WAIT_MS = 15_000;

async function takeScreenshot(): Promise<void> {
  const { config } = loadDemoConfig({ PORT: '0', HOST: '127.0.0.1', SESSION_TIMEOUT: '60' });
  const server = await startDemoServer({ config, logger: silentLogger });
  const speech = await loadPrompt(SPEECH_PATH);
  const browser = await launchSoftphoneBrowser({
    fakeMicrophoneWav: await writeFakeMicrophoneWav(speech.audio, speech.sampleRate),
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 520, height: 1000 },
      deviceScaleFactor: 2,
      colorScheme: 'dark',
    });
    await page.goto(`${server.url}/?voice-processing=off`);
    await page.click('#details summary');
    await startPageCall(page);
    // Wait for the echo: the bot speaks after the caller's words (not during the greeting).
    await page.waitForFunction(
      () => {
        const stats = (
          window as unknown as { softphone: { stats(): { clears: number } } }
        ).softphone.stats();
        return stats.clears > 0 && document.querySelector('#bot.speaking') !== null;
      },
      undefined,
      { timeout: ECHO_WAIT_MS, polling: 50 },
    );
    await page.waitForTimeout(400);
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
    console.log(`Wrote ${SCREENSHOT_PATH}`);
  } finally {
    await browser.close();
    await server.telephony.close();
  }
}

await takeScreenshot();
