/**
 * What the three providers' media-stream messages look like, by their keys and event names only,
 * so that core can say which provider a message it cannot handle seems to come from without
 * importing a provider package (and without reading a value: values can be tokens).
 * Shapes from the providers' documentation (see each provider package):
 * - Twilio: `connected` carries `protocol`; `start.streamSid` and `start.callSid`; later messages
 *   carry a top-level `streamSid`.
 * - Telnyx: `connected` carries no `protocol`; a top-level `stream_id`, `start.call_control_id`;
 *   snake_case `sequence_number`.
 * - Plivo: no `connected`; `start.streamId` and `start.callId`; later messages carry a top-level
 *   `streamId`; `extra_headers`; `playedStream` and `clearedAudio` events.
 */
export interface ProviderLookAlike {
  /** The provider's descriptor name: `twilio`, `telnyx` or `plivo`. */
  readonly name: string;
  /** The provider's name as people write it: `Twilio`, `Telnyx`, `Plivo`. */
  readonly displayName: string;
  /** Whether `message` (a JSON object) has one of the provider's distinctive shapes. */
  matches(message: Readonly<Record<string, unknown>>): boolean;
}

/** Events a provider sends while a stream runs, after its opening messages. */
export const PROVIDER_MID_STREAM_EVENTS: ReadonlySet<string> = new Set([
  'media',
  'mark',
  'dtmf',
  'stop',
  'playedStream',
  'clearedAudio',
]);

/** Events a provider opens a stream with. */
export const PROVIDER_OPENING_EVENTS: ReadonlySet<string> = new Set(['connected', 'start']);

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function startHas(message: Readonly<Record<string, unknown>>, ...keys: string[]): boolean {
  const start = message.start;
  return isRecord(start) && keys.every((key) => key in start);
}

/** The providers' distinctive shapes, checked in this order (Twilio's `connected` first). */
export const PROVIDER_LOOK_ALIKES: readonly ProviderLookAlike[] = Object.freeze([
  {
    name: 'twilio',
    displayName: 'Twilio',
    matches: (message) =>
      (message.event === 'connected' && 'protocol' in message) ||
      'streamSid' in message ||
      startHas(message, 'streamSid', 'callSid'),
  },
  {
    name: 'telnyx',
    displayName: 'Telnyx',
    matches: (message) =>
      (message.event === 'connected' && !('protocol' in message)) ||
      'stream_id' in message ||
      'sequence_number' in message ||
      startHas(message, 'call_control_id'),
  },
  {
    name: 'plivo',
    displayName: 'Plivo',
    matches: (message) =>
      'streamId' in message ||
      'extra_headers' in message ||
      startHas(message, 'streamId', 'callId') ||
      message.event === 'playedStream' ||
      message.event === 'clearedAudio',
  },
]);

/** The provider whose messages `message` looks like, if any. */
export function providerLookAlikeOf(message: unknown): ProviderLookAlike | undefined {
  if (!isRecord(message)) return undefined;
  return PROVIDER_LOOK_ALIKES.find((provider) => provider.matches(message));
}

/**
 * The provider event of `message` (`connected`, `start`, `media`, …) when it is a JSON object
 * whose `event` is one a provider sends, else `undefined`.
 */
export function providerEventOf(message: unknown): string | undefined {
  if (!isRecord(message) || typeof message.event !== 'string') return undefined;
  const event = message.event;
  return PROVIDER_OPENING_EVENTS.has(event) || PROVIDER_MID_STREAM_EVENTS.has(event)
    ? event
    : undefined;
}
