import { mulberry32 } from '@em/core/numeric';
import { describe, expect, it } from 'vitest';
import { choleskyLower } from '../../src/linalg.js';
import { lapackCholeskyAccepts } from '../../src/mclust/mstep/lapack-cholesky.js';
import fixtures from '../fixtures/mclust-singular-starts.json' with { type: 'json' };

/**
 * mclust's VEE M-step refuses a W_k that LAPACK's dpotrf cannot factor. The exactly singular W_k
 * of mclust's hc starts (scripts/make-mclust-singular-start-fixtures.R: computed in mevee's
 * order, judged by R's chol() on reference LAPACK) are decided by rounding alone.
 */
function accepts(rows: number[][]): boolean {
  const d = rows.length;
  return lapackCholeskyAccepts(Float64Array.from(rows.flat()), 0, d, new Float64Array(d * d));
}

describe('LAPACK-order Cholesky verdict', () => {
  it('is computed against reference LAPACK on both of mclust’s singular starts', () => {
    expect(fixtures.lapack).toMatch(/^liblapack/);
    expect(fixtures.cases.map((c) => `${c.dataset} K=${c.nComponents}`)).toEqual([
      'banknote K=9',
      'thyroid K=9',
    ]);
  });

  it.each(
    fixtures.cases.map((c) => [`${c.dataset} K=${c.nComponents}`, c] as const),
  )('gives dpotrf’s verdict on the exactly singular W_k of %s', (_where, c) => {
    expect(c.size).toBeLessThanOrEqual(c.scatter.length);
    expect(accepts(c.scatter)).toBe(c.accepted);
    // mclust's VEE cell follows the verdict: NA exactly where dpotrf refuses the start.
    expect(c.veeBic === null).toBe(!c.accepted);
  });

  it('differs from a row-by-row Cholesky on thyroid’s start, so the order of operations matters', () => {
    const thyroid = fixtures.cases.find((c) => c.dataset === 'thyroid')!;
    const d = thyroid.scatter.length;
    const rowByRow = choleskyLower(
      Float64Array.from(thyroid.scatter.flat()),
      0,
      d,
      new Float64Array(d * d),
      0,
    );
    expect(rowByRow).toBe(false);
    expect(accepts(thyroid.scatter)).toBe(true);
  });

  it('accepts well-conditioned SPD matrices and refuses indefinite, zero and NaN ones', () => {
    const random = mulberry32(7);
    for (let d = 1; d <= 9; d++) {
      const a = Array.from({ length: d }, () => Array.from({ length: d }, () => random() * 2 - 1));
      const spd = a.map((_, i) =>
        a.map((_, j) => a[i]!.reduce((s, v, m) => s + v * a[j]![m]!, 0) + (i === j ? 0.1 : 0)),
      );
      expect(accepts(spd), `d=${d}`).toBe(true);
      const indefinite = spd.map((row, i) => row.map((v, j) => (i === j && i === d - 1 ? -1 - v : v)));
      expect(accepts(indefinite), `d=${d}`).toBe(false);
      expect(accepts(spd.map((row) => row.map(() => 0))), `d=${d}`).toBe(false);
      expect(
        accepts(spd.map((row, i) => row.map((v, j) => (i === j && i === 0 ? Number.NaN : v)))),
        `d=${d}`,
      ).toBe(false);
    }
  });
});
