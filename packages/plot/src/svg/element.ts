import { escapeXml } from '../escape.js';

export type Attrs = Record<string, string | number | undefined>;

/** One SVG element as a string. Attribute values are always escaped; `undefined` ones are left out. */
export function el(name: string, attrs: Attrs, children?: string): string {
  let out = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    out += ` ${key}="${escapeXml(typeof value === 'number' ? String(Math.round(value * 100) / 100) : value)}"`;
  }
  return children === undefined ? `${out}/>` : `${out}>${children}</${name}>`;
}

/** A `<text>` element whose content is escaped user text. */
export function text(attrs: Attrs, content: string): string {
  return el('text', attrs, escapeXml(content));
}
