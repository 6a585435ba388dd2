/**
 * The Twilio Media Streams protocol, from the phone's side: the messages Twilio sends to a bot
 * (`connected`, `start`, `media`, `dtmf`, `mark`, `stop`) and reading the ones a bot sends back
 * (`media`, `mark`, `clear`). Field names, order and string-typed numbers are Twilio's.
 */

/** Ids of one simulated call, shaped like Twilio's (two letters and 32 hex digits). */
export interface TwilioCallIds {
  readonly accountSid: string;
  readonly callSid: string;
  readonly streamSid: string;
}

/** A message the bot sent, as far as a phone cares. */
export type BotMessage =
  | { readonly event: 'media'; readonly payload: string }
  | { readonly event: 'mark'; readonly name: string }
  | { readonly event: 'clear' };

function randomHex(digits: number): string {
  const bytes = new Uint8Array(digits / 2);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Fresh ids for a call: `AC…`, `CA…`, `MZ…`. */
export function newTwilioCallIds(): TwilioCallIds {
  return {
    accountSid: `AC${randomHex(32)}`,
    callSid: `CA${randomHex(32)}`,
    streamSid: `MZ${randomHex(32)}`,
  };
}

/**
 * Builds the messages of one stream in Twilio's order and numbering: `sequenceNumber` counts
 * every message after `connected` from 1; `media.chunk` counts media messages from 1;
 * `media.timestamp` is milliseconds of caller audio since the stream started.
 */
export class TwilioCallerMessages {
  readonly ids: TwilioCallIds;
  #sequenceNumber = 0;
  #chunk = 0;
  #timestampMs = 0;

  constructor(ids: TwilioCallIds) {
    this.ids = ids;
  }

  connected(): string {
    return JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' });
  }

  start(customParameters: Readonly<Record<string, string>>): string {
    return JSON.stringify({
      event: 'start',
      sequenceNumber: this.#nextSequenceNumber(),
      start: {
        accountSid: this.ids.accountSid,
        streamSid: this.ids.streamSid,
        callSid: this.ids.callSid,
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        customParameters,
      },
      streamSid: this.ids.streamSid,
    });
  }

  /** One media message carrying `payload` (base64 μ-law) of `durationMs` of audio. */
  media(payload: string, durationMs: number): string {
    const message = JSON.stringify({
      event: 'media',
      sequenceNumber: this.#nextSequenceNumber(),
      media: {
        track: 'inbound',
        chunk: String(++this.#chunk),
        timestamp: String(this.#timestampMs),
        payload,
      },
      streamSid: this.ids.streamSid,
    });
    this.#timestampMs += durationMs;
    return message;
  }

  dtmf(digit: string): string {
    return JSON.stringify({
      event: 'dtmf',
      streamSid: this.ids.streamSid,
      sequenceNumber: this.#nextSequenceNumber(),
      dtmf: { track: 'inbound_track', digit },
    });
  }

  /** The echo of a mark the bot sent, once the audio before it has played (or was cleared). */
  mark(name: string): string {
    return JSON.stringify({
      event: 'mark',
      sequenceNumber: this.#nextSequenceNumber(),
      streamSid: this.ids.streamSid,
      mark: { name },
    });
  }

  stop(): string {
    return JSON.stringify({
      event: 'stop',
      sequenceNumber: this.#nextSequenceNumber(),
      stop: { accountSid: this.ids.accountSid, callSid: this.ids.callSid },
      streamSid: this.ids.streamSid,
    });
  }

  #nextSequenceNumber(): string {
    this.#sequenceNumber++;
    return String(this.#sequenceNumber);
  }
}

/**
 * Reads a message from the bot. Returns `undefined` for anything Twilio would reject (binary,
 * not JSON, an unknown event, a wrong `streamSid`, a missing field), with the reason in
 * `onInvalid`, so the page can count protocol errors as Twilio's console would.
 */
export function parseBotMessage(
  data: unknown,
  streamSid: string,
  onInvalid: (reason: string) => void,
): BotMessage | undefined {
  if (typeof data !== 'string') {
    onInvalid('binary message (Twilio 31950)');
    return undefined;
  }
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    onInvalid('message is not JSON (Twilio 31951)');
    return undefined;
  }
  if (typeof message !== 'object' || message === null) {
    onInvalid('message is not a JSON object (Twilio 31951)');
    return undefined;
  }
  const { event, streamSid: messageStreamSid } = message as {
    event?: unknown;
    streamSid?: unknown;
  };
  if (messageStreamSid !== streamSid) {
    onInvalid(`wrong streamSid ${JSON.stringify(messageStreamSid)} (Twilio 31951)`);
    return undefined;
  }
  if (event === 'media') {
    const payload = (message as { media?: { payload?: unknown } }).media?.payload;
    if (typeof payload === 'string') return { event, payload };
    onInvalid('media without media.payload (Twilio 31951)');
    return undefined;
  }
  if (event === 'mark') {
    const name = (message as { mark?: { name?: unknown } }).mark?.name;
    if (typeof name === 'string') return { event, name };
    onInvalid('mark without mark.name (Twilio 31951)');
    return undefined;
  }
  if (event === 'clear') return { event };
  onInvalid(`unknown event ${JSON.stringify(event)} (Twilio 31951)`);
  return undefined;
}
