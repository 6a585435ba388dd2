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
/** Longest wait for the echo, in milliseconds: greeting cut, words, VAD stop, playback. */
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

    let match = { offsetMs: 0, envelopeCorrelation: 0, waveformCorrelation: 0 };
    const deadline = Date.now() + ECHO_WAIT_MS;
    while (Date.now() < deadline) {
      await page.waitForTimeout(500);
      const received = await pageReceivedAudio(page);
      match = findInRecording(received, spoken, speech.sampleRate);
      if (match.envelopeCorrelation > 0.95 && match.waveformCorrelation > 0.85) break;
    }
    // Microphone → 8 kHz → μ-law → bot → μ-law → page: the waveform itself comes back.
    expect(match.envelopeCorrelation).toBeGreaterThan(0.95);
    expect(match.waveformCorrelation).toBeGreaterThan(0.85);

    const stats = await pageCallStats(page);
    expect(stats?.protocolErrors).toEqual([]);
    expect(stats?.mediaSent).toBeGreaterThan(50);
    // The words cut the greeting short: the page received and honoured a clear.
    expect(stats?.clears).toBeGreaterThanOrEqual(1);
    // The echo's playback mark came back once the page had played it.
    await page.waitForFunction(
      () =>
        ((
          window as unknown as { softphone: { stats(): { marksAnswered: number } } }
        ).softphone.stats().marksAnswered ?? 0) >= 1,
      undefined,
      { timeout: 5_000 },
    );

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
