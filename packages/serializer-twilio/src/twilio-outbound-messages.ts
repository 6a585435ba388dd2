import { isStrictBase64 } from '@x/transport-core/provider-kit';

/**
 * Builds the three messages a server may send on a Twilio bidirectional stream, with exactly the
 * documented fields in the documented order. Everything that does not depend on the payload is
 * computed once per stream.
 */
export class TwilioOutboundMessages {
  /** Stream SID every message carries. */
  readonly streamSid: string;
  readonly #mediaPrefix: string;
  readonly #markPrefix: string;
  readonly #clear: string;

  constructor(streamSid: string) {
    this.streamSid = streamSid;
    const quotedSid = JSON.stringify(streamSid);
    this.#mediaPrefix = `{"event":"media","streamSid":${quotedSid},"media":{"payload":"`;
    this.#markPrefix = `{"event":"mark","streamSid":${quotedSid},"mark":{"name":`;
    this.#clear = `{"event":"clear","streamSid":${quotedSid}}`;
  }

  /** `{"event":"media","streamSid":…,"media":{"payload":…}}`; `base64Payload` must be base64. */
  media(base64Payload: string): string {
    return `${this.#mediaPrefix}${base64Payload}"}}`;
  }

  /** `{"event":"mark","streamSid":…,"mark":{"name":…}}`. */
  mark(name: string): string {
    return `${this.#markPrefix}${JSON.stringify(name)}}}`;
  }

  /** `{"event":"clear","streamSid":…}`. */
  clear(): string {
    return this.#clear;
  }
}

/** A transport message the application asked to send, checked against what Twilio accepts. */
export type TwilioTransportMessage =
  | { readonly event: 'media'; readonly payload: string }
  | { readonly event: 'mark'; readonly name: string }
  | { readonly event: 'clear' }
  | { readonly event: undefined; readonly refusal: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function refuse(refusal: string): TwilioTransportMessage {
  return { event: undefined, refusal };
}

/**
 * Reads an application's transport message (an object or a JSON string) as one of the three
 * messages Twilio accepts from a server. Twilio answers anything else (an unknown event, a
 * missing or extra field, another `streamSid`) with warning 31951, so those are refused here with
 * a reason instead of being sent. `streamSid` may be left out: the stream's own is used.
 */
export function readTwilioTransportMessage(
  message: unknown,
  streamSid: string,
): TwilioTransportMessage {
  let value = message;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return refuse('the message is a string that is not JSON');
    }
  }
  if (!isObject(value)) return refuse('the message is not a JSON object');
  const { event, streamSid: messageStreamSid } = value;
  if (messageStreamSid !== undefined && messageStreamSid !== streamSid) {
    return refuse(
      `"streamSid" ${JSON.stringify(messageStreamSid)} is not this stream's (${streamSid})`,
    );
  }
  const allowed = event === 'clear' ? ['event', 'streamSid'] : ['event', 'streamSid', event];
  const extra = Object.keys(value).filter((key) => !allowed.includes(key));
  if (extra.length > 0 && (event === 'media' || event === 'mark' || event === 'clear')) {
    return refuse(`unexpected field(s) ${extra.join(', ')} in a "${event}" message`);
  }
  switch (event) {
    case 'clear':
      return { event };
    case 'mark': {
      const mark = value.mark;
      if (!isObject(mark) || typeof mark.name !== 'string' || Object.keys(mark).length !== 1) {
        return refuse('a "mark" message needs exactly {"mark":{"name":string}}');
      }
      return { event, name: mark.name };
    }
    case 'media': {
      const media = value.media;
      if (
        !isObject(media) ||
        typeof media.payload !== 'string' ||
        media.payload.length === 0 ||
        Object.keys(media).length !== 1 ||
        !isStrictBase64(media.payload)
      ) {
        return refuse(
          'a "media" message needs exactly {"media":{"payload":non-empty base64 string}}',
        );
      }
      return { event, payload: media.payload };
    }
    default:
      return refuse(
        `event ${JSON.stringify(event)} is not one Twilio accepts from a server (media, mark, clear)`,
      );
  }
}
