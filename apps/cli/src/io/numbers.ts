// Exact powers of ten: every one up to 1e22 is a double without rounding.
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The number in a CSV cell, or NaN when the cell is not a finite decimal number (spaces around it
 * are allowed). Called once per cell of a file, so it neither allocates nor uses a regular expression.
 *
 * A plain decimal (`-12.345`, at most 15 digits, no exponent) is read digit by digit: its digits
 * form an integer below 2^53 and its scale a power of ten up to 1e22, both exact doubles, so the one
 * division is correctly rounded and gives exactly what `Number()` gives (Clinger's fast path), in
 * about half the time. Anything else goes to `Number()`, which alone would also accept "" and blanks
 * (as 0), "Infinity", and "0x1f", "0o17" or "0b11": those are rejected.
 */
export function parseNumber(cell: string): number {
  const length = cell.length;
  let i = 0;
  let code = cell.charCodeAt(0);
  const negative = code === 45; /* - */
  if (negative || code === 43 /* + */) i = 1;
  let digits = 0;
  let mantissa = 0;
  let scale = 0;
  let point = false;
  for (; i < length; i++) {
    code = cell.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (point) scale++;
    } else if (code === 46 /* . */ && !point) point = true;
    else break;
  }
  if (i === length && digits > 0 && digits <= 15) {
    const value = mantissa / POWERS_OF_TEN[scale]!;
    return negative ? -value : value;
  }
  return parseOther(cell);
}

/** Exponents, long mantissas, spaces and text, through `Number()`. */
function parseOther(cell: string): number {
  const value = Number(cell);
  if (!Number.isFinite(value)) return Number.NaN;
  const first = cell.charCodeAt(0);
  if (first === 48 /* 0 */) {
    // Only a leading 0 can start "0x", "0o" or "0b" (a sign before them makes Number() fail).
    const second = cell.charCodeAt(1) | 0x20; // lower case
    return second === 0x78 || second === 0x6f || second === 0x62 ? Number.NaN : value;
  }
  // A digit, a sign or a point: a decimal number, as Number() read it in full.
  if ((first >= 49 && first <= 57) || first === 43 || first === 45 || first === 46) return value;
  // Otherwise the cell starts with white space (the only other start of a finite number).
  const trimmed = cell.trim();
  return trimmed === '' ? Number.NaN : parseOther(trimmed);
}
