import { CALL_TOKEN_PARAMETER } from '@x/transport-core';
import { CallTokenSigner } from '@x/transport-core/provider-kit';
import { describe, expect, it } from 'vitest';
import { fixtureJson } from './__fixtures__/load-fixture.js';
import { PlivoFrameSerializer } from './plivo-frame-serializer.js';
import { plivoProvider } from './plivo-provider.js';

const PLIVO_MESSAGES = [
  'media.json',
  'dtmf.json',
  'played-stream.json',
  'cleared-audio.json',
  'play-audio.json',
  'checkpoint.json',
  'clear-audio.json',
  'send-dtmf.json',
];

describe('plivoProvider.recognize', () => {
  it('recognises the documented start message and returns its call data', () => {
    expect(plivoProvider.recognize(fixtureJson('start.json'))).toEqual({
      kind: 'start',
      callData: {
        provider: 'plivo',
        streamId: '87654321-4321-4321-4321-cba987654321',
        callId: '12345678-1234-1234-1234-123456789abc',
        accountId: 'MAXXXXXXXXXXXXXXXXXX',
        tracks: ['inbound'],
        extraHeaders: 'userId=12345;sessionId=abc-xyz',
        customParameters: { userId: '12345', sessionId: 'abc-xyz' },
        mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
      },
    });
  });

  it('reads each extra_headers form and start.customParameters into the custom parameters', () => {
    const forms = [
      'tenant=acme,plan=gold',
      'tenant=acme;plan=gold',
      '{"tenant":"acme","plan":"gold"}',
    ];
    for (const form of forms) {
      const start = { ...fixtureJson('start.json'), extra_headers: form };
      const recognition = plivoProvider.recognize(start);
      expect(recognition?.kind === 'start' && recognition.callData.customParameters).toEqual({
        tenant: 'acme',
        plan: 'gold',
      });
    }
    const start = fixtureJson<{ start: Record<string, unknown> }>('start.json');
    start.start.customParameters = { from: '+15551234567' };
    const recognition = plivoProvider.recognize(start);
    expect(recognition?.kind === 'start' && recognition.callData.customParameters).toEqual({
      from: '+15551234567',
      userId: '12345',
      sessionId: 'abc-xyz',
    });
  });

  it('recognises an L16 16 kHz start with its format', () => {
    const start = fixtureJson<{ start: Record<string, unknown> }>('start.json');
    start.start.mediaFormat = { encoding: 'audio/x-l16', sampleRate: 16000 };
    const recognition = plivoProvider.recognize(start);
    expect(recognition?.kind === 'start' && recognition.callData.mediaFormat).toEqual({
      encoding: 'L16',
      sampleRate: 16000,
      channels: 1,
    });
  });

  it.each(PLIVO_MESSAGES)('does not take a later Plivo message for a start: %s', (name) => {
    expect(plivoProvider.recognize(fixtureJson(name))).toBeUndefined();
  });

  it.each([
    [null],
    ['start'],
    [42],
    [[]],
    [{}],
    [{ event: 'start' }],
    [{ event: 'start', start: [] }],
  ])('returns undefined without throwing for %j', (message: unknown) => {
    expect(plivoProvider.recognize(message)).toBeUndefined();
  });

  it('refuses a start in a format Plivo does not stream, naming the format', () => {
    const start = fixtureJson<{ start: Record<string, unknown> }>('start.json');
    start.start.mediaFormat = { encoding: 'audio/x-l16', sampleRate: 44100 };
    expect(plivoProvider.recognize(start)).toEqual({
      kind: 'refused',
      reason:
        'Plivo start message refused: "start.mediaFormat" is "audio/x-l16" at 44100 Hz; ' +
        'Plivo streams audio/x-mulaw at 8000 Hz, or audio/x-l16 at 8000 or 16000 Hz',
    });
  });

  it("refuses a start without a media format rather than guessing Plivo's L16 default", () => {
    const start = fixtureJson<{ start: Record<string, unknown> }>('start.json');
    delete start.start.mediaFormat;
    expect(plivoProvider.recognize(start)).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('"start.mediaFormat" must be an object'),
    });
  });
});

describe('plivoProvider.createSerializer', () => {
  it('builds a serializer for the call from its call data and the given options', () => {
    const recognition = plivoProvider.recognize(fixtureJson('start.json'));
    if (recognition?.kind !== 'start') throw new Error('not recognised');
    const serializer = plivoProvider.createSerializer(recognition.callData, { autoHangUp: false });
    expect(serializer).toBeInstanceOf(PlivoFrameSerializer);
    expect((serializer as PlivoFrameSerializer).streamId).toBe(
      '87654321-4321-4321-4321-cba987654321',
    );
    expect(serializer.name).toBe('plivo');
  });

  it('requires credentials by default, naming them', () => {
    const recognition = plivoProvider.recognize(fixtureJson('start.json'));
    if (recognition?.kind !== 'start') throw new Error('not recognised');
    expect(() => plivoProvider.createSerializer(recognition.callData)).toThrow(
      /authId, authToken are missing/,
    );
  });
});

describe('plivoProvider.callIdOfWebhook', () => {
  const url = 'https://bot.example.com/plivo/answer';
  const callUuid = '12345678-1234-1234-1234-123456789abc';

  function post(rawBody?: string | Uint8Array) {
    return {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      ...(rawBody !== undefined && { rawBody }),
    };
  }

  it('reads CallUUID from a form webhook and from the query of a GET webhook', () => {
    const body = `Direction=inbound&CallUUID=${callUuid}&From=14155550100`;
    expect(plivoProvider.callIdOfWebhook?.(post(body))).toBe(callUuid);
    expect(plivoProvider.callIdOfWebhook?.(post(new TextEncoder().encode(body)))).toBe(callUuid);
    expect(
      plivoProvider.callIdOfWebhook?.({
        method: 'GET',
        url: `${url}?CallUUID=${callUuid}`,
        headers: {},
      }),
    ).toBe(callUuid);
  });

  it('says nothing for an absent, empty, repeated or oversized body, and never throws', () => {
    for (const rawBody of [
      undefined,
      '',
      'Direction=inbound',
      'CallUUID=',
      'CallUUID=a&CallUUID=b',
      `CallUUID=${callUuid}&Padding=${'x'.repeat(70_000)}`,
    ]) {
      expect(plivoProvider.callIdOfWebhook?.(post(rawBody)), String(rawBody)).toBeUndefined();
    }
    expect(
      plivoProvider.callIdOfWebhook?.({ method: 'GET', url: 'not a url', headers: {} }),
    ).toBeUndefined();
  });
});

describe('plivoProvider.webhookResponse parameters', () => {
  it('writes parameters into extraHeaders and refuses what Plivo would refuse', () => {
    const answer = plivoProvider.webhookResponse({
      streamUrl: 'wss://bot.example.com/plivo/stream',
      parameters: { userId: '12345', sessionId: 'abc' },
    });
    expect(answer.body).toContain('extraHeaders="userId=12345,sessionId=abc"');
    const streamUrl = 'wss://bot.example.com/plivo/stream';
    expect(() =>
      plivoProvider.webhookResponse({ streamUrl, parameters: { call_token: 'x' } }),
    ).toThrow(RangeError);
    expect(() => plivoProvider.webhookResponse({ streamUrl, parameters: { a: 'x-y' } })).toThrow(
      RangeError,
    );
    expect(() =>
      plivoProvider.webhookResponse({ streamUrl, parameters: { a: 'x'.repeat(600) } }),
    ).toThrow(/512-byte limit/);
  });
});

describe('call-bound streams with plivoProvider', () => {
  it('carries a call token from extraHeaders to the start message, where it verifies', () => {
    const signer = new CallTokenSigner({ secret: 'a-server-secret-of-at-least-32-bytes!' });
    const callId = plivoProvider.callIdOfWebhook?.({
      method: 'POST',
      url: 'https://bot.example.com/plivo/answer',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: 'Direction=inbound&CallUUID=12345678-1234-1234-1234-123456789abc',
    });
    if (callId === undefined) throw new Error('no call id');
    const token = signer.mint({ provider: plivoProvider.name, callId });
    const answer = plivoProvider.webhookResponse({
      streamUrl: 'wss://bot.example.com/plivo/stream',
      parameters: { [CALL_TOKEN_PARAMETER]: token },
    });
    // Plivo passes the extraHeaders attribute on as the start message's extra_headers.
    const extraHeaders = /extraHeaders="([^"]*)"/.exec(answer.body)?.[1];
    expect(extraHeaders).toBe(`${CALL_TOKEN_PARAMETER}=${token}`);
    const start = { ...fixtureJson('start.json'), extra_headers: extraHeaders };
    const recognition = plivoProvider.recognize(start);
    if (recognition?.kind !== 'start') throw new Error('start not recognised');
    const { callData } = recognition;
    expect(callData.callId).toBe(callId);
    expect(callData.customParameters[CALL_TOKEN_PARAMETER]).toBe(token);
    expect(signer.verify(callData.customParameters[CALL_TOKEN_PARAMETER], callData)).toEqual({
      ok: true,
    });
    expect(signer.verify(token, { ...callData, provider: 'twilio' }).ok).toBe(false);
  });
});
