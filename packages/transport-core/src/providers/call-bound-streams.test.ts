import { describe, expect, it } from 'vitest';
import { CALL_TOKEN_PARAMETER, CallTokenSigner } from '../telephony/call-token.js';
import { CallBoundStreams } from './call-bound-streams.js';
import type { CallData } from './call-data.js';

const SECRET = 'call-bound-streams-secret-0123456789';
const NOW_MS = 1_767_225_600_000;

function callData(callId: string, token?: string): CallData {
  return {
    provider: 'alpha',
    streamId: 'stream-1',
    callId,
    customParameters: token === undefined ? {} : { [CALL_TOKEN_PARAMETER]: token },
    mediaFormat: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
  };
}

function streams(now: () => number = () => NOW_MS): CallBoundStreams {
  return new CallBoundStreams({
    provider: 'alpha',
    enabled: true,
    disabledReason: 'off',
    secret: SECRET,
    now,
  });
}

describe('CallBoundStreams', () => {
  it('adds the call token to the answer parameters, and the stream of that call passes', () => {
    const bound = streams();
    const parameters = bound.streamParameters('call-1', { From: '+15550100' });
    expect(parameters).toEqual({ From: '+15550100', callToken: expect.any(String) });
    expect(bound.check(callData('call-1', parameters.callToken))).toEqual({ ok: true });
  });

  it('refuses the token of one call presented for another, a missing one and an expired one', () => {
    let nowMs = NOW_MS;
    const bound = streams(() => nowMs);
    const token = bound.streamParameters('call-1').callToken;
    expect(bound.check(callData('call-2', token))).toEqual({
      ok: false,
      reason: 'call token does not match this call',
    });
    expect(bound.check(callData('call-1'))).toEqual({ ok: false, reason: 'missing call token' });
    nowMs += 601_000;
    expect(bound.check(callData('call-1', token))).toEqual({
      ok: false,
      reason: 'call token expired',
    });
  });

  it("refuses another provider's call data", () => {
    const bound = streams();
    const token = bound.streamParameters('call-1').callToken;
    expect(bound.check({ ...callData('call-1', token), provider: 'beta' })).toMatchObject({
      ok: false,
    });
  });

  it('mints nothing without a call id', () => {
    expect(streams().streamParameters(undefined, { a: '1' })).toEqual({ a: '1' });
  });

  it('when off, mints nothing and refuses every stream with the reason given', () => {
    const off = new CallBoundStreams({
      provider: 'alpha',
      enabled: false,
      disabledReason: 'set ALPHA_SECRET',
    });
    expect(off.enabled).toBe(false);
    expect(off.streamParameters('call-1')).toEqual({});
    const token = new CallTokenSigner({ secret: SECRET }).mint({
      provider: 'alpha',
      callId: 'call-1',
    });
    expect(off.check(callData('call-1', token))).toEqual({ ok: false, reason: 'set ALPHA_SECRET' });
  });

  it('derives the same key from the same provider secret in every process', () => {
    const options = {
      provider: 'alpha',
      enabled: true,
      disabledReason: 'off',
      providerSecret: 'the-provider-auth-token',
      now: () => NOW_MS,
    };
    const token = new CallBoundStreams(options).streamParameters('call-1').callToken;
    expect(new CallBoundStreams(options).check(callData('call-1', token))).toEqual({ ok: true });
  });

  it('without any secret, keys its tokens randomly per instance', () => {
    const options = { provider: 'alpha', enabled: true, disabledReason: 'off' };
    const token = new CallBoundStreams(options).streamParameters('call-1').callToken;
    expect(new CallBoundStreams(options).check(callData('call-1', token)).ok).toBe(false);
  });
});
