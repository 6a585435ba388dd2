import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { ManualClock } from '../clock/manual-clock.js';
import { silentLogger } from '../logging/logger.js';
import { FakeWebSocket } from '../testing-internal/fake-websocket.js';
import { RecordingLogger } from '../transport/__fixtures__/harness.js';
import type { CallData } from './call-data.js';
import { detectProvider, ProviderDetectionError } from './detect-provider.js';
import type { ProviderDescriptor, ProviderRecognition } from './provider-descriptor.js';

function callData(provider: string, streamId: string): CallData {
  return {
    provider,
    streamId,
    callId: `call-${streamId}`,
    customParameters: {},
    mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
  };
}

/** A descriptor recognising `{"event":"connected"}` as preamble and `{"event":"start","id":…,"p":name}` as start. */
function descriptor(name: string): ProviderDescriptor {
  return {
    name,
    recognize(message: unknown): ProviderRecognition {
      const event = (message as { event?: unknown }).event;
      if (event === 'connected') return { kind: 'preamble' };
      const { p, id } = message as { p?: unknown; id?: unknown };
      if (event === 'start' && p === name && typeof id === 'string') {
        return { kind: 'start', callData: callData(name, id) };
      }
      const { codec } = message as { codec?: unknown };
      if (event === 'start' && p === name && typeof codec === 'string') {
        return { kind: 'refused', reason: `codec "${codec}" is not supported` };
      }
      return undefined;
    },
    createSerializer() {
      throw new Error('not used');
    },
    webhookResponse() {
      return { contentType: 'text/plain', body: '' };
    },
  };
}

const providers = [descriptor('alpha'), descriptor('beta')];

/** A descriptor named `twilio` that takes Twilio's `connected` as preamble and refuses nothing. */
const twilioLike: ProviderDescriptor = {
  ...descriptor('twilio'),
  recognize(message: unknown): ProviderRecognition {
    const fields = message as { event?: unknown; protocol?: unknown };
    return fields.event === 'connected' && typeof fields.protocol === 'string'
      ? { kind: 'preamble' }
      : undefined;
  },
};

describe('detectProvider', () => {
  it('picks the provider whose descriptor recognises the start message after a preamble', async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, providers, {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive('{"event":"connected"}');
    socket.receive('{"event":"start","p":"beta","id":"s1"}');
    const call = await detection;
    expect(call.provider.name).toBe('beta');
    expect(call.callData.streamId).toBe('s1');
  });

  it('hands over every message read, including those arriving after detection, exactly once', async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, providers, {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive('{"event":"connected"}');
    socket.receive('{"event":"start","p":"alpha","id":"s1"}');
    socket.receive('{"event":"media","n":1}');
    const call = await detection;
    socket.receive(Buffer.from('{"event":"media","n":2}'));
    expect(call.takeMessages()).toEqual([
      '{"event":"connected"}',
      '{"event":"start","p":"alpha","id":"s1"}',
      '{"event":"media","n":1}',
      Buffer.from('{"event":"media","n":2}'),
    ]);
    expect(socket.listenerCount('message')).toBe(0);
    socket.receive('{"event":"media","n":3}');
    expect(call.takeMessages()).toEqual([]);
  });

  it('fails with a timeout when no start message arrives in time, and stops listening', async () => {
    const clock = new ManualClock();
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, providers, {
      clock,
      timeoutMs: 1000,
      logger: silentLogger,
    });
    const outcome = expect(detection).rejects.toMatchObject({ failure: 'timeout' });
    socket.receive('{"event":"connected"}');
    await clock.advance(999);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(1);
    await outcome;
    expect(socket.listenerCount('message')).toBe(0);
    // only the containment listeners stay (see containSocket), until the socket closes
    expect(socket.listenerCount('close')).toBe(1);
    expect(socket.listenerCount('error')).toBe(1);
    socket.close(1008);
    expect(socket.listenerCount('close')).toBe(0);
    expect(socket.listenerCount('error')).toBe(0);
  });

  it('fails clearly when the socket closes before the start message', async () => {
    const clock = new ManualClock();
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, providers, { clock, logger: silentLogger });
    socket.remoteClose(1006);
    await expect(detection).rejects.toThrow(/closed before a start message \(code 1006\)/);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fails on a message no provider recognises, naming the message', async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, providers, {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive('{"hello":"world"}');
    const error = await detection.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderDetectionError);
    expect(error).toMatchObject({ failure: 'unknown-protocol' });
    expect((error as Error).message).toContain('(keys "hello")');
    expect((error as Error).message).toContain('alpha, beta');
  });

  it('describes an unrecognised message by its event and keys, never its values', async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, providers, {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive(
      '{"event":"connected","version":"1.0.0","connected":{"x-telnyx-streaming-auth-token":"s3cr3t"}}',
    );
    socket.receive('{"event":"begin","token":"hunter2"}');
    const error = (await detection.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(
      'no provider (alpha, beta) recognises the message (event "begin", keys "event", "token")',
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a first message that is not JSON without quoting it (it may carry a token)', async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, providers, {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    const truncated = '{"event":"connected","connected":{"x-telnyx-streaming-auth-token":"s3cr3t"';
    socket.receive(truncated);
    const error = (await detection.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(`message is not JSON (${truncated.length} characters)`);
    expect(error.message).not.toContain('s3cr3t');
  });

  it('fails on non-JSON and on binary messages before the start', async () => {
    const text = new FakeWebSocket();
    const textDetection = detectProvider(text, providers, {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    text.receive('not json');
    await expect(textDetection).rejects.toMatchObject({ failure: 'unknown-protocol' });

    const binary = new FakeWebSocket();
    const binaryDetection = detectProvider(binary, providers, {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    binary.receive(new Uint8Array([1, 2, 3]));
    await expect(binaryDetection).rejects.toThrow(/binary message \(3 bytes\)/);
  });

  it('fails with the reason of a provider that refuses the call, and stops listening', async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, providers, {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive('{"event":"connected"}');
    socket.receive('{"event":"start","p":"beta","codec":"G722"}');
    const error = await detection.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ failure: 'refused' });
    expect((error as Error).message).toBe('beta refused the call: codec "G722" is not supported');
    expect(socket.listenerCount('message')).toBe(0);
  });

  it('fails when too many preamble messages come without a start', async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, providers, {
      clock: new ManualClock(),
      maxMessagesBeforeStart: 2,
      logger: silentLogger,
    });
    for (let index = 0; index < 3; index++) socket.receive('{"event":"connected"}');
    await expect(detection).rejects.toMatchObject({ failure: 'too-many-messages' });
  });

  it('fails instead of throwing out of the socket listener when a descriptor throws', async () => {
    const socket = new FakeWebSocket();
    const broken: ProviderDescriptor = {
      ...descriptor('gamma'),
      recognize() {
        throw new Error('descriptor bug');
      },
    };
    const detection = detectProvider(socket, [broken], {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    expect(() => socket.receive('{"event":"start"}')).not.toThrow();
    await expect(detection).rejects.toThrow(/gamma failed to read the message: descriptor bug/);
    expect(socket.listenerCount('message')).toBe(0);
  });

  it('accepts descriptors of different providers, each with its own call data type, together', async () => {
    interface AlphaCallData extends CallData {
      provider: 'alpha';
      alphaOnly: string;
    }
    interface BetaCallData extends CallData {
      provider: 'beta';
      betaOnly: number;
    }
    const alpha = descriptor('alpha') as ProviderDescriptor<
      AlphaCallData,
      { alphaOption?: boolean }
    >;
    const beta = descriptor('beta') as ProviderDescriptor<BetaCallData, { betaOption?: string }>;
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, [alpha, beta], {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive('{"event":"start","p":"beta","id":"s9"}');
    const call = await detection;
    expectTypeOf(call.callData).toEqualTypeOf<CallData>();
    expect(call.callData.provider).toBe('beta');
    const single = detectProvider(new FakeWebSocket(), [alpha], {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    expectTypeOf(single).resolves.toHaveProperty('callData').toEqualTypeOf<AlphaCallData>();
    void single.catch(() => {});
  });

  it('names Telnyx when a Telnyx call reaches a Twilio-only server, and quotes no value', async () => {
    const socket = new FakeWebSocket();
    const logger = new RecordingLogger();
    const detection = detectProvider(socket, [twilioLike], { clock: new ManualClock(), logger });
    socket.receive('{"event":"connected","version":"1.0.0"}');
    const error = (await detection.catch((caught: unknown) => caught)) as ProviderDetectionError;
    expect(error.failure).toBe('unknown-protocol');
    expect(error.message).toBe(
      'no provider (twilio) recognises the message (event "connected", keys "event", "version"); it looks like a Telnyx message: add the Telnyx provider to the list given to detectProvider, or check where Telnyx sends this stream',
    );
    expect(logger.at('warn')).toEqual([error.message]);
  });

  it("names Telnyx from its start message, without the start message's values", async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, [twilioLike], {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive(
      JSON.stringify({
        event: 'start',
        sequence_number: '1',
        stream_id: 'stream-secret',
        start: { call_control_id: 'v2:call-secret', client_state: 'state-secret' },
      }),
    );
    const error = (await detection.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('it looks like a Telnyx message: add the Telnyx provider');
    expect(error.message).not.toContain('secret');
  });

  it('says when a message looks like a listed provider that does not accept it', async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, [twilioLike], {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive(
      '{"event":"start","start":{"streamSid":"MZ1","callSid":"CA1"},"streamSid":"MZ1"}',
    );
    const error = (await detection.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain(
      'it looks like a Twilio message that the twilio provider does not accept (a required field missing or of the wrong type?)',
    );
  });

  it('says the listeners were attached late when the first message is media, and how to fix it', async () => {
    const socket = new FakeWebSocket();
    const detection = detectProvider(socket, [twilioLike], {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive(
      '{"event":"media","sequenceNumber":"4","media":{"payload":"AA=="},"streamSid":"MZ1"}',
    );
    const error = (await detection.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(
      'no provider (twilio) recognises the message (event "media", keys "event", "sequenceNumber", "media", "streamSid"); the first message read is a mid-stream "media" message (it looks like Twilio), so the opening "connected"/"start" messages were missed: the listeners were probably attached late, after the socket had emitted them. Call detectProvider synchronously in the WebSocket server\'s "connection" handler, before any await',
    );
  });

  it('warns on the console by default when detection fails', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const socket = new FakeWebSocket();
      const detection = detectProvider(socket, providers, { clock: new ManualClock() });
      socket.receive('{"hello":"world"}');
      await detection.catch(() => {});
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('WARN no provider (alpha, beta)');
    } finally {
      warn.mockRestore();
    }
  });
});
