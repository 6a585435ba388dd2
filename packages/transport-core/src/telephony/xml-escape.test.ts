import { describe, expect, it } from 'vitest';
import { escapeXml } from './xml-escape.js';

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });

  it('keeps tab, line feed and carriage return as character references, so attributes keep them', () => {
    expect(escapeXml('a\r\nb\tc')).toBe('a&#xD;&#xA;b&#x9;c');
  });

  it('leaves other text, including non-ASCII, as it is', () => {
    expect(escapeXml('wss://example.com/ws?call=1 ü')).toBe('wss://example.com/ws?call=1 ü');
  });
});
