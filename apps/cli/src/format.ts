/** `x` with `digits` significant digits, without trailing zeros: 54.4795 → "54.48" (digits 4). */
export function sig(x: number, digits = 5): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}

/** `x` with a fixed number of decimals (criteria and log-likelihoods, as mclust prints them). */
export function fixed(x: number | null, decimals = 3): string {
  return x === null ? 'NA' : x.toFixed(decimals);
}

/**
 * Aligns cells into columns: the first column left-aligned, the others right-aligned (numbers).
 */
export function renderTable(rows: string[][], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      (
        indent +
        row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
      ).trimEnd(),
    )
    .join('\n');
}

/** "1 row" / "2 rows". */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
