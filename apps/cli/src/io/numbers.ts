// Decimal numbers only: Number() alone would also accept "0x1f", "Infinity" or "" (as 0).
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number in a CSV cell, or NaN when the cell is not a finite decimal number. */
export function parseNumber(cell: string): number {
  if (!DECIMAL.test(cell)) return Number.NaN;
  const value = Number(cell);
  return Number.isFinite(value) ? value : Number.NaN;
}
