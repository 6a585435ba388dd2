import { readXmlTokens } from './xml-tokens.js';

/** The first `<Stream>` of a webhook answer, as the provider reads it. */
export interface StreamMarkup {
  /**
   * The WebSocket URL: the `url` attribute (Twilio TwiML, Telnyx TeXML) or else the element's
   * text (Plivo XML), entities decoded and surrounding whitespace trimmed. Empty when neither
   * names one.
   */
  url: string;
  /**
   * Custom parameters for the stream's `start`: Plivo's `extraHeaders` pairs, then the
   * `<Parameter name="…" value="…"/>` children (TwiML, TeXML), a later name winning.
   */
  parameters: Record<string, string>;
  /** Every attribute of the `<Stream>` element, decoded. */
  attributes: Record<string, string>;
  /**
   * The element the `<Stream>` sits in: `Connect` for a bidirectional TwiML/TeXML stream,
   * `Start` for a one-way one, `Response` for Plivo; undefined at the top level.
   */
  parentName: string | undefined;
}

/** Separators between `key=value` pairs in Plivo's `extraHeaders` (the XML docs use `,`). */
const EXTRA_HEADERS_SEPARATORS = /[,;]/;

/**
 * Reads the first `<Stream>` element of TwiML, TeXML or Plivo XML: its URL, its custom
 * parameters and its attributes. Tolerant of attribute order, whitespace, comments, both quote
 * styles, self-closing or paired `<Stream>` and `<Parameter>` tags, and XML entities (named and
 * numeric). Returns undefined when the markup has no `<Stream>` element (names are
 * case-sensitive, as the providers read them).
 */
export function parseStreamMarkup(markup: string): StreamMarkup | undefined {
  const open: string[] = [];
  let stream: StreamMarkup | undefined;
  let streamDepth = 0;
  let text = '';
  for (const token of readXmlTokens(markup)) {
    if (token.kind === 'open') {
      if (stream === undefined && token.name === 'Stream') {
        stream = {
          url: '',
          parameters: parsePlivoExtraHeaders(token.attributes.extraHeaders ?? ''),
          attributes: { ...token.attributes },
          parentName: open[open.length - 1],
        };
        if (token.selfClosing) break;
        open.push(token.name);
        streamDepth = open.length;
        continue;
      }
      if (stream !== undefined && token.name === 'Parameter' && open.length === streamDepth) {
        const name = token.attributes.name;
        if (name !== undefined && name.length > 0 && name !== '__proto__') {
          stream.parameters[name] = token.attributes.value ?? '';
        }
      }
      if (!token.selfClosing) open.push(token.name);
    } else if (token.kind === 'close') {
      const depth = open.lastIndexOf(token.name);
      // an end tag without its start tag is ignored; one that skips open tags closes them too
      if (depth >= 0) open.length = depth;
      if (stream !== undefined && open.length < streamDepth) break;
    } else if (stream !== undefined && open.length === streamDepth) {
      text += token.text;
    }
  }
  if (stream === undefined) return undefined;
  const urlAttribute = stream.attributes.url?.trim();
  stream.url = urlAttribute !== undefined && urlAttribute.length > 0 ? urlAttribute : text.trim();
  return stream;
}

/**
 * Plivo's `extraHeaders` attribute as a record: `key=value` pairs separated by `,` (the XML
 * docs) or `;` (the stream event docs), keys and values trimmed; a part without `=` or with an
 * empty key is skipped, a later key wins.
 */
export function parsePlivoExtraHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const part of text.split(EXTRA_HEADERS_SEPARATORS)) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const key = part.slice(0, equals).trim();
    if (key.length === 0 || key === '__proto__') continue;
    headers[key] = part.slice(equals + 1).trim();
  }
  return headers;
}
