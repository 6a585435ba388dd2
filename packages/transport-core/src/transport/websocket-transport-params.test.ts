import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEBSOCKET_TRANSPORT_PARAMS,
  resolveWebSocketTransportParams,
} from './websocket-transport-params.js';

describe('resolveWebSocketTransportParams', () => {
  it('applies the documented defaults; the lead defaults to one chunk', () => {
    const params = resolveWebSocketTransportParams();
    expect(params).toMatchObject(DEFAULT_WEBSOCKET_TRANSPORT_PARAMS);
    expect(params.audioOutMaxLeadMs).toBe(40);
    expect(resolveWebSocketTransportParams({ audioOut10msChunks: 2 }).audioOutMaxLeadMs).toBe(20);
    expect(params.audioInSampleRate).toBeUndefined();
    expect(params.sessionTimeout).toBeUndefined();
  });

  it('names the parameter and the value it refuses', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ audioOut10msChunks: 1.5 }, /audioOut10msChunks.*1\.5/],
      [{ audioOutChannels: 3 }, /audioOutChannels.*3/],
      [{ fixedAudioPacketSize: 0 }, /fixedAudioPacketSize.*0/],
      [{ sessionTimeout: Number.NaN }, /sessionTimeout.*NaN/],
      [{ audioOutMaxLeadMs: -5 }, /audioOutMaxLeadMs.*-5/],
      [{ wsMaxBufferedBytes: 0 }, /wsMaxBufferedBytes.*0/],
      [{ allowedOrigins: [''] }, /allowedOrigins/],
    ];
    for (const [params, message] of cases) {
      expect(() => resolveWebSocketTransportParams(params)).toThrow(message);
    }
  });
});
