/**
 * A decimal number read straight from the characters of a text, without a substring: exact, and
 * bit-identical to `Number(field)`, because it only answers when one IEEE operation on exact operands
 * gives the result (Clinger's fast path: an integer mantissa below 2^53 times or divided by an exact
 * power of ten 10^0 … 10^22, rounded once). Any other field — more than 15–16 significant digits,
 * a far exponent, whitespace, hex, `Infinity`, an empty field — is left to `Number`.
 */

/** 10^0 … 10^22: every one an exact double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
const TWO_53 = 2 ** 53;

/** Result of {@link scanDecimal}: the value and where the number stopped, or `ok: false`. */
export interface DecimalScan {
  ok: boolean;
  value: number;
  /** Index of the first character after the number. */
  end: number;
}

/**
 * Reads `[+-]digits[.digits][(e|E)[+-]digits]` (at least one mantissa digit) starting at `start`;
 * `ok` is false when the text there is not of that form or when the fast path cannot round it exactly.
 * The caller checks what follows `end` (a delimiter or the end of the line).
 */
export function scanDecimal(text: string, start: number, out: DecimalScan): DecimalScan {
  let i = start;
  let c = text.charCodeAt(i);
  const negative = c === 45; // '-'
  if (negative || c === 43) c = text.charCodeAt(++i); // '+'
  let mantissa = 0;
  let digits = 0;
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = text.charCodeAt(++i);
  }
  let fraction = 0;
  if (c === 46) {
    // '.'
    c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      fraction++;
      c = text.charCodeAt(++i);
    }
  }
  out.ok = false;
  if (digits + fraction === 0) return out;
  let exponent = 0;
  if (c === 101 || c === 69) {
    // 'e' | 'E'
    c = text.charCodeAt(++i);
    const negativeExponent = c === 45;
    if (negativeExponent || c === 43) c = text.charCodeAt(++i);
    let exponentDigits = 0;
    while (c >= 48 && c <= 57) {
      // Capped: past 10^6 the fast path is out of reach anyway, and the sum must stay exact.
      if (exponent < 1e6) exponent = exponent * 10 + (c - 48);
      exponentDigits++;
      c = text.charCodeAt(++i);
    }
    if (exponentDigits === 0) return out;
    if (negativeExponent) exponent = -exponent;
  }
  // Rounding is monotonic: a mantissa that passed 2^53 on the way (inexact) ends at or above it.
  if (mantissa >= TWO_53) return out;
  const scale = exponent - fraction;
  if (scale < -22 || scale > 22) return out;
  const magnitude = scale < 0 ? mantissa / POWERS_OF_TEN[-scale]! : mantissa * POWERS_OF_TEN[scale]!;
  out.value = negative ? -magnitude : magnitude;
  out.end = i;
  out.ok = true;
  return out;
}
