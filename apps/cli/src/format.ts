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
 * The decimals that give the largest of `values` (in magnitude) `significant` significant digits:
 * one count for a whole column, so its numbers share their decimals and line up on the point.
 * [54.4795, 7.1] → 3 (54.480, 7.100); at most `max` decimals, so tiny values do not run on.
 */
export function columnDecimals(values: readonly number[], significant = 5, max = 6): number {
  const largest = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  if (largest === 0) return Math.min(max, significant - 1);
  const digitsBeforePoint = Math.floor(Math.log10(largest)) + 1;
  return Math.min(max, Math.max(0, significant - digitsBeforePoint));
}

/** A column of numbers with the decimals {@link columnDecimals} gives it. */
export function fixedColumn(values: readonly number[], significant = 5): string[] {
  const decimals = columnDecimals(values, significant);
  return values.map((x) => (Number.isFinite(x) ? x.toFixed(decimals) : String(x)));
}

/** How a column is laid out: alignment, and the spaces before it (2 by default; 0 glues a marker on). */
export interface ColumnLayout {
  align: 'left' | 'right';
  gap?: number;
}

/**
 * Aligns cells into columns: by default the first column left-aligned, the others right-aligned
 * (numbers); `layout` overrides that per column (markers such as `*` take a left-aligned column of
 * their own with no gap, so they never push the numbers out of line).
 */
export function renderTable(rows: string[][], indent = '  ', layout: readonly ColumnLayout[] = []): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  const spec = (i: number): ColumnLayout => layout[i] ?? { align: i === 0 ? 'left' : 'right' };
  return rows
    .map((row) =>
      (
        indent +
        row
          .map((cell, i) => {
            const { align, gap = 2 } = spec(i);
            const padded = align === 'left' ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!);
            return i === 0 ? padded : ' '.repeat(gap) + padded;
          })
          .join('')
      ).trimEnd(),
    )
    .join('\n');
}

/** "1 row" / "2 rows". */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A component's number as people read it: 1 to K, everywhere the command prints or writes one (tables,
 * plots, label files), as mclust and the demo number them. The library's `predict` returns 0-based
 * indices; this is where they become numbers.
 */
export function componentNumber(index: number): number {
  return index + 1;
}
