import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../src/io/numbers.js';

// The reference: JavaScript's own conversion, restricted to decimal numbers by a regular expression
// (what parseNumber did before its fast path).
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
function reference(cell: string): number {
  const trimmed = cell.trim();
  if (!DECIMAL.test(trimmed)) return Number.NaN;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : Number.NaN;
}

describe('parseNumber (one call per CSV cell)', () => {
  it('reads decimal numbers exactly as Number() does, and rejects everything else', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 20 });
    const decimal = fc
      .tuple(
        fc.constantFrom('', '+', '-'),
        digits,
        fc.constantFrom('', '.'),
        digits,
        fc.constantFrom('', 'e', 'E', 'e-', 'e+'),
        fc.constantFrom('', '5', '308', '309', '-400'),
        fc.constantFrom('', ' ', '\t'),
      )
      .map(
        ([sign, whole, point, fraction, e, exponent, space]) =>
          `${space}${sign}${whole}${point}${fraction}${e}${exponent}${space}`,
      );
    const anything = fc.string({ unit: fc.constantFrom(...'0123456789+-.eExXoObB _ainfINF'), maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(decimal, anything, fc.double().map(String)), (cell) => {
        expect(Object.is(parseNumber(cell), reference(cell))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['-2.12922', -2.12922],
    ['0.1', 0.1],
    ['-0', -0],
    ['5.', 5],
    ['.5', 0.5],
    ['123456789012345', 123456789012345],
    ['1234567890123456789', 1234567890123456800], // rounded, by Number()
    ['0.30000000000000004', 0.30000000000000004],
    [' 42 ', 42],
    ['1e3', 1000],
  ])('%j is %d', (cell, value) => {
    expect(Object.is(parseNumber(cell), value)).toBe(true);
  });

  it.each([
    '',
    ' ',
    '-',
    '.',
    '0x1f',
    '0o17',
    '0b11',
    'Infinity',
    '-Infinity',
    'NaN',
    '1e999',
    '1,5',
    '1_000',
  ])('%j is not a number', (cell) => {
    expect(parseNumber(cell)).toBeNaN();
  });
});
