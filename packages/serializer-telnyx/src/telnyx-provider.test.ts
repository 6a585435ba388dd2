import {
  CALL_TOKEN_PARAMETER,
  detectProvider,
  ProviderDetectionError,
  silentLogger,
} from '@x/transport-core';
import { CallTokenSigner } from '@x/transport-core/provider-kit';
import { ManualClock } from '@x/transport-core/testing';
import { describe, expect, it } from 'vitest';
import { FakeSocket } from './__fixtures__/fake-socket.js';
import { fixtureJson, fixtureText } from './__fixtures__/fixtures.js';
import { TelnyxFrameSerializer } from './telnyx-frame-serializer.js';
import { texmlConnectStream } from './telnyx-markup.js';
import { createTelnyxProvider, telnyxProvider } from './telnyx-provider.js';

function startWithCodec(encoding: string, sampleRate = 16000): Record<string, unknown> {
  const start = fixtureJson<{ start: { media_format: Record<string, unknown> } }>('start.json');
  start.start.media_format = { encoding, sample_rate: sampleRate, channels: 1 };
  return start;
}

describe('telnyxProvider.recognize', () => {
  it('takes both connected messages as preamble', () => {
    expect(telnyxProvider.recognize(fixtureJson('connected.json'))).toEqual({ kind: 'preamble' });
    expect(telnyxProvider.recognize(fixtureJson('connected-with-auth-token.json'))).toEqual({
      kind: 'preamble',
    });
  });

  it('reads the call data from the start message', () => {
    expect(telnyxProvider.recognize(fixtureJson('start.json'))).toEqual({
      kind: 'start',
      callData: {
        provider: 'telnyx',
        streamId: '32DE0DEA-53CB-4B21-89A4-9E1819C043BC',
        callId: 'v2:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ',
        callControlId: 'v2:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ',
        callSessionId: 'ff55a038-6f5d-11ef-9692-02420aeffb1f',
        accountId: '3E6F995F-85F7-4705-9741-53B116D28237',
        from: '+13122010094',
        to: '+13122123456',
        clientState: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
        tags: ['TAG1', 'TAG2'],
        customParameters: { customer_id: 'customer_123' },
        mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
      },
    });
  });

  it('claims no later Telnyx message', () => {
    for (const name of ['media.json', 'dtmf.json', 'mark.json', 'stop.json', 'error.json']) {
      expect(telnyxProvider.recognize(fixtureJson(name)), name).toBeUndefined();
    }
    for (const value of [null, 'start', 42, [], { event: 'start', stream_id: 's', start: [] }]) {
      expect(telnyxProvider.recognize(value)).toBeUndefined();
    }
  });

  it('refuses a start whose codec it cannot decode, naming the codec', () => {
    for (const codec of ['G722', 'OPUS', 'AMR-WB']) {
      const recognition = telnyxProvider.recognize(startWithCodec(codec));
      expect(recognition?.kind).toBe('refused');
      expect(recognition?.kind === 'refused' && recognition.reason).toContain(`"${codec}"`);
    }
  });
});

describe('detectProvider with telnyxProvider', () => {
  it('detects a Telnyx call from connected then start', async () => {
    const socket = new FakeSocket();
    const detection = detectProvider(socket, [telnyxProvider], {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive(fixtureText('connected.json'));
    socket.receive(fixtureText('start.json'));
    const call = await detection;
    expect(call.provider.name).toBe('telnyx');
    expect(call.callData.streamId).toBe('32DE0DEA-53CB-4B21-89A4-9E1819C043BC');
    expect(call.takeMessages()).toHaveLength(2);
  });

  it('fails detection with an error naming an unsupported codec', async () => {
    const socket = new FakeSocket();
    const detection = detectProvider(socket, [telnyxProvider], {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive(fixtureText('connected.json'));
    socket.receive(JSON.stringify(startWithCodec('OPUS', 48000)));
    const error = await detection.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderDetectionError);
    expect(error).toMatchObject({ failure: 'refused' });
    expect((error as Error).message).toMatch(/telnyx refused the call: .*"OPUS" is not supported/);
  });
});

describe('one bot audio format for markup and serializer', () => {
  it('builds serializers that send what the TeXML declares', () => {
    const botAudioFormat = { encoding: 'L16', sampleRate: 16000, channels: 1 } as const;
    const provider = createTelnyxProvider({ botAudioFormat, texml: { name: 'bot' } });
    const answer = provider.webhookResponse({
      streamUrl: 'wss://example.com/telnyx',
      parameters: { customer_id: 'customer_123' },
    });
    expect(answer).toEqual({
      contentType: 'application/xml',
      body: texmlConnectStream({
        url: 'wss://example.com/telnyx',
        name: 'bot',
        botAudioFormat,
        parameters: { customer_id: 'customer_123' },
      }),
    });
    expect(answer.body).toContain('bidirectionalCodec="L16" bidirectionalSamplingRate="16000"');
    const recognition = provider.recognize(fixtureJson('start.json'));
    if (recognition?.kind !== 'start') throw new Error('start not recognised');
    const serializer = provider.createSerializer(recognition.callData, { apiKey: 'KEY' });
    expect(serializer).toBeInstanceOf(TelnyxFrameSerializer);
    expect(serializer.botAudioFormat).toEqual(botAudioFormat);
    expect(serializer.callerAudioFormat).toEqual({
      encoding: 'PCMU',
      sampleRate: 8000,
      channels: 1,
    });
  });

  it('defaults to PCMU at 8000 Hz in both, as Telnyx does', () => {
    expect(telnyxProvider.botAudioFormat).toEqual({
      encoding: 'PCMU',
      sampleRate: 8000,
      channels: 1,
    });
    expect(telnyxProvider.webhookResponse({ streamUrl: 'wss://example.com/telnyx' }).body).toBe(
      fixtureText('texml-connect-stream.xml').trimEnd(),
    );
  });

  it('asks for the hang-up credentials when creating a serializer without them', () => {
    const recognition = telnyxProvider.recognize(fixtureJson('start.json'));
    if (recognition?.kind !== 'start') throw new Error('start not recognised');
    expect(() => telnyxProvider.createSerializer(recognition.callData)).toThrow(
      /apiKey is missing; pass it, or pass autoHangUp: false/,
    );
  });
});

describe('telnyxProvider.callIdOfWebhook', () => {
  const url = 'https://bot.example.com/telnyx/texml';
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const callControlId = 'v3:Zd9BSEXAMPLEcallcontrolid';

  function post(rawBody?: string | Uint8Array, headers: Record<string, string> = form) {
    return { method: 'POST', url, headers, ...(rawBody !== undefined && { rawBody }) };
  }

  it('reads CallControlId from a TeXML form webhook, else CallSid', () => {
    const both = `CallSid=v3%3Aother&CallControlId=${encodeURIComponent(callControlId)}`;
    expect(telnyxProvider.callIdOfWebhook?.(post(both))).toBe(callControlId);
    const sidOnly = `AccountSid=a&CallSid=${encodeURIComponent(callControlId)}&From=%2B1`;
    expect(telnyxProvider.callIdOfWebhook?.(post(sidOnly))).toBe(callControlId);
    expect(telnyxProvider.callIdOfWebhook?.(post(new TextEncoder().encode(sidOnly)))).toBe(
      callControlId,
    );
    expect(
      telnyxProvider.callIdOfWebhook?.({
        method: 'GET',
        url: `${url}?CallSid=${encodeURIComponent(callControlId)}`,
        headers: {},
      }),
    ).toBe(callControlId);
  });

  it('reads data.payload.call_control_id from a Call Control event', () => {
    const event = fixtureText('webhook-payload.json');
    expect(
      telnyxProvider.callIdOfWebhook?.(post(event, { 'content-type': 'application/json' })),
    ).toBe('v2:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ');
  });

  it('says nothing for an absent, empty, repeated, malformed or oversized body, and never throws', () => {
    for (const rawBody of [
      undefined,
      '',
      'From=%2B1',
      'CallControlId=',
      'CallControlId=a&CallControlId=b',
      '{"data":{"payload":{"call_control_id":7}}}',
      '{"data":[]}',
      '{broken',
      `CallSid=v3%3Aabc&Padding=${'x'.repeat(70_000)}`,
    ]) {
      expect(telnyxProvider.callIdOfWebhook?.(post(rawBody)), String(rawBody)).toBeUndefined();
    }
    expect(
      telnyxProvider.callIdOfWebhook?.({ method: 'GET', url: '/relative', headers: {} }),
    ).toBeUndefined();
  });
});

describe('call-bound streams with telnyxProvider', () => {
  it('carries a call token from the TeXML answer to the start message, where it verifies', () => {
    const signer = new CallTokenSigner({ secret: 'a-server-secret-of-at-least-32-bytes!' });
    const start = fixtureJson<{ start: { call_control_id: string; custom_parameters: object } }>(
      'start.json',
    );
    const callId = telnyxProvider.callIdOfWebhook?.({
      method: 'POST',
      url: 'https://bot.example.com/telnyx/texml',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: new URLSearchParams({ CallSid: start.start.call_control_id }).toString(),
    });
    if (callId === undefined) throw new Error('no call id');
    const token = signer.mint({ provider: telnyxProvider.name, callId });
    const answer = telnyxProvider.webhookResponse({
      streamUrl: 'wss://bot.example.com/telnyx',
      parameters: { [CALL_TOKEN_PARAMETER]: token },
    });
    // "Parameters are included in the start message": Telnyx puts them in custom_parameters.
    const parameter = /<Parameter name="([^"]+)" value="([^"]+)"\/>/.exec(answer.body);
    expect(parameter?.slice(1)).toEqual([CALL_TOKEN_PARAMETER, token]);
    start.start.custom_parameters = { [parameter![1]!]: parameter![2]! };
    const recognition = telnyxProvider.recognize(start);
    if (recognition?.kind !== 'start') throw new Error('start not recognised');
    const { callData } = recognition;
    expect(callData.customParameters[CALL_TOKEN_PARAMETER]).toBe(token);
    expect(signer.verify(callData.customParameters[CALL_TOKEN_PARAMETER], callData)).toEqual({
      ok: true,
    });
    expect(signer.verify(token, { ...callData, callId: 'v3:another-call' }).ok).toBe(false);
  });
});
