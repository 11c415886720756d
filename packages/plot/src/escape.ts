import { InvalidInputError } from '@em/core';
/**
 * Escapes a string for use as SVG/XML text or as a double-quoted attribute value. Characters XML 1.0
 * forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped, so any user string yields a
 * well-formed document that cannot open an element, an attribute or a script.
 *
 * @example
 * ```ts
 * import { escapeXml } from '@em/plot';
 * escapeXml('<script>alert("x")</script>'); // '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 * ```
 */
export function escapeXml(value: string): string {
  let text: string;
  try {
    text = String(value);
  } catch {
    // A Symbol, or an object without a usable toString: not text to put in a chart.
    throw new InvalidInputError('value', 'a string', value);
  }
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
