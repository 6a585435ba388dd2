import type { Clock, Logger } from '@x/transport-core';
import type { CallIds } from '../providers/provider-dialect.js';
import type { ProviderName } from '../providers/provider-name.js';
import type { MediaTicker } from '../timing/media-ticker.js';
import type { WebhookDialOptions } from '../webhook/webhook-dial-options.js';
import type { CallMetrics } from './call-metrics.js';
import type { CallStep } from './call-script.js';

/** Options of `startCall` and `runCall`. */
export interface CallOptions {
  /**
   * WebSocket URL of the bot (`ws://` or `wss://`). Optional with `webhook`: the call then
   * connects to the stream URL the webhook's markup names.
   */
  url?: string;
  /** Provider whose media-stream protocol to speak. */
  provider: ProviderName;
  /** `PCMU` (default), `PCMA` (Telnyx), `L16` (Telnyx, Plivo) or a Plivo content type such as `audio/x-l16;rate=16000`. */
  codec?: string;
  /** L16 sample rate (Telnyx 8000/16000/22050/24000/48000, Plivo 8000/16000). Default 8000. */
  sampleRate?: number;
  /** Twilio `customParameters`, Telnyx `custom_parameters`, Plivo `extra_headers`. */
  customParameters?: Record<string, string>;
  /** Extra headers on the WebSocket upgrade request. */
  headers?: Record<string, string>;
  /** Sign the upgrade as the provider does: Twilio or Plivo auth token, or Telnyx stream auth token. */
  authToken?: string;
  /**
   * The public URL the provider signs on the upgrade, when it differs from `url` (Twilio:
   * `wss://host/path`). With `webhook`, the stream URL of the markup is signed unless this is set.
   */
  signatureUrl?: string;
  /**
   * Place the call the way the provider does: first POST its signed call webhook, then open the
   * stream the answer's markup names, with the markup's custom parameters (over
   * `customParameters`) and the call id posted. Default: connect to `url` directly.
   */
  webhook?: WebhookDialOptions;
  /** Ids to use instead of generated ones (e.g. a known `accountId`). */
  ids?: Partial<CallIds>;
  /** Caller number (Telnyx `start.from`). */
  from?: string;
  /** Called number (Telnyx `start.to`). */
  to?: string;
  /** Twilio drops the URL's query string when it connects; set true to keep it. Default false. */
  keepQueryString?: boolean;
  /** What the caller does: say audio, press keys, hang up, at times or after events. */
  script?: CallStep[];
  /**
   * Hang up once the script is done, the caller has said everything and nothing audible from the
   * bot has played for this long, in milliseconds (silence frames from the bot count as quiet).
   */
  hangUpWhenQuietMs?: number;
  /** Hang up at this call time at the latest. Default 600,000 (10 minutes). */
  maxDurationMs?: number;
  /** Skip real-time waits: send caller audio as fast as possible on a virtual timeline. Default false. */
  fast?: boolean;
  /** Keep a recording of what the caller heard. Default true. */
  record?: boolean;
  /** Longest recording kept, in milliseconds. Default 600,000. */
  maxRecordingMs?: number;
  /** Most bot audio buffered unplayed, in milliseconds; more is refused and reported. Default 600,000. */
  maxBufferedAudioMs?: number;
  /** Bot silence that ends an utterance; shorter gaps count as underruns. Default 250. */
  utteranceGapMs?: number;
  /**
   * Caller media lost on the way, by frame index (0 is the stream's first 20 ms): a lost frame's
   * audio is used up and its chunk number and timestamp pass, but no message is sent, as when a
   * packet is lost between the phone and the provider. Default: none lost.
   */
  loseCallerFrames?: (frameIndex: number) => boolean;
  /** Send `stop` before closing on hang-up. Default true for Twilio and Telnyx, false for Plivo. */
  sendStopOnHangUp?: boolean;
  /** Answer rejected messages with Telnyx `error` frames. Default true. */
  sendErrorFrames?: boolean;
  /** Give up connecting after this long, in milliseconds. Default 10,000. */
  connectTimeoutMs?: number;
  /** Wait this long for the close handshake before dropping the socket. Default 2,000. */
  closeTimeoutMs?: number;
  /** Shared 20 ms tick that paces media. Default the process-wide one. */
  ticker?: MediaTicker;
  /** Time source. Default the system clock. */
  clock?: Clock;
  /** Where timing statistics go (a load run shares one across calls). Default: the call's own. */
  metrics?: CallMetrics;
  /** Logger. Default silent. */
  logger?: Logger;
}

/** Defaults of `CallOptions`. */
export const defaultCallOptions = Object.freeze({
  codec: 'PCMU',
  maxDurationMs: 600_000,
  fast: false,
  record: true,
  maxRecordingMs: 600_000,
  maxBufferedAudioMs: 600_000,
  utteranceGapMs: 250,
  sendErrorFrames: true,
  connectTimeoutMs: 10_000,
  closeTimeoutMs: 2_000,
  keepQueryString: false,
});

/** Whether `provider` sends `stop` when the caller hangs up, unless told otherwise. */
export function sendsStopOnHangUp(provider: ProviderName): boolean {
  return provider !== 'plivo';
}
