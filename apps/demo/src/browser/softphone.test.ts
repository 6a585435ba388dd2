import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../server/demo-server.js';
import { readMonoWav, SPEECH_FIXTURE_PATH } from '../testing/audio-fixtures.js';
import { findInRecording, trimSilence } from '../testing/audio-similarity.js';
import { startTestServer } from '../testing/test-server.js';
import {
  launchSoftphoneBrowser,
  pageCallState,
  pageCallStats,
  pageReceivedAudio,
  startPageCall,
  writeFakeMicrophoneWav,
} from './softphone-browser.js';

const speech = readMonoWav(SPEECH_FIXTURE_PATH);
const spoken = trimSilence(speech.audio, speech.sampleRate);
/** Longest wait for the echo to have played, in ms: greeting cut, words, VAD stop, playback. */
const ECHO_WAIT_MS = 15_000;

describe('web softphone in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer({ SESSION_TIMEOUT: '60' });
    const microphone = await writeFakeMicrophoneWav(speech.audio, speech.sampleRate);
    browser = await launchSoftphoneBrowser({ fakeMicrophoneWav: microphone });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.telephony.close();
  });

  it('says into the microphone, hears the echo of those words, and hangs up with #', async () => {
    // The fake microphone is clean: send it as it is, without the browser's noise suppression.
    await page.goto(`${server.url}/?voice-processing=off`);
    await expect(page.textContent('#status')).resolves.toBe('Ready');
    await startPageCall(page);

    // The echo's playback mark comes back once the page has played the echo (the greeting's
    // never went: the words cut the greeting short), so by then the page has all of it.
    await page.waitForFunction(
      () =>
        ((
          window as unknown as { softphone: { stats(): { marksAnswered: number } } }
        ).softphone.stats().marksAnswered ?? 0) >= 1,
      undefined,
      { timeout: ECHO_WAIT_MS },
    );
    const match = findInRecording(await pageReceivedAudio(page), spoken, speech.sampleRate);
    // Microphone → 8 kHz → μ-law → bot → μ-law → page: the waveform itself comes back.
    expect(match.envelopeCorrelation).toBeGreaterThan(0.95);
    expect(match.waveformCorrelation).toBeGreaterThan(0.85);
    expect(match.worstBlockCorrelation).toBeGreaterThan(0.85);

    const stats = await pageCallStats(page);
    expect(stats?.protocolErrors).toEqual([]);
    expect(stats?.mediaSent).toBeGreaterThan(50);
    // The words cut the greeting short: the page received and honoured a clear.
    expect(stats?.clears).toBeGreaterThanOrEqual(1);

    await page.keyboard.press('#');
    await page.waitForFunction(
      () => (window as unknown as { softphone: { state(): string } }).softphone.state() === 'ended',
      undefined,
      { timeout: 10_000 },
    );
    expect(await pageCallState(page)).toBe('ended');
    await expect(page.textContent('#message')).resolves.toContain('The bot hung up.');
    expect(
      server.telephony.metrics.value('telephony_calls_started_total', { provider: 'softphone' }),
    ).toBe(1);
  });
});
