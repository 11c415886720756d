// The claim grammar of doc examples: what it reads as a value (and checks), and what it leaves as prose.
import { describe, expect, it } from 'vitest';
import { checkClaim, instrument, parseClaim } from '../src/index.js';

const check = (actual: unknown, comment: string) => checkClaim(actual, parseClaim(comment)!);

describe('parseClaim', () => {
  it('reads values, approximations, alternatives and typed arrays', () => {
    expect(parseClaim("'array of length 3'")).toMatchObject({ kind: 'equal', expected: 'array of length 3' });
    expect(parseClaim('[[1, 2], [3, 4]]')).toMatchObject({
      kind: 'equal',
      expected: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(parseClaim('{ component: 0, x: 2 }')).toMatchObject({ expected: { component: 0, x: 2 } });
    expect(parseClaim('-1000 + Math.log(2)')).toMatchObject({ expected: -1000 + Math.log(2) });
    expect(parseClaim('≈ [0.71, 0.58] after one iteration')).toBeUndefined();
    expect(parseClaim('≈ [0.71, 0.58]: after one iteration')).toMatchObject({
      kind: 'approx',
      tolerance: 0.005,
    });
    expect(parseClaim('≈ 2')).toMatchObject({ kind: 'approx', expected: 2, tolerance: 0.5 });
    expect(parseClaim('0, 1 or 2')).toMatchObject({ kind: 'one-of', options: [0, 1, 2] });
    expect(parseClaim('Float64Array(4000)')).toMatchObject({
      kind: 'typed-array',
      type: 'Float64Array',
      length: 4000,
    });
    expect(parseClaim('Int32Array [3, 0]')).toMatchObject({ kind: 'typed-array', values: [3, 0] });
    expect(parseClaim('4 (2 sd × √4, along x)')).toMatchObject({ kind: 'equal', expected: 4 });
    expect(parseClaim('true: square pixels')).toMatchObject({ expected: true });
  });

  it('leaves prose alone', () => {
    for (const prose of [
      'fine',
      '0 <= u < 1',
      'mean ≈ 2',
      'e.g. [3, 0, 4]',
      'the same array, permuted',
      '4 bins: ceil(log2(5) + 1)',
      'Float64Array of 0 and 1',
      'process.exit(1)',
      'new Float64Array(3)',
      '(() => 1)()',
    ])
      expect(parseClaim(prose), prose).toBeUndefined();
  });
});

describe('checkClaim', () => {
  it('holds and fails as claimed', () => {
    expect(check([1, 2], '[1, 2]')).toBeUndefined();
    expect(check(new Float64Array([1, 2]), '[1, 2]')).toBeUndefined();
    expect(check([1, 3], '[1, 2]')).toMatch(/\$\[1\]: expected 2, got 3/);
    expect(check(0.714, '≈ 0.71')).toBeUndefined();
    expect(check(0.72, '≈ 0.71')).toBeDefined();
    expect(check(1, '0, 1 or 2')).toBeUndefined();
    expect(check(3, '0, 1 or 2')).toBeDefined();
    expect(check(new Float64Array(3), 'Float64Array(3)')).toBeUndefined();
    expect(check(new Float32Array(3), 'Float64Array(3)')).toBeDefined();
    expect(check({ a: 1, b: 2 }, '{ a: 1 }')).toMatch(/\$\.b: not claimed/);
    expect(check(Number.NaN, 'NaN')).toBeUndefined();
    expect(check(Math.log(6) * (1 + 1e-14), 'Math.log(6)')).toBeUndefined();
  });
});

describe('instrument', () => {
  it('checks expressions and declared variables, not statements', () => {
    const { code, claims } = instrument(
      ['f(1); // 2', 'const x = g(); // Float64Array(3)', 'if (a) b; // 3', 'h(); // fine'].join('\n'),
      '__c',
    );
    expect(claims).toHaveLength(2);
    expect(code.split('\n')).toEqual([
      '__c((f(1)), 0); // 2',
      'const x = g(); __c(x, 1); // Float64Array(3)',
      'if (a) b; // 3',
      'h(); // fine',
    ]);
  });
});
