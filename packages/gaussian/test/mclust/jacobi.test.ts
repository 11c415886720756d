import { mulberry32 } from '@em/core/numeric';
import { describe, expect, it } from 'vitest';
import { jacobiFor, jacobiLoops, jacobiSource, MIN_UNROLLED_JACOBI } from '../../src/mclust/jacobi.js';
import { MAX_UNROLLED_PRODUCT } from '../../src/mclust/small-products.js';

const refuse = () => {
  throw new EvalError('Code generation from strings disallowed for this context');
};

/** A random symmetric d × d matrix; `nearDiagonal` shrinks the off-diagonal part (a warm start). */
function symmetric(d: number, seed: number, nearDiagonal = false): Float64Array {
  const random = mulberry32(seed);
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    m[i * d + i] = 1 + 10 * random();
    for (let j = i + 1; j < d; j++) {
      const value = (random() * 2 - 1) * (nearDiagonal ? 1e-6 : 1);
      m[i * d + j] = value;
      m[j * d + i] = value;
    }
  }
  return m;
}

describe('Jacobi rotations of the iterative M-steps', () => {
  it('diagonalises [[2, 1], [1, 2]]: eigenvalues 3 and 1, directions (1, ±1)/√2', () => {
    const m = Float64Array.of(2, 1, 1, 2);
    const v = new Float64Array(4);
    jacobiFor(2)(m, v, 2);
    expect([m[0], m[3]].sort()).toEqual([1, 3].map((x) => expect.closeTo(x, 14)));
    expect(m[1]).toBe(0);
    for (const x of v) expect(Math.abs(x)).toBeCloseTo(Math.SQRT1_2, 14);
  });

  it.each(
    Array.from({ length: MAX_UNROLLED_PRODUCT }, (_, i) => i + 1),
  )('unrolled code gives the loops’ bits for d = %i, and V diag(m) Vᵀ rebuilds the matrix', (d) => {
    // The unrolled source for every d (used from MIN_UNROLLED_JACOBI on).
    const fast = new Function('m', 'v', 'd', 'onto', jacobiSource(d)) as typeof jacobiLoops;
    expect(jacobiFor(d) === jacobiLoops).toBe(d < MIN_UNROLLED_JACOBI);
    expect(jacobiFor(d, refuse)).toBe(jacobiLoops);
    for (const nearDiagonal of [false, true]) {
      const original = symmetric(d, 7 * d + (nearDiagonal ? 1 : 0), nearDiagonal);
      const m1 = original.slice();
      const m2 = original.slice();
      const v1 = new Float64Array(d * d);
      const v2 = new Float64Array(d * d);
      fast(m1, v1, d);
      jacobiLoops(m2, v2, d);
      expect(m1).toEqual(m2);
      expect(v1).toEqual(v2);
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          let rebuilt = 0;
          for (let j = 0; j < d; j++) rebuilt += v1[a * d + j]! * m1[j * d + j]! * v1[b * d + j]!;
          expect(rebuilt).toBeCloseTo(original[a * d + b]!, 12);
          if (a !== b) expect(Math.abs(m1[a * d + b]!)).toBeLessThan(1e-13);
        }
      }
    }
  });

  it.each([3, 6])('with onto, rotates a given basis B into B R: the eigenvectors of B M Bᵀ (d = %i)', (d) => {
    // B: the eigenvectors of another symmetric matrix (an orthogonal basis, as a warm start's).
    const b = symmetric(d, 100 + d);
    const basis = new Float64Array(d * d);
    jacobiFor(d)(b, basis, d);
    const m = symmetric(d, 200 + d);
    // S = B M Bᵀ, whose eigenvectors the rotations of M turn B into.
    const s = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++)
        for (let p = 0; p < d; p++)
          for (let q = 0; q < d; q++) s[i * d + j]! += basis[i * d + p]! * m[p * d + q]! * basis[j * d + q]!;
    for (const kernel of [jacobiFor(d), jacobiLoops]) {
      const v = basis.slice();
      const diagonal = m.slice();
      kernel(diagonal, v, d, true);
      for (let j = 0; j < d; j++) {
        // S v_j = λ_j v_j, |v_j| = 1.
        let norm = 0;
        for (let a = 0; a < d; a++) {
          let sv = 0;
          for (let c = 0; c < d; c++) sv += s[a * d + c]! * v[c * d + j]!;
          expect(sv).toBeCloseTo(diagonal[j * d + j]! * v[a * d + j]!, 11);
          norm += v[a * d + j]! ** 2;
        }
        expect(norm).toBeCloseTo(1, 13);
      }
    }
  });

  it('runs the loops above the unrolled dimensions and rethrows other compile errors', () => {
    expect(jacobiFor(MAX_UNROLLED_PRODUCT + 1)).toBe(jacobiLoops);
    expect(() =>
      jacobiFor(6, () => {
        throw new TypeError('not a refusal');
      }),
    ).toThrow(TypeError);
  });
});
