// Hostile inputs shared by every package's adversarial suite, so that "extreme", "huge" and "hostile"
// mean the same thing everywhere and a new class of bad input reaches every package at once.
import fc from 'fast-check';

/** Finite but extreme: overflow when squared (1e155 and up) or exponentiated, subnormals, signed zeros. */
export const extremeFinite: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    1e-300,
    -1e-300,
    1e-160,
    1e154,
    1e155,
    -1e155,
    1e200,
    -1e200,
    1e300,
    -1e300,
    1e308,
    -1e308,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    2 ** 31,
    2 ** 32,
    710,
    -745,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** NaN and both infinities. */
export const nonFinite: fc.Arbitrary<number> = fc.constantFrom(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
);

/** Ordinary numbers, extreme finite ones and non-finite ones, mixed so most inputs are still plausible. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 10 }) },
  { weight: 2, arbitrary: extremeFinite },
  { weight: 1, arbitrary: nonFinite },
);

/**
 * Sizes, counts and lengths an adversary would pass: past typed-array and heap limits (1e9, 2^32, 1e12,
 * 2^53), negative, fractional, non-finite, and numbers in disguise. A library must refuse each before
 * allocating — a RangeError "Invalid typed array length" or an out-of-memory crash is a defect.
 */
export const hugeSize: fc.Arbitrary<unknown> = fc.constantFrom(
  2 ** 28 + 1,
  1e9,
  2 ** 31,
  2 ** 32,
  1e12,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  -1,
  -0.5,
  1.5,
  '10',
  10n,
  null,
  [3],
);

/** Any count, from plausible to huge: most cases reach the code, the rest test the limits. */
export const hostileSize: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 50 }) },
  { weight: 2, arbitrary: hugeSize },
);

/** Strings that break naive code: control bytes, markup, lone surrogates, prototype keys, length. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u0000\u0001\u0002\u001b[2J\u001b[31mred\u0007',
    '\r\n\t\v\f\b',
    '\u007f\u0080\u009b',
    '\u202eevil\u202c',
    '\ud800',
    '\udfff\ud800',
    '<script>alert(1)</script>',
    ']]><!--',
    '"\'&<>',
    '__proto__',
    'constructor',
    'prototype',
    'NaN',
    'Infinity',
    '-0',
    '1e309',
    '0x10',
    ' 12 ',
    '{}',
    '[]',
    'x'.repeat(100_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
);

/** Values of the wrong kind where a number, array or object is expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileNumber,
  hostileString,
  hugeSize,
  fc.constantFrom(
    null,
    undefined,
    true,
    {},
    [],
    [[]],
    [null],
    [Number.NaN],
    () => 1,
    Symbol('hostile'),
    new Float64Array(0),
    new Map(),
    Object.create(null),
  ),
  fc.array(hostileNumber, { maxLength: 5 }),
  fc.array(fc.array(hostileNumber, { maxLength: 4 }), { maxLength: 4 }),
);

export interface MatrixShape {
  minRows?: number;
  maxRows?: number;
  minCols?: number;
  maxCols?: number;
}

/** A rectangular `rows × cols` matrix of `value`s (default: hostile numbers). */
export function matrixOf(
  value: fc.Arbitrary<number> = hostileNumber,
  { minRows = 0, maxRows = 12, minCols = 1, maxCols = 4 }: MatrixShape = {},
): fc.Arbitrary<number[][]> {
  return fc
    .tuple(fc.integer({ min: minRows, max: maxRows }), fc.integer({ min: minCols, max: maxCols }))
    .chain(([rows, cols]) =>
      fc.array(fc.array(value, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
    );
}

/** Matrices an adversary would pass: rectangular with hostile numbers, ragged, empty, or not matrices. */
export const hostileMatrix: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: matrixOf() },
  { weight: 1, arbitrary: fc.array(fc.array(hostileNumber, { maxLength: 4 }), { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom([], [[]], [[], []], [[1], [1, 2]], [1, 2, 3], [[[1]]]) },
  { weight: 1, arbitrary: hostileValue },
);

/** An options object whose known keys get hostile values, plus an unknown key now and then. */
export function hostileOptions(keys: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(fc.constantFrom(...keys, '__proto__', 'unknownOption'), hostileValue, {
    maxKeys: 4,
  });
}
