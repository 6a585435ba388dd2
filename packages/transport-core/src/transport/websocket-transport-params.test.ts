import { describe, expect, it } from 'vitest';
import {
  checkWholeSamplesPer10ms,
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
    expect(params.sessionTimeoutSecs).toBeUndefined();
    // interruptions keep their behaviour: only while the bot is heard, at the confirmed start
    expect(params.interruptions).toBe('while-bot-heard');
    expect(params.minInterruptionSpeechSecs).toBe(0);
    expect(params.muteUserInputUntilFirstBotTurnEnds).toBe(false);
  });

  it('names the parameter and the value it refuses', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ audioOut10msChunks: 1.5 }, /audioOut10msChunks.*1\.5/],
      [{ audioOutChannels: 3 }, /audioOutChannels.*3/],
      [{ fixedAudioPacketSize: 0 }, /fixedAudioPacketSize.*0/],
      [{ sessionTimeoutSecs: Number.NaN }, /sessionTimeoutSecs.*NaN/],
      [{ audioOutMaxLeadMs: -5 }, /audioOutMaxLeadMs.*-5/],
      [{ wsMaxBufferedBytes: 0 }, /wsMaxBufferedBytes.*0/],
      [{ allowedOrigins: [''] }, /allowedOrigins/],
      [{ interruptions: 'sometimes' }, /interruptions must be one of 'on-user-speech'.*sometimes/],
      [{ minInterruptionSpeechSecs: -0.5 }, /minInterruptionSpeechSecs.*-0\.5/],
    ];
    for (const [params, message] of cases) {
      expect(() => resolveWebSocketTransportParams(params)).toThrow(message);
    }
  });

  it('refuses an audioOutSampleRate of 8001 Hz at construction, naming the rates that work', () => {
    expect(() => resolveWebSocketTransportParams({ audioOutSampleRate: 8001 })).toThrow(
      'audioOutSampleRate must be a multiple of 100 Hz from 8000 to 48000 Hz (bot audio is sent in 10 ms chunks of whole samples), e.g. 8000, 16000, 24000, 44100, 48000; got 8001',
    );
    expect(() => resolveWebSocketTransportParams({ audioOutSampleRate: 96_000 })).toThrow(
      /audioOutSampleRate.*got 96000/,
    );
  });

  it('refuses an audioInSampleRate the resampler cannot reach, and accepts 22050 Hz', () => {
    expect(() => resolveWebSocketTransportParams({ audioInSampleRate: 8001 })).toThrow(
      /audioInSampleRate must be a multiple of 50 Hz from 8000 to 48000 Hz.*got 8001/,
    );
    expect(() => resolveWebSocketTransportParams({ audioInSampleRate: 4000 })).toThrow(RangeError);
    expect(resolveWebSocketTransportParams({ audioInSampleRate: 22_050 }).audioInSampleRate).toBe(
      22_050,
    );
  });

  it('says how to fix a bot audio rate without whole samples per 10 ms', () => {
    expect(() => checkWholeSamplesPer10ms(22_050)).toThrow(
      "audio output sample rate must be a multiple of 100 Hz (whole samples per 10 ms), e.g. 8000, 16000, 24000, 44100, 48000; got 22050: set the transport's audioOutSampleRate (or the pipeline's) to one",
    );
  });
});
