import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ECHO_BOT_THRESHOLDS } from './echo-bot-thresholds.js';

describe('ECHO_BOT_THRESHOLDS', () => {
  it('matches the demo echo bot’s ECHO_BOT_VAD_PARAMS', () => {
    const source = readFileSync(
      new URL('../../../apps/demo/src/config/vad-setting.ts', import.meta.url),
      'utf8',
    );
    const block = /ECHO_BOT_VAD_PARAMS[^{]*\{([^}]*)\}/.exec(source)?.[1] ?? '';
    const demo = Object.fromEntries(
      [...block.matchAll(/(\w+):\s*([\d.]+)/g)].map((match) => [match[1], Number(match[2])]),
    );
    expect(demo).toEqual({ ...ECHO_BOT_THRESHOLDS });
  });
});
