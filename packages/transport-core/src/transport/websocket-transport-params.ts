import type { AudioInFilter } from '../audio/audio-in-filter.js';
import type { AudioOutMixer } from '../audio/audio-out-mixer.js';
import {
  DTMF_GAP_MS,
  DTMF_MIN_GAP_MS,
  DTMF_MIN_TONE_MS,
  DTMF_TONE_MS,
} from '../audio/dtmf-tone-generator.js';
import {
  checkPipelineSampleRate,
  MAX_PIPELINE_SAMPLE_RATE_HZ,
  MIN_PIPELINE_SAMPLE_RATE_HZ,
} from '../pipeline/pipeline-sample-rate.js';
import type { FrameSerializer } from '../serializer/frame-serializer.js';
import type { VADAnalyzer } from '../vad/vad-analyzer.js';
import { INTERRUPTION_POLICIES, type InterruptionPolicy } from './interruption-policy.js';
import { DEFAULT_TRANSPORT_PARAMS, type TransportParams } from './transport-params.js';

/** Settings of a `WebSocketTransport` (Pipecat's `FastAPIWebsocketParams`, plus bounds). */
export interface WebSocketTransportParams extends TransportParams {
  /**
   * The provider's serializer (e.g. `TwilioFrameSerializer`). Without one, inbound messages are
   * ignored and nothing is sent, and a warning says so at setup. Default none.
   */
  serializer?: FrameSerializer;
  /**
   * Wrap each binary audio payload in its own 44-byte WAV header (output rate and channels), for
   * browser clients that play each message as a file. Default false.
   */
  addWavHeader?: boolean;
  /** Seconds after the pipeline starts when the `sessionTimeout` event fires (once). Default: never. */
  sessionTimeoutSecs?: number;
  /**
   * Send binary audio payloads in packets of exactly this many bytes (e.g. 640 = 20 ms at 16 kHz
   * PCM16), keeping the remainder for the next payload; the remainder is padded with zeros and sent
   * at the end of an utterance and of the call, and dropped on an interruption. Text (JSON)
   * payloads are not affected. Default: payloads go out as they are.
   */
  fixedAudioPacketSize?: number;
  /**
   * Browser origins allowed to connect (exact match, case-insensitive); checked when the upgrade
   * request is given to the transport (`options.request`). Empty allows every origin. Default [].
   */
  allowedOrigins?: readonly string[];
  /**
   * Whether a request without an `Origin` header passes a non-empty `allowedOrigins` (telephony
   * providers send none; browsers always do). Default true.
   */
  allowMissingOrigin?: boolean;
  /**
   * Milliseconds to wait for the WebSocket close handshake before dropping the connection.
   * Default 500.
   */
  wsCloseTimeoutMs?: number;
  /**
   * Most audio sent ahead of its play time, in milliseconds: each chunk is sent at most this long
   * before it is due to start playing, so barge-in leaves little audio to clear and "bot speaking"
   * is true to within a chunk. Default: one chunk (`audioOut10msChunks` × 10 ms).
   */
  audioOutMaxLeadMs?: number;
  /**
   * Background sound under the bot's voice, played alone (paced) while the bot is silent, e.g. a
   * `LoopedSoundMixer` of hold music; `MixerControlFrame` changes its volume or turns it on and
   * off. One mixer per call: it keeps its position. Default none.
   */
  audioOutMixer?: AudioOutMixer;
  /**
   * Filter run on caller audio before the VAD and the bot hear it (e.g. `RNNoiseFilter` from
   * `@x/audio-filter-rnnoise`); `FilterEnableFrame` turns it off and on. It works at the pipeline's
   * caller audio rate, and the VAD then listens to the filtered audio at that rate. One filter per
   * call: it keeps state. Default none.
   */
  audioInFilter?: AudioInFilter;
  /**
   * Insert silence where the provider's media timestamps (or chunk numbers) show caller audio
   * went missing, so the pipeline's audio clock keeps to the call's: a lost packet becomes 20 ms of
   * silence instead of joining the words on either side. Never more silence than the time that
   * has passed since the stream's first audio allows. Default true.
   */
  fillCallerAudioGaps?: boolean;
  /**
   * Longest silence inserted for one gap, in milliseconds (0 to 10,000); a longer jump is filled
   * only up to this (the stream was paused, not lossy). Default 1000.
   */
  maxCallerAudioGapMs?: number;
  /**
   * How long each DTMF key sounds, in milliseconds (at least 40), when the serializer cannot send
   * DTMF and the keys are played as in-band tones. Default 100.
   */
  audioOutDtmfToneMs?: number;
  /** Silence after each in-band DTMF key, in milliseconds (at least 40). Default 100. */
  audioOutDtmfGapMs?: number;
  /**
   * When more than this many bytes wait in the socket's send buffer (`bufferedAmount`), the peer is
   * not reading: the connection is dropped, `clientDisconnected` fires and the pipeline ends.
   * Needs a socket that reports `bufferedAmount`. Default 262144 (256 KiB).
   */
  wsMaxBufferedBytes?: number;
  /**
   * Most inbound messages held while the pipeline starts (or while an asynchronous VAD catches
   * up); further ones are dropped and counted. Default 500 (10 s of 20 ms media messages).
   */
  inboundQueueLimit?: number;
  /**
   * Milliseconds to wait for the serializer's `hangUp()` (the provider's REST hang-up) before
   * closing anyway. Default 5000.
   */
  hangUpTimeoutMs?: number;
  /**
   * Inbound ceiling in messages per second, sustained: a client above it for longer than a burst
   * (`INBOUND_RATE_BURST_SECS` of the rate) is disconnected with close code 1008 and
   * `clientDisconnected` fires (reason `inbound-rate-exceeded`). Providers send 50 a second (20 ms
   * media). `Infinity` turns it off. Default 250.
   */
  maxInboundMessagesPerSecond?: number;
  /**
   * Inbound ceiling in bytes (text: characters) per second, sustained, with the same burst and
   * outcome. 8 kHz μ-law media is about 17 KB/s on the wire, 48 kHz L16 about 140 KB/s.
   * `Infinity` turns it off. Default 524288 (512 KiB).
   */
  maxInboundBytesPerSecond?: number;
  /**
   * Milliseconds after the pipeline starts within which the first caller audio must arrive; a
   * client that opens a stream and then sends nothing is disconnected with close code 1008 and
   * `clientDisconnected` fires (reason `no-audio`). Default: no deadline.
   */
  firstAudioTimeoutMs?: number;
}

/** Defaults of `WebSocketTransportParams` (sample rates default to the pipeline's). */
export const DEFAULT_WEBSOCKET_TRANSPORT_PARAMS = Object.freeze({
  ...DEFAULT_TRANSPORT_PARAMS,
  addWavHeader: false,
  allowedOrigins: Object.freeze([]) as readonly string[],
  allowMissingOrigin: true,
  wsCloseTimeoutMs: 500,
  wsMaxBufferedBytes: 256 * 1024,
  inboundQueueLimit: 500,
  hangUpTimeoutMs: 5000,
  maxInboundMessagesPerSecond: 250,
  maxInboundBytesPerSecond: 512 * 1024,
  audioOutDtmfToneMs: DTMF_TONE_MS,
  audioOutDtmfGapMs: DTMF_GAP_MS,
  fillCallerAudioGaps: true,
  maxCallerAudioGapMs: 1000,
} as const);

/** `WebSocketTransportParams` with defaults applied. */
export interface ResolvedWebSocketTransportParams {
  readonly audioInEnabled: boolean;
  readonly audioInSampleRate: number | undefined;
  readonly audioInChannels: number;
  readonly audioInPassthrough: boolean;
  readonly audioOutEnabled: boolean;
  readonly audioOutSampleRate: number | undefined;
  readonly audioOutChannels: number;
  readonly audioOut10msChunks: number;
  readonly audioOutEndSilenceSecs: number;
  readonly vadAnalyzer: VADAnalyzer | undefined;
  readonly interruptions: InterruptionPolicy;
  readonly minInterruptionSpeechSecs: number;
  readonly muteUserInputUntilFirstBotTurnEnds: boolean;
  readonly serializer: FrameSerializer | undefined;
  readonly addWavHeader: boolean;
  readonly sessionTimeoutSecs: number | undefined;
  readonly fixedAudioPacketSize: number | undefined;
  readonly allowedOrigins: readonly string[];
  readonly allowMissingOrigin: boolean;
  readonly wsCloseTimeoutMs: number;
  readonly audioOutMaxLeadMs: number;
  readonly audioOutMixer: AudioOutMixer | undefined;
  readonly audioInFilter: AudioInFilter | undefined;
  readonly fillCallerAudioGaps: boolean;
  readonly maxCallerAudioGapMs: number;
  readonly audioOutDtmfToneMs: number;
  readonly audioOutDtmfGapMs: number;
  readonly wsMaxBufferedBytes: number;
  readonly inboundQueueLimit: number;
  readonly hangUpTimeoutMs: number;
  readonly maxInboundMessagesPerSecond: number;
  readonly maxInboundBytesPerSecond: number;
  readonly firstAudioTimeoutMs: number | undefined;
}

/**
 * Applies the defaults and checks every value.
 * @throws RangeError naming the parameter and the bad value.
 */
export function resolveWebSocketTransportParams(
  params: WebSocketTransportParams = {},
): ResolvedWebSocketTransportParams {
  const defaults = DEFAULT_WEBSOCKET_TRANSPORT_PARAMS;
  const chunks = params.audioOut10msChunks ?? defaults.audioOut10msChunks;
  checkInteger('audioOut10msChunks', chunks, 1);
  const resolved: ResolvedWebSocketTransportParams = {
    audioInEnabled: params.audioInEnabled ?? defaults.audioInEnabled,
    audioInSampleRate: params.audioInSampleRate,
    audioInChannels: params.audioInChannels ?? defaults.audioInChannels,
    audioInPassthrough: params.audioInPassthrough ?? defaults.audioInPassthrough,
    audioOutEnabled: params.audioOutEnabled ?? defaults.audioOutEnabled,
    audioOutSampleRate: params.audioOutSampleRate,
    audioOutChannels: params.audioOutChannels ?? defaults.audioOutChannels,
    audioOut10msChunks: chunks,
    audioOutEndSilenceSecs: params.audioOutEndSilenceSecs ?? defaults.audioOutEndSilenceSecs,
    vadAnalyzer: params.vadAnalyzer,
    interruptions: params.interruptions ?? defaults.interruptions,
    minInterruptionSpeechSecs:
      params.minInterruptionSpeechSecs ?? defaults.minInterruptionSpeechSecs,
    muteUserInputUntilFirstBotTurnEnds:
      params.muteUserInputUntilFirstBotTurnEnds ?? defaults.muteUserInputUntilFirstBotTurnEnds,
    serializer: params.serializer,
    addWavHeader: params.addWavHeader ?? defaults.addWavHeader,
    sessionTimeoutSecs: params.sessionTimeoutSecs,
    fixedAudioPacketSize: params.fixedAudioPacketSize,
    allowedOrigins: Object.freeze([...(params.allowedOrigins ?? defaults.allowedOrigins)]),
    allowMissingOrigin: params.allowMissingOrigin ?? defaults.allowMissingOrigin,
    wsCloseTimeoutMs: params.wsCloseTimeoutMs ?? defaults.wsCloseTimeoutMs,
    audioOutMaxLeadMs: params.audioOutMaxLeadMs ?? chunks * 10,
    audioOutMixer: params.audioOutMixer,
    audioInFilter: params.audioInFilter,
    fillCallerAudioGaps: params.fillCallerAudioGaps ?? defaults.fillCallerAudioGaps,
    maxCallerAudioGapMs: params.maxCallerAudioGapMs ?? defaults.maxCallerAudioGapMs,
    audioOutDtmfToneMs: params.audioOutDtmfToneMs ?? defaults.audioOutDtmfToneMs,
    audioOutDtmfGapMs: params.audioOutDtmfGapMs ?? defaults.audioOutDtmfGapMs,
    wsMaxBufferedBytes: params.wsMaxBufferedBytes ?? defaults.wsMaxBufferedBytes,
    inboundQueueLimit: params.inboundQueueLimit ?? defaults.inboundQueueLimit,
    hangUpTimeoutMs: params.hangUpTimeoutMs ?? defaults.hangUpTimeoutMs,
    maxInboundMessagesPerSecond:
      params.maxInboundMessagesPerSecond ?? defaults.maxInboundMessagesPerSecond,
    maxInboundBytesPerSecond: params.maxInboundBytesPerSecond ?? defaults.maxInboundBytesPerSecond,
    firstAudioTimeoutMs: params.firstAudioTimeoutMs,
  };
  if (resolved.audioInSampleRate !== undefined) {
    checkPipelineSampleRate('audioInSampleRate', resolved.audioInSampleRate);
  }
  if (resolved.audioOutSampleRate !== undefined) {
    checkOutputSampleRate('audioOutSampleRate', resolved.audioOutSampleRate);
  }
  checkChannels('audioInChannels', resolved.audioInChannels);
  checkChannels('audioOutChannels', resolved.audioOutChannels);
  checkSeconds('audioOutEndSilenceSecs', resolved.audioOutEndSilenceSecs);
  if (!INTERRUPTION_POLICIES.includes(resolved.interruptions)) {
    throw new RangeError(
      `interruptions must be one of ${INTERRUPTION_POLICIES.map((policy) => `'${policy}'`).join(', ')}, got ${JSON.stringify(resolved.interruptions)}`,
    );
  }
  checkSeconds('minInterruptionSpeechSecs', resolved.minInterruptionSpeechSecs);
  if (resolved.sessionTimeoutSecs !== undefined)
    checkSeconds('sessionTimeoutSecs', resolved.sessionTimeoutSecs);
  if (resolved.fixedAudioPacketSize !== undefined) {
    checkInteger('fixedAudioPacketSize', resolved.fixedAudioPacketSize, 1);
  }
  checkSeconds('wsCloseTimeoutMs', resolved.wsCloseTimeoutMs);
  checkSeconds('audioOutMaxLeadMs', resolved.audioOutMaxLeadMs);
  checkMilliseconds('audioOutDtmfToneMs', resolved.audioOutDtmfToneMs, DTMF_MIN_TONE_MS);
  checkMilliseconds('audioOutDtmfGapMs', resolved.audioOutDtmfGapMs, DTMF_MIN_GAP_MS);
  if (
    !Number.isFinite(resolved.maxCallerAudioGapMs) ||
    resolved.maxCallerAudioGapMs < 0 ||
    resolved.maxCallerAudioGapMs > MAX_CALLER_AUDIO_GAP_MS
  ) {
    throw new RangeError(
      `maxCallerAudioGapMs must be from 0 to ${MAX_CALLER_AUDIO_GAP_MS} ms, got ${resolved.maxCallerAudioGapMs}`,
    );
  }
  if (resolved.audioInFilter !== undefined) checkAudioInFilter(resolved.audioInFilter);
  checkInteger('wsMaxBufferedBytes', resolved.wsMaxBufferedBytes, 1);
  checkInteger('inboundQueueLimit', resolved.inboundQueueLimit, 1);
  checkSeconds('hangUpTimeoutMs', resolved.hangUpTimeoutMs);
  checkPositive('maxInboundMessagesPerSecond', resolved.maxInboundMessagesPerSecond);
  checkPositive('maxInboundBytesPerSecond', resolved.maxInboundBytesPerSecond);
  if (resolved.firstAudioTimeoutMs !== undefined) {
    checkPositive('firstAudioTimeoutMs', resolved.firstAudioTimeoutMs);
    if (!Number.isFinite(resolved.firstAudioTimeoutMs)) {
      throw new RangeError(
        `firstAudioTimeoutMs must be finite (leave it unset for no deadline), got ${resolved.firstAudioTimeoutMs}`,
      );
    }
  }
  for (const origin of resolved.allowedOrigins) {
    if (typeof origin !== 'string' || origin.trim() === '') {
      throw new RangeError(
        `allowedOrigins entries must be non-empty strings, got ${JSON.stringify(origin)}`,
      );
    }
  }
  return Object.freeze(resolved);
}

/** Largest `maxCallerAudioGapMs`: longer silences are a paused stream, not lost packets. */
export const MAX_CALLER_AUDIO_GAP_MS = 10_000;

/** @throws TypeError when `filter` lacks the `AudioInFilter` methods. */
function checkAudioInFilter(filter: AudioInFilter): void {
  for (const method of ['start', 'filter', 'stop'] as const) {
    if (typeof filter[method] !== 'function') {
      throw new TypeError(
        `audioInFilter must have start(sampleRate, numChannels), filter(audio) and stop() methods; ${method} is ${typeof filter[method]}`,
      );
    }
  }
}

/** Bot audio goes out in 10 ms chunks of whole samples: its rate is a multiple of this, in Hz. */
const OUTPUT_SAMPLE_RATE_STEP_HZ = 100;
/** Examples named in error messages: the common rates that are multiples of 100 Hz. */
const OUTPUT_EXAMPLE_RATES = '8000, 16000, 24000, 44100, 48000';

/**
 * Checks a rate bot audio is sent at: a multiple of 100 Hz (whole samples per 10 ms chunk) from
 * 8000 to 48000 Hz, which the resampler converts to and from every other rate.
 * @throws RangeError naming the setting, the supported rates and the value.
 */
function checkOutputSampleRate(name: string, sampleRate: number): void {
  if (
    !Number.isInteger(sampleRate) ||
    sampleRate < MIN_PIPELINE_SAMPLE_RATE_HZ ||
    sampleRate > MAX_PIPELINE_SAMPLE_RATE_HZ ||
    sampleRate % OUTPUT_SAMPLE_RATE_STEP_HZ !== 0
  ) {
    throw new RangeError(
      `${name} must be a multiple of ${OUTPUT_SAMPLE_RATE_STEP_HZ} Hz from ${MIN_PIPELINE_SAMPLE_RATE_HZ} to ${MAX_PIPELINE_SAMPLE_RATE_HZ} Hz (bot audio is sent in 10 ms chunks of whole samples), e.g. ${OUTPUT_EXAMPLE_RATES}; got ${sampleRate}`,
    );
  }
  // the same bounds as the pipeline's, so the two checks cannot drift apart
  checkPipelineSampleRate(name, sampleRate);
}

/**
 * Checks that `sampleRate` has a whole number of samples per 10 ms (every common rate does but
 * 22050 and 11025), as the rate bot audio is sent at must.
 * @throws RangeError naming the rate and how to pick another.
 */
export function checkWholeSamplesPer10ms(sampleRate: number): void {
  if (sampleRate % OUTPUT_SAMPLE_RATE_STEP_HZ !== 0) {
    throw new RangeError(
      `audio output sample rate must be a multiple of ${OUTPUT_SAMPLE_RATE_STEP_HZ} Hz (whole samples per 10 ms), e.g. ${OUTPUT_EXAMPLE_RATES}; got ${sampleRate}: set the transport's audioOutSampleRate (or the pipeline's) to one`,
    );
  }
}

function checkInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be an integer ≥ ${minimum}, got ${value}`);
  }
}

function checkChannels(name: string, value: number): void {
  if (value !== 1 && value !== 2) {
    throw new RangeError(`${name} must be 1 or 2, got ${value}`);
  }
}

function checkPositive(name: string, value: number): void {
  if (!(value > 0)) {
    throw new RangeError(`${name} must be a number > 0, got ${value}`);
  }
}

function checkSeconds(name: string, value: number): void {
  if (!(value >= 0 && Number.isFinite(value))) {
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
  }
}

function checkMilliseconds(name: string, value: number, minimum: number): void {
  if (!(value >= minimum && Number.isFinite(value))) {
    throw new RangeError(
      `${name} must be a finite number of milliseconds ≥ ${minimum}, got ${value}`,
    );
  }
}
