import { mulberry32 } from '@em/core/numeric';
import { describe, expect, it } from 'vitest';
import { MAX_UNROLLED_PRODUCT, smallProducts } from '../../src/mclust/small-products.js';

const refuse = () => {
  throw new EvalError('Code generation from strings disallowed for this context');
};

function randomMatrices(d: number, count: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  return Float64Array.from({ length: count * d * d }, () => random() * 2 - 1);
}

describe('small products of the iterative M-steps', () => {
  it('compute 2 × 2 products by hand', () => {
    const { times, timesTransposed, gram } = smallProducts(2);
    const a = Float64Array.of(1, 2, 3, 4, 0, 1, 1, 0);
    const b = Float64Array.of(5, 6, 7, 8);
    const out = new Float64Array(8);
    times(a, b, out, 2);
    expect([...out]).toEqual([19, 22, 43, 50, 7, 8, 5, 6]);
    timesTransposed(a, b, out, 1);
    expect([...out.subarray(0, 4)]).toEqual([17, 23, 39, 53]);
    const m = new Float64Array(4);
    gram(a, m);
    expect([...m]).toEqual([10, 14, 14, 20]);
  });

  it.each(
    Array.from({ length: MAX_UNROLLED_PRODUCT }, (_, i) => i + 1),
  )('unrolled code gives the loops’ bits for d = %i', (d) => {
    const generated = smallProducts(d);
    const loops = smallProducts(d, refuse);
    expect(generated.mode).toBe('generated');
    expect(loops.mode).toBe('loops');
    const a = randomMatrices(d, 3, d);
    const b = randomMatrices(d, 1, 100 + d);
    for (const product of ['times', 'timesTransposed'] as const) {
      const fast = new Float64Array(3 * d * d);
      const slow = new Float64Array(3 * d * d);
      generated[product](a, b, fast, 3);
      loops[product](a, b, slow, 3);
      expect(fast).toEqual(slow);
    }
    const fast = new Float64Array(d * d);
    const slow = new Float64Array(d * d);
    generated.gram(b, fast);
    loops.gram(b, slow);
    expect(fast).toEqual(slow);
    // An orthogonal b (a permutation) gives bᵀ b = I.
    const permutation = new Float64Array(d * d);
    for (let i = 0; i < d; i++) permutation[i * d + ((i + 1) % d)] = 1;
    generated.gram(permutation, fast);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(fast[i * d + j]).toBe(i === j ? 1 : 0);
  });

  it('uses loops above the unrolled dimensions and rethrows other compile errors', () => {
    expect(smallProducts(MAX_UNROLLED_PRODUCT + 1).mode).toBe('loops');
    const broken = () => {
      throw new TypeError('not a refusal');
    };
    expect(() => smallProducts(3, broken)).toThrow(TypeError);
  });
});
