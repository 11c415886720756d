/** Coordinates are written with at most 2 decimals: sub-pixel precision, smaller and stable output. */
export function px(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** A number for a human-readable description: 4 significant digits, no exponent for ordinary sizes. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toPrecision(4).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(4)));
}

/**
 * Approximate rendered width of a label in a sans-serif font. Only used to reserve space (margins,
 * legend wrapping, tick thinning), so a slight overestimate is the safe side.
 */
export function textWidth(text: string, fontSize: number): number {
  let width = 0;
  for (const ch of text) {
    if (/[0-9.,\-−+ ]/.test(ch)) width += 0.58;
    else if (/[ilIj'|!:;]/.test(ch)) width += 0.3;
    else if (/[mwMW@]/.test(ch)) width += 0.9;
    else if (/[A-Z]/.test(ch)) width += 0.7;
    else width += 0.55;
  }
  return width * fontSize;
}
