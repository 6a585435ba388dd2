const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/**
 * Escapes a value for XML text or a quoted attribute: `& < > " '`, and tab, line feed and
 * carriage return as character references (an XML parser turns them into spaces in an attribute
 * value otherwise, so the provider would read another value than the one written).
 */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (character) => XML_ESCAPES[character]!);
}
