import { type ProviderName, startCall } from '@x/phone-simulator';
import type { DemoServerProcess } from './demo-server-process.js';

/** Bound on the greeting of the check call. */
const GREETING_TIMEOUT_MS = 8_000;

/** Whether a normal simulated call got the bot's greeting, and how soon. */
export interface CallCheck {
  greeted: boolean;
  /** Call time of the first bot audio, in milliseconds. */
  firstAudioMs?: number;
  /** Why not, when not. */
  error?: string;
}

/** Places one normal `provider` call on `/ws` and waits for the greeting. */
export async function checkCallIsGreeted(
  demo: DemoServerProcess,
  provider: ProviderName,
): Promise<CallCheck> {
  try {
    const call = await startCall({ url: demo.socketUrl('/ws'), provider });
    try {
      const first = await call.waitFor('first-bot-audio', { timeoutMs: GREETING_TIMEOUT_MS });
      return { greeted: true, firstAudioMs: Math.round(first.atMs) };
    } finally {
      await call.hangUp();
    }
  } catch (error) {
    return { greeted: false, error: error instanceof Error ? error.message : String(error) };
  }
}
