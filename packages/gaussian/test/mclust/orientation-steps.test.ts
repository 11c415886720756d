import { mulberry32 } from '@em/core/numeric';
import { describe, expect, it } from 'vitest';
import { loopSteps, orientationSteps } from '../../src/mclust/mstep/orientation-steps.js';
import { MAX_UNROLLED_PRODUCT } from '../../src/mclust/small-products.js';

const refuse = () => {
  throw new EvalError('Code generation from strings disallowed for this context');
};

describe("F of EVE's and VVE's majorisation–minimisation steps", () => {
  it('matches a 2 × 2 case by hand (D = I, W = [[2, 1], [1, 3]], ω = 4, 1 / a = (1, 0.5))', () => {
    const steps = orientationSteps(2);
    const wd = Float64Array.of(2, 1, 1, 3);
    const identity = Float64Array.of(1, 0, 0, 1);
    const inverses = Float64Array.of(1, 0.5);
    const f = new Float64Array(4);
    // MM 1: f_jb = (1 / a_j) (W_bj − ω δ_bj).
    steps.first(wd, identity, inverses, Float64Array.of(4), f, 1);
    expect([...f]).toEqual([-2, 1, 0.5, -0.5]);
    // MM 2: f_aj = W_aj (1 / a_j − max 1 / a).
    steps.second(wd, inverses, f, 1);
    expect([...f]).toEqual([0, -0.5, 0, -1.5]);
  });

  it.each(
    Array.from({ length: MAX_UNROLLED_PRODUCT }, (_, i) => i + 1),
  )('unrolled code gives the loops’ bits for d = %i', (d) => {
    const k = 4;
    const random = mulberry32(d);
    const draw = (length: number) => Float64Array.from({ length }, () => random() * 2 - 1);
    const wd = draw(k * d * d);
    const orientation = draw(d * d);
    const inverses = Float64Array.from({ length: k * d }, () => 0.1 + random());
    const omega = Float64Array.from({ length: k }, () => 1 + random());
    const fast = orientationSteps(d);
    const slow = orientationSteps(d, refuse);
    // Compiled code is named 'anonymous'; the loops keep their method names.
    expect(fast.first.name).toBe('anonymous');
    expect(slow.first.name).toBe(loopSteps(d).first.name);
    expect(slow.first.name).toBe('first');
    const a = new Float64Array(d * d);
    const b = new Float64Array(d * d);
    fast.first(wd, orientation, inverses, omega, a, k);
    slow.first(wd, orientation, inverses, omega, b, k);
    expect(a).toEqual(b);
    fast.second(wd, inverses, a, k);
    slow.second(wd, inverses, b, k);
    expect(a).toEqual(b);
    const fastDiagonals = new Float64Array(k * d);
    const slowDiagonals = new Float64Array(k * d);
    fast.diagonals(wd, orientation, fastDiagonals, k);
    slow.diagonals(wd, orientation, slowDiagonals, k);
    expect(fastDiagonals).toEqual(slowDiagonals);
  });

  it('diagonals: diag(Dᵀ W D) by hand (D = [[1, 2], [3, 4]], W D = [[5, 6], [7, 8]])', () => {
    const diagonals = new Float64Array(2);
    for (const steps of [orientationSteps(2), orientationSteps(2, refuse)]) {
      steps.diagonals(Float64Array.of(5, 6, 7, 8), Float64Array.of(1, 2, 3, 4), diagonals, 1);
      // Σ_a D_aj (W D)_aj: 1·5 + 3·7 and 2·6 + 4·8.
      expect([...diagonals]).toEqual([26, 44]);
    }
  });

  it('rethrows compile errors other than a refusal', () => {
    expect(() =>
      orientationSteps(3, () => {
        throw new TypeError('not a refusal');
      }),
    ).toThrow(TypeError);
  });
});
