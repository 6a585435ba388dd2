import type { VADParams } from '@x/transport-core';

/**
 * The demo echo bot's thresholds (`ECHO_BOT_VAD_PARAMS` in apps/demo/src/config/vad-setting.ts):
 * Pipecat's defaults except a 0.6 s stop. Copied here because the bench does not depend on the
 * demo; a test checks that the two agree.
 */
export const ECHO_BOT_THRESHOLDS: Readonly<VADParams> = Object.freeze({
  confidence: 0.7,
  startSecs: 0.2,
  stopSecs: 0.6,
  minVolume: 0.6,
});
