import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProvider, FAKE_MEDIA, fakeStart } from './__fixtures__/fake-provider.js';
import {
  closeTestServers,
  eventually,
  openStream,
  recordingLogger,
  startTestServer,
} from './__fixtures__/test-server.js';
import type { ListenOptions } from './listen-options.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-metric.js';

afterEach(closeTestServers);

function startServer(
  options: Partial<Parameters<typeof startTestServer>[0]> = {},
  listenOptions: ListenOptions = {},
) {
  return startTestServer(
    {
      providers: [createFakeProvider()],
      allowUnverified: true,
      transport: { audioOutEndSilenceSecs: 0 },
      ...options,
    },
    listenOptions,
  );
}

/** The value of one sample line of a Prometheus text answer. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/healthz, /livez and /metrics', () => {
  it('answers /healthz 200 with the number of calls, and /livez 200', async () => {
    const { httpUrl } = await startServer();
    const health = await fetch(httpUrl('/healthz'));
    expect(health.status).toBe(200);
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect(await health.json()).toMatchObject({ status: 'ok', activeCalls: 0, pendingStreams: 0 });
    const live = await fetch(httpUrl('/livez'));
    expect(await live.json()).toEqual({ status: 'alive' });
  });

  it('serves every metric prefixed telephony_, in the Prometheus text format, counting calls by provider and reason', async () => {
    const { server, httpUrl, socketUrl } = await startServer();
    const stream = await openStream(socketUrl());
    stream.send(fakeStart('counted'), FAKE_MEDIA);
    await eventually(() => server.activeCalls === 1);
    let text = await (await fetch(httpUrl('/metrics'))).text();
    expect(sample(text, 'telephony_calls_active')).toBe(1);
    expect(sample(text, 'telephony_calls_started_total{provider="fakeline"}')).toBe(1);
    stream.socket!.close();
    await eventually(() => server.activeCalls === 0);
    const response = await fetch(httpUrl('/metrics'));
    expect(response.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
    text = await response.text();
    expect(sample(text, 'telephony_calls_active')).toBe(0);
    expect(
      sample(text, 'telephony_calls_ended_total{provider="fakeline",reason="remote-close"}'),
    ).toBe(1);
    expect(sample(text, 'telephony_streams_pending')).toBe(0);
    expect(sample(text, 'telephony_draining')).toBe(0);
    const names = text
      .split('\n')
      .filter((line) => line.startsWith('# TYPE '))
      .map((line) => line.split(' ')[2]);
    expect(names).toEqual([
      'telephony_calls_active',
      'telephony_calls_started_total',
      'telephony_calls_ended_total',
      'telephony_streams_pending',
      'telephony_upgrades_refused_total',
      'telephony_streams_refused_total',
      'telephony_webhooks_total',
      'telephony_draining',
    ]);
    for (const line of text.trimEnd().split('\n')) {
      expect(line).toMatch(/^(# (HELP|TYPE) telephony_\w+ .+|telephony_\w+(\{[^}]*\})? -?\d+)$/);
    }
  });

  it('appends extraMetrics, and turns a probe off with false', async () => {
    const { httpUrl } = await startServer({
      extraMetrics: () => '# TYPE my_bot_things_total counter\nmy_bot_things_total 3',
      paths: { liveness: false, metrics: '/internal/metrics' },
    });
    const text = await (await fetch(httpUrl('/internal/metrics'))).text();
    expect(text.endsWith('my_bot_things_total 3\n')).toBe(true);
    expect((await fetch(httpUrl('/livez'))).status).toBe(404);
    expect((await fetch(httpUrl('/metrics'))).status).toBe(404);
  });

  it('answers other methods 405, GET on the stream endpoint 426, and unknown paths 404 with a hint', async () => {
    const { httpUrl } = await startServer();
    expect((await fetch(httpUrl('/healthz'), { method: 'POST' })).status).toBe(405);
    expect((await fetch(httpUrl('/fakeline'), { method: 'PUT' })).status).toBe(405);
    expect((await fetch(httpUrl('/ws'))).status).toBe(426);
    const missing = await fetch(httpUrl('/nothing-here'));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('providers post to /fakeline; streams connect to /ws');
    expect((await openStream(httpUrl('/elsewhere').replace(/^http/, 'ws'))).status).toBe(404);
  });

  it('hands the paths it does not serve to the fallback of listen, answering 500 when it throws', async () => {
    const { lines, logger } = recordingLogger();
    const { httpUrl } = await startServer(
      { logger },
      {
        fallback: (request, response) => {
          if (request.url === '/broken') throw new Error('the page broke');
          response.end(`mine: ${request.url}`);
        },
      },
    );
    expect(await (await fetch(httpUrl('/page'))).text()).toBe('mine: /page');
    expect((await fetch(httpUrl('/healthz'))).status).toBe(200);
    expect((await fetch(httpUrl('/fakeline'), { method: 'PUT' })).status).toBe(405);
    expect((await fetch(httpUrl('/broken'))).status).toBe(500);
    expect(lines.filter((line) => line.level === 'error').map((line) => line.message)).toEqual([
      'request failed',
    ]);
    expect((await openStream(httpUrl('/elsewhere').replace(/^http/, 'ws'))).status).toBe(404);
  });
});
