import type { FakeProviderApiOptions, ProviderName, WebhookDialOptions } from '@x/phone-simulator';
import type { TelephonyProvider, TelephonyProviderCommonSettings } from '@x/transport-core';
import type { ClearedMarkReporting } from '@x/transport-core/provider-kit';

/** What the suite gives a provider package's factory; the subject adds its own credentials. */
export interface ConformanceProviderSettings extends TelephonyProviderCommonSettings {
  /** Base URL of the fake provider REST API that receives the hang-ups. */
  apiBaseUrl: string;
}

/** How the provider's side proves itself, in the phone simulator's terms. */
export interface ConformanceSigning {
  /** Secret of the WebSocket upgrade: Twilio or Plivo auth token, Telnyx stream auth token. */
  upgradeSecret: string;
  /** What signs the call webhooks: an auth token (Twilio, Plivo) or Ed25519 keys (Telnyx). */
  webhook: Pick<WebhookDialOptions, 'authToken' | 'telnyxKeys'>;
  /** Signatures cover the request URL (Twilio, Plivo): one made over another URL must fail. */
  coversUrl: boolean;
}

/** What the provider does natively over its media stream. */
export interface ConformanceCapabilities {
  /**
   * DTMF is sent as a message over the stream (Plivo `sendDTMF`: the serializer's `sendsDtmf`);
   * else the transport plays the keys as in-band tones in the bot's audio.
   */
  outboundDtmf: boolean;
  /**
   * How the provider reports the marks a clear dropped: `echo-each-mark` (Twilio and Telnyx
   * marks) or `confirm-clear` (Plivo checkpoints, answered by one `clearedAudio`).
   */
  clearedMarks: ClearedMarkReporting;
}

/** A codec the echo test runs over, as the phone simulator names it. */
export interface EchoCodec {
  /** `PCMU`, `PCMA` or `L16` (see the simulator's `codec` option). */
  codec: string;
  /** Rate of an `L16` stream, in Hz; default 8000. */
  sampleRate?: number;
  /** Lowest acceptable signal-to-noise ratio of what the caller hears back, in dB. */
  minimumSnrDb: number;
}

/** One provider package under test, as it passes itself to `describeProviderConformance`. */
export interface ProviderConformanceSubject {
  /** The provider's name (`provider.name`), one the phone simulator speaks. */
  name: ProviderName;
  /**
   * Makes the provider with the package's factory: the suite's settings plus every credential,
   * so that webhooks and upgrades are verified, streams call-bound and hang-up on.
   */
  createProvider(settings: ConformanceProviderSettings): TelephonyProvider;
  /** The secrets the provider signs its requests with. */
  signing: ConformanceSigning;
  /** Credentials the fake REST API accepts for this provider (the ones `createProvider` sets). */
  fakeApi: FakeProviderApiOptions;
  /**
   * The package's own fixtures of the messages a stream opens with (parsed JSON), in order:
   * preambles (e.g. `connected`), then the start message last.
   */
  openingMessages: readonly unknown[];
  /** What the provider does natively. */
  capabilities: ConformanceCapabilities;
  /** Codecs the echo runs over; default `DEFAULT_ECHO_CODECS` (μ-law at 8 kHz). */
  echoCodecs?: readonly EchoCodec[];
}

/**
 * The echo over μ-law at 8 kHz: the caller's audio is quantised twice (to the bot and back), so
 * about 37 dB is the most it can keep; resampling to the pipeline's 16 kHz and back costs little.
 */
export const DEFAULT_ECHO_CODECS: readonly EchoCodec[] = Object.freeze([
  { codec: 'PCMU', minimumSnrDb: 33 },
]);
