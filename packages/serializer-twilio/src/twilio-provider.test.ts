import {
  CALL_TOKEN_PARAMETER,
  detectProvider,
  StreamStartedFrame,
  silentLogger,
} from '@x/transport-core';
import { CallTokenSigner } from '@x/transport-core/provider-kit';
import { ManualClock } from '@x/transport-core/testing';
import { describe, expect, it } from 'vitest';
import {
  editedFixture,
  FIXTURE_ACCOUNT_SID,
  FIXTURE_CALL_SID,
  FIXTURE_STREAM_SID,
  fixtureJson,
  fixtureText,
} from './__fixtures__/fixtures.js';
import { TwilioFrameSerializer } from './twilio-frame-serializer.js';
import { twilioProvider } from './twilio-provider.js';

describe('twilioProvider.recognize', () => {
  it('reads connected as the preamble', () => {
    expect(twilioProvider.recognize(fixtureJson('connected.json'))).toEqual({ kind: 'preamble' });
  });

  it('reads start as the start, with the call data', () => {
    expect(twilioProvider.recognize(fixtureJson('start.json'))).toEqual({
      kind: 'start',
      callData: {
        provider: 'twilio',
        streamId: FIXTURE_STREAM_SID,
        callId: FIXTURE_CALL_SID,
        accountId: FIXTURE_ACCOUNT_SID,
        tracks: ['inbound'],
        customParameters: { FirstName: 'Jane', LastName: 'Doe', RemoteParty: 'Bob' },
        mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
      },
    });
  });

  it('takes from and to from well-known custom parameters', () => {
    const start = JSON.parse(
      editedFixture('start.json', (message) => {
        (message.start as { customParameters: object }).customParameters = {
          From: '+14155550100',
          to_number: '+14155550199',
        };
      }),
    );
    const recognition = twilioProvider.recognize(start);
    expect(recognition).toMatchObject({
      kind: 'start',
      callData: { from: '+14155550100', to: '+14155550199' },
    });
  });

  it('claims no later Twilio message and no non-object', () => {
    for (const name of ['media.json', 'dtmf.json', 'mark.json', 'stop.json']) {
      expect(twilioProvider.recognize(fixtureJson(name)), name).toBeUndefined();
    }
    for (const value of [
      null,
      'start',
      42,
      [],
      { event: 'start' },
      { event: 'start', start: [] },
    ]) {
      expect(twilioProvider.recognize(value)).toBeUndefined();
    }
  });

  it('refuses a Twilio start with another media format, naming it', () => {
    const start = JSON.parse(
      editedFixture('start.json', (message) => {
        (message.start as { mediaFormat: { sampleRate: number } }).mediaFormat.sampleRate = 16000;
      }),
    );
    expect(twilioProvider.recognize(start)).toEqual({
      kind: 'refused',
      reason: expect.stringContaining('"start.mediaFormat" is "audio/x-mulaw" at 16000 Hz'),
    });
  });

  it('refuses a Twilio start with a missing account SID, naming the field', () => {
    const start = JSON.parse(
      editedFixture('start.json', (message) => {
        delete (message.start as { accountSid?: string }).accountSid;
      }),
    );
    expect(twilioProvider.recognize(start)).toEqual({
      kind: 'refused',
      reason: expect.stringContaining('"start.accountSid"'),
    });
  });
});

describe('twilioProvider.createSerializer', () => {
  it("builds a serializer for the call, with the start's account as default account SID", async () => {
    const recognition = twilioProvider.recognize(fixtureJson('start.json'));
    if (recognition?.kind !== 'start') throw new Error('not recognised');
    const requests: string[] = [];
    const serializer = twilioProvider.createSerializer(recognition.callData, {
      authToken: 'token',
      fetch: async (url) => {
        requests.push(url);
        return new Response('{}', { status: 200 });
      },
    });
    expect(serializer).toBeInstanceOf(TwilioFrameSerializer);
    expect(serializer.name).toBe('twilio');
    serializer.setup({ audioInSampleRate: 16000, audioOutSampleRate: 24000, logger: silentLogger });
    expect(StreamStartedFrame.is(serializer.deserialize(fixtureText('start.json')) as never)).toBe(
      true,
    );
    await serializer.hangUp?.();
    expect(requests).toEqual([
      `https://api.twilio.com/2010-04-01/Accounts/${FIXTURE_ACCOUNT_SID}/Calls/${FIXTURE_CALL_SID}.json`,
    ]);
  });

  it('asks for credentials when auto hang-up is on and none are given', () => {
    const recognition = twilioProvider.recognize(fixtureJson('start.json'));
    if (recognition?.kind !== 'start') throw new Error('not recognised');
    expect(() => twilioProvider.createSerializer(recognition.callData)).toThrow(
      /needs authToken \(or apiKeySid and apiKeySecret\); pass them, or pass autoHangUp: false/,
    );
    expect(() =>
      twilioProvider.createSerializer(recognition.callData, { autoHangUp: false }),
    ).not.toThrow();
  });
});

describe('twilioProvider.webhookResponse', () => {
  it('answers with TwiML connecting the call to the stream URL with its parameters', () => {
    expect(
      twilioProvider.webhookResponse({
        streamUrl: 'wss://bot.example.com/media',
        parameters: { From: '+14155550100' },
      }),
    ).toEqual({
      contentType: 'text/xml',
      body: '<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://bot.example.com/media"><Parameter name="From" value="+14155550100"/></Stream></Connect></Response>',
    });
  });
});

describe('twilioProvider.callIdOfWebhook', () => {
  const url = 'https://bot.example.com/voice';
  const callSid = 'CA1234567890abcdef1234567890abcdef';

  it('reads CallSid from a form webhook', () => {
    const rawBody = `AccountSid=AC1&CallSid=${callSid}&From=%2B14155550100`;
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(twilioProvider.callIdOfWebhook?.({ method: 'POST', url, headers, rawBody })).toBe(
      callSid,
    );
    const bytes = new TextEncoder().encode(rawBody);
    expect(twilioProvider.callIdOfWebhook?.({ method: 'POST', url, headers, rawBody: bytes })).toBe(
      callSid,
    );
  });

  it('reads CallSid from a JSON body and from the query of a GET webhook', () => {
    const json = JSON.stringify({ CallSid: callSid });
    const headers = { 'content-type': 'application/json' };
    expect(twilioProvider.callIdOfWebhook?.({ method: 'POST', url, headers, rawBody: json })).toBe(
      callSid,
    );
    expect(
      twilioProvider.callIdOfWebhook?.({
        method: 'GET',
        url: `${url}?CallSid=${callSid}`,
        headers: {},
      }),
    ).toBe(callSid);
  });

  it('says nothing for an absent, empty, repeated, malformed or oversized body, and never throws', () => {
    const headers = {};
    const read = (rawBody?: string | Uint8Array) =>
      twilioProvider.callIdOfWebhook?.({
        method: 'POST',
        url,
        headers,
        ...(rawBody !== undefined && { rawBody }),
      });
    expect(read()).toBeUndefined();
    expect(read('')).toBeUndefined();
    expect(read('From=%2B1')).toBeUndefined();
    expect(read('CallSid=')).toBeUndefined();
    expect(read('CallSid=CA1&CallSid=CA2')).toBeUndefined();
    expect(read('{"CallSid": 42}')).toBeUndefined();
    expect(read('{not json')).toBeUndefined();
    expect(read(`CallSid=${callSid}&Padding=${'x'.repeat(70_000)}`)).toBeUndefined();
    expect(
      twilioProvider.callIdOfWebhook?.({ method: 'GET', url: 'not a url', headers }),
    ).toBeUndefined();
  });
});

describe('call-bound streams with twilioProvider', () => {
  it('carries a call token from the webhook answer to the start message, where it verifies', () => {
    const signer = new CallTokenSigner({ secret: 'a-server-secret-of-at-least-32-bytes!' });
    const webhook = {
      method: 'POST',
      url: 'https://bot.example.com/voice',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: `CallSid=${FIXTURE_CALL_SID}&From=%2B14155550100`,
    };
    const callId = twilioProvider.callIdOfWebhook?.(webhook);
    if (callId === undefined) throw new Error('no call id');
    const token = signer.mint({ provider: twilioProvider.name, callId });
    const answer = twilioProvider.webhookResponse({
      streamUrl: 'wss://bot.example.com/media',
      parameters: { [CALL_TOKEN_PARAMETER]: token },
    });
    // Twilio delivers each <Parameter> of the answer in start.customParameters.
    const parameter = /<Parameter name="([^"]+)" value="([^"]+)"\/>/.exec(answer.body);
    expect(parameter?.slice(1)).toEqual([CALL_TOKEN_PARAMETER, token]);
    const start = JSON.parse(
      editedFixture('start.json', (message) => {
        (message.start as { customParameters: object }).customParameters = {
          [parameter![1]!]: parameter![2]!,
        };
      }),
    );
    const recognition = twilioProvider.recognize(start);
    if (recognition?.kind !== 'start') throw new Error('not recognised');
    const { callData } = recognition;
    expect(callData.customParameters[CALL_TOKEN_PARAMETER]).toBe(token);
    expect(signer.verify(callData.customParameters[CALL_TOKEN_PARAMETER], callData)).toEqual({
      ok: true,
    });
    const otherCall = { ...callData, callId: 'CA00000000000000000000000000000000' };
    expect(signer.verify(token, otherCall).ok).toBe(false);
  });
});

describe('detectProvider with twilioProvider', () => {
  it('detects a Twilio call from connected then start and hands both messages over', async () => {
    const socket = new MessageSocket();
    const detection = detectProvider(socket, [twilioProvider], {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive(fixtureText('connected.json'));
    socket.receive(fixtureText('start.json'));
    const call = await detection;
    expect(call.provider.name).toBe('twilio');
    expect(call.callData.streamId).toBe(FIXTURE_STREAM_SID);
    expect(call.takeMessages()).toHaveLength(2);
  });

  it('fails detection with the reason when the start has an unsupported media format', async () => {
    const socket = new MessageSocket();
    const detection = detectProvider(socket, [twilioProvider], {
      clock: new ManualClock(),
      logger: silentLogger,
    });
    socket.receive(fixtureText('connected.json'));
    socket.receive(
      editedFixture('start.json', (message) => {
        (message.start as { mediaFormat: { encoding: string } }).mediaFormat.encoding =
          'audio/x-l16';
      }),
    );
    await expect(detection).rejects.toMatchObject({
      failure: 'refused',
      message: expect.stringContaining(
        'twilio refused the call: "start.mediaFormat" is "audio/x-l16"',
      ),
    });
  });
});

type Listener = (event: never) => void;

/** A minimal WHATWG-shaped socket that only delivers messages. */
class MessageSocket {
  readyState = 1;
  readonly #listeners = new Map<string, Set<Listener>>();
  send(): void {}
  close(): void {}
  addEventListener(type: string, listener: Listener): void {
    const set = this.#listeners.get(type) ?? new Set();
    set.add(listener);
    this.#listeners.set(type, set);
  }
  removeEventListener(type: string, listener: Listener): void {
    this.#listeners.get(type)?.delete(listener);
  }
  receive(data: string): void {
    for (const listener of this.#listeners.get('message') ?? []) {
      (listener as (event: { data: unknown }) => void)({ data });
    }
  }
}
