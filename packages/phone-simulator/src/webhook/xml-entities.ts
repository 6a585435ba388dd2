/** The five entities XML predefines. */
const NAMED_ENTITIES: Readonly<Record<string, string>> = Object.freeze({
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
});

/** Highest Unicode code point. */
const MAX_CODE_POINT = 0x10ffff;
/** UTF-16 surrogates, which are not characters on their own. */
const SURROGATE_FIRST = 0xd800;
const SURROGATE_LAST = 0xdfff;

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z]+));/g;

/**
 * Decodes XML character references in text or an attribute value: `&amp;`, `&lt;`, `&gt;`,
 * `&quot;`, `&apos;`, and numeric ones (`&#38;`, `&#x26;`). A reference XML does not define (an
 * unknown name, a code point beyond Unicode or a lone surrogate) is left as written.
 */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    ENTITY,
    (whole, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
      if (name !== undefined) return NAMED_ENTITIES[name] ?? whole;
      const codePoint = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);
      if (
        codePoint > MAX_CODE_POINT ||
        codePoint === 0 ||
        (codePoint >= SURROGATE_FIRST && codePoint <= SURROGATE_LAST)
      ) {
        return whole;
      }
      return String.fromCodePoint(codePoint);
    },
  );
}
