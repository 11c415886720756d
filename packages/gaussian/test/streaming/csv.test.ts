// The CSV reader scans numbers in place (a character scanner with Clinger's exact fast path) instead of
// cutting fields and calling Number: its values must be Number(field)'s to the bit — -0 included —
// on hostile numbers (exponents, signs, many digits, subnormals, hex, whitespace, CRLF), whatever the
// pieces the text arrives in. The reference here is independent of the reader: split and Number.
import { InvalidInputError } from '@em/core';
import { mulberry32 } from '@em/core/numeric';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvPass } from '../../src/streaming/csv.js';
import { scanDecimal } from '../../src/streaming/decimal.js';

/** What the file holds, read the obvious way: lines, one trailing '\r' off, blank lines out, split, Number. */
function reference(text: string, delimiter: string): number[] {
  const values: number[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    for (const field of line.split(delimiter)) values.push(Number(field));
  }
  return values;
}

async function* pieces(text: string, sizes: number[]): AsyncGenerator<string> {
  let k = 0;
  for (let start = 0; start < text.length; k++) {
    const size = sizes[k % sizes.length]!;
    yield text.slice(start, start + size);
    start += size;
  }
}

async function parse(text: string, sizes: number[], delimiter = ','): Promise<number[]> {
  const values: number[] = [];
  for await (const block of csvPass(pieces(text, sizes), { delimiter, header: false }))
    values.push(...block.data);
  return values;
}

/** First index where the two differ bit for bit (Object.is: -0 is not 0), or -1. */
function firstDifference(a: number[], b: number[]): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  return a.findIndex((value, i) => !Object.is(value, b[i]));
}

const HOSTILE = [
  '0',
  '-0',
  '+0',
  '-0.0',
  '-0e5',
  '0e999',
  '0.1',
  '.5',
  '-.5e-3',
  '+.5',
  '5.',
  '1.e5',
  '1E5',
  '1e+5',
  '1e-0',
  '00012',
  '-00012.500',
  '1e22',
  '1e23',
  '1e-22',
  '1e-23',
  '123456789012345e22',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '9007199254740991e-22',
  '9007199254740993e-22',
  '0.30000000000000004',
  '123456789012345678901234567890.123456789e-5',
  '1.7976931348623157e308',
  '2.2250738585072011e-308',
  '2.2250738585072014e-308',
  '4.9e-324',
  '2e-324',
  '1e-400',
  '0.000000000000000000000000000000000000000001',
  '1e0000000000000000000000000005',
  '1e-00000000000000000000000000000000000005',
  '0x1F',
  '0b101',
  '0o17',
  ' 1.5',
  '1.5 ',
  '\t-2.5e3\t',
  '3.141592653589793238462643383279',
  '-1234567.8901234567e-7',
];

/** A random double, written one of many ways: shortest, fixed, exponential, precision, padded, signed. */
function randomField(random: () => number): string {
  const pick = (n: number) => Math.floor(random() * n);
  const magnitude = 10 ** (pick(60) - 30);
  const x = (random() - 0.5) * magnitude * (pick(10) === 0 ? 1e10 : 1);
  const forms = [
    () => String(x),
    () => x.toExponential(pick(21)),
    () => (Math.abs(x) < 1e21 ? x.toFixed(pick(21)) : String(x)),
    () => x.toPrecision(1 + pick(21)),
    () => String(x).replace('e', 'E'),
    () => (x >= 0 ? `+${x}` : String(x)),
    () => `${String(x)}${'0'.repeat(pick(25))}`.replace(/e.*0+$/, ''),
    () => String(Math.round(x)),
    () => HOSTILE[pick(HOSTILE.length)]!,
  ];
  return forms[pick(forms.length)]!();
}

function randomText(seed: number, rows: number, cols: number, delimiter: string): string {
  const random = mulberry32(seed);
  let text = '';
  for (let i = 0; i < rows; i++) {
    if (random() < 0.05) text += random() < 0.5 ? '\n' : ' \t\r\n';
    const fields = Array.from({ length: cols }, () => {
      let field = randomField(random);
      while (field.includes(delimiter)) field = randomField(random); // a padded field, tab-separated
      return field;
    });
    text += fields.join(delimiter) + (random() < 0.3 ? '\r\n' : '\n');
  }
  return random() < 0.5 ? text.replace(/\r?\n$/, '') : text;
}

describe('csvPass: values are Number(field) to the bit', () => {
  it('every hostile number, alone on a line and in every column', async () => {
    const text = HOSTILE.map((field, i) => `${field},${HOSTILE[(i + 7) % HOSTILE.length]}\r\n`).join('');
    const expected = reference(text, ',');
    expect(expected.length).toBe(2 * HOSTILE.length);
    for (const sizes of [[1 << 20], [1], [3, 7, 2], [64]]) {
      expect(firstDifference(await parse(text, sizes), expected)).toBe(-1);
    }
  });

  it('10 000 random rows of random forms, in random pieces, with , and \\t and ;', async () => {
    for (const [seed, delimiter] of [
      [1, ','],
      [2, '\t'],
      [3, ';'],
    ] as const) {
      const text = randomText(seed, 10_000, 4, delimiter);
      const expected = reference(text, delimiter);
      for (const sizes of [[1 << 16], [1, 5, 97, 4096, 13]]) {
        expect(firstDifference(await parse(text, sizes, delimiter), expected)).toBe(-1);
      }
    }
  });

  it('property: any doubles, shortest or 17 significant digits, any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 3, maxLength: 3 }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (rows, sizes, precise) => {
          // String and toPrecision drop the sign of -0: written as '-0'.
          const write = (x: number) => (Object.is(x, -0) ? '-0' : precise ? x.toPrecision(17) : String(x));
          const text = rows.map((row) => row.map(write).join(',')).join('\n');
          const values = await parse(text, sizes);
          expect(firstDifference(values, reference(text, ','))).toBe(-1);
          expect(firstDifference(values, rows.flat())).toBe(-1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the scanner alone: exact where it answers, silent where it cannot be exact', () => {
    const scan = { ok: false, value: 0, end: 0 };
    expect(scanDecimal('12.5e-1,', 0, scan)).toEqual({ ok: true, value: 1.25, end: 7 });
    expect(scanDecimal('9007199254740993', 0, scan).ok).toBe(false); // above 2^53: left to Number
    expect(scanDecimal('1e23', 0, scan).ok).toBe(false); // 10^23 is not a double
    expect(scanDecimal('.', 0, scan).ok).toBe(false);
    expect(scanDecimal('1e', 0, scan).ok).toBe(false);
    expect(Object.is(scanDecimal('-0', 0, scan).value, -0)).toBe(true);
  });

  it('a delimiter that a number may contain (. or e) is cut as split cuts it', async () => {
    const text = '1.5.2\n3.4.5\n';
    expect(await parse(text, [100], '.')).toEqual([1, 5, 2, 3, 4, 5]);
    expect(await parse('1e5e2\n', [100], 'e')).toEqual([1, 5, 2]);
  });
});

describe('csvPass: bad lines deep in a piece are named as before', () => {
  const good = `${'1.5,2.5,-3\n'.repeat(5000)}`;
  const read = (text: string) => parse(text, [1 << 20]);

  it('a field that is not a number: line, row and column', async () => {
    const error = await read(`${good}1,abc,3\n`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toContain('source line 5001');
    expect((error as InvalidInputError).row).toBe(5000);
    expect((error as InvalidInputError).column).toBe(1);
  });

  it('too many or too few fields, an empty field, a quoted field, Infinity', async () => {
    await expect(read(`${good}1,2,3,4\n`)).rejects.toThrow(
      'Invalid source line 5001 at row 5000: expected 3 fields',
    );
    await expect(read(`${good}1,2\r\n`)).rejects.toThrow(
      'Invalid source line 5001 at row 5000: expected 3 fields',
    );
    await expect(read(`${good}1,,3\n`)).rejects.toThrow(/source line 5001.*column 1/);
    await expect(read(`${good}1,"2",3\n`)).rejects.toThrow(/source line 5001.*column 1/);
    await expect(read(`${good}1,2,1e400\n`)).rejects.toThrow(/source line 5001.*column 2/);
  });
});
