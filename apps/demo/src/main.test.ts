import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { killDemos, runDemo, waitForOutput } from './testing/demo-process.js';

afterEach(killDemos);

describe('pnpm demo (node dist/main.js)', () => {
  it('prints where to talk to the bot, serves it, and stops cleanly on Ctrl+C', async () => {
    const run = runDemo({ PORT: '0' });
    await waitForOutput(run, 'Press Ctrl+C to stop.');
    const url = /Talk to it in a browser\s+(http:\/\/localhost:\d+\/)/.exec(run.output())?.[1];
    expect(url).toBeDefined();
    const health = await fetch(`${url!.replace('localhost', '127.0.0.1')}healthz`);
    expect(health.status).toBe(200);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('Stopped.');
  });

  it('lists every invalid setting and exits with status 1', async () => {
    const run = runDemo({ PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('The demo cannot start: fix these settings and try again.');
    expect(run.output()).toContain('PORT must be a whole number from 0 to 65535 (got "eighty")');
    expect(run.output()).toContain('LOG_LEVEL must be one of');
    expect(run.output()).toContain('apps/demo/README.md');
  });

  it('says what to do when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = runDemo({ PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(run.output()).toContain(`PORT=${port + 1} pnpm demo`);
    } finally {
      blocker.close();
    }
  });
});
