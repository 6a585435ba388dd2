import { decodeXmlEntities } from './xml-entities.js';

/** One piece of an XML document, as `readXmlTokens` yields it. */
export type XmlToken =
  | {
      /** A start tag (`<Stream url="…">`) or an empty-element tag (`<Parameter …/>`). */
      kind: 'open';
      /** Element name, as written (XML names are case-sensitive). */
      name: string;
      /** Attributes with their values decoded; a later duplicate wins. */
      attributes: Record<string, string>;
      /** True for `<Name …/>`, which has no end tag. */
      selfClosing: boolean;
    }
  | {
      /** An end tag (`</Stream>`). */
      kind: 'close';
      /** Element name. */
      name: string;
    }
  | {
      /** Character data between tags (entities decoded) or a CDATA section (as written). */
      kind: 'text';
      /** The text. */
      text: string;
    };

const NAME_START = /[A-Za-z_:]/;
const WHITESPACE = /\s/;

/**
 * Reads `xml` as a flat sequence of tags and text, for the small markup documents of provider
 * webhooks. It is lenient where a real parser would fail: comments, processing instructions
 * (`<?xml …?>`) and doctypes are skipped; a `<` that starts no tag is text; attribute values may
 * use either quote and contain `>`; an attribute without a value is empty; an unterminated tag
 * ends the document. Nesting is not checked: the caller keeps its own stack.
 */
export function* readXmlTokens(xml: string): Generator<XmlToken> {
  let index = 0;
  let text = '';
  const flushText = function* (): Generator<XmlToken> {
    if (text.length > 0) yield { kind: 'text', text };
    text = '';
  };
  while (index < xml.length) {
    const open = xml.indexOf('<', index);
    if (open < 0) {
      text += decodeXmlEntities(xml.slice(index));
      break;
    }
    text += decodeXmlEntities(xml.slice(index, open));
    if (xml.startsWith('<!--', open)) {
      index = skipPast(xml, open + 4, '-->');
      continue;
    }
    if (xml.startsWith('<![CDATA[', open)) {
      const end = xml.indexOf(']]>', open + 9);
      text += xml.slice(open + 9, end < 0 ? xml.length : end);
      index = end < 0 ? xml.length : end + 3;
      continue;
    }
    if (xml.startsWith('<?', open)) {
      index = skipPast(xml, open + 2, '?>');
      continue;
    }
    if (xml.startsWith('<!', open)) {
      index = skipPast(xml, open + 2, '>');
      continue;
    }
    if (xml.startsWith('</', open)) {
      const end = xml.indexOf('>', open + 2);
      if (end < 0) break;
      yield* flushText();
      yield { kind: 'close', name: xml.slice(open + 2, end).trim() };
      index = end + 1;
      continue;
    }
    if (!NAME_START.test(xml[open + 1] ?? '')) {
      text += '<';
      index = open + 1;
      continue;
    }
    const tag = readStartTag(xml, open + 1);
    if (tag === undefined) break;
    yield* flushText();
    yield {
      kind: 'open',
      name: tag.name,
      attributes: tag.attributes,
      selfClosing: tag.selfClosing,
    };
    index = tag.end;
  }
  yield* flushText();
}

/** Index just past the next `terminator` at or after `from`, or the end of `xml`. */
function skipPast(xml: string, from: number, terminator: string): number {
  const end = xml.indexOf(terminator, from);
  return end < 0 ? xml.length : end + terminator.length;
}

/** Reads a start tag whose name begins at `from`; undefined when the tag never ends. */
function readStartTag(
  xml: string,
  from: number,
):
  | { name: string; attributes: Record<string, string>; selfClosing: boolean; end: number }
  | undefined {
  let index = from;
  while (index < xml.length && !isNameEnd(xml[index]!)) index++;
  const name = xml.slice(from, index);
  const attributes: Record<string, string> = {};
  while (index < xml.length) {
    const character = xml[index]!;
    if (WHITESPACE.test(character)) {
      index++;
    } else if (character === '>') {
      return { name, attributes, selfClosing: false, end: index + 1 };
    } else if (character === '/' && xml[index + 1] === '>') {
      return { name, attributes, selfClosing: true, end: index + 2 };
    } else if (character === '/') {
      index++;
    } else {
      const nameStart = index;
      while (index < xml.length && !isNameEnd(xml[index]!) && xml[index] !== '=') index++;
      const attributeName = xml.slice(nameStart, index);
      while (index < xml.length && WHITESPACE.test(xml[index]!)) index++;
      let value = '';
      if (xml[index] === '=') {
        index++;
        while (index < xml.length && WHITESPACE.test(xml[index]!)) index++;
        const quote = xml[index];
        if (quote === '"' || quote === "'") {
          const close = xml.indexOf(quote, index + 1);
          if (close < 0) return undefined;
          value = decodeXmlEntities(xml.slice(index + 1, close));
          index = close + 1;
        } else {
          // an unquoted value (not XML, but seen in hand-written markup): up to space or `>`,
          // leaving a final `/` before `>` to close the tag
          const valueStart = index;
          while (index < xml.length && !WHITESPACE.test(xml[index]!) && xml[index] !== '>') {
            index++;
          }
          if (xml[index] === '>' && xml[index - 1] === '/' && index - 1 > valueStart) index--;
          value = decodeXmlEntities(xml.slice(valueStart, index));
        }
      }
      if (attributeName.length > 0 && attributeName !== '__proto__') {
        attributes[attributeName] = value;
      }
    }
  }
  return undefined;
}

function isNameEnd(character: string): boolean {
  return character === '>' || character === '/' || WHITESPACE.test(character);
}
