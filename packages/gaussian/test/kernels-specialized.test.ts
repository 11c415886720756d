import { InvalidOptionError } from '@em/core';
import { mulberry32, type RandomSource } from '@em/core/numeric';
import { describe, expect, it } from 'vitest';
import { eStepChunk, zeroStats } from '../src/estep.js';
import { GaussianMixture } from '../src/index.js';
import { kernelFor } from '../src/kernels/index.js';
import { EXP_FRACTION, EXP_POWER, EXP_SOURCE, expNonPositive } from '../src/kernels/specialized/exp.js';
import { eStepSource } from '../src/kernels/specialized/generate.js';
import { createFusedEStep } from '../src/kernels/specialized/index.js';
import type { KernelMode, Triangle } from '../src/kernels/specialized/types.js';
import type { CovarianceType, MixtureParams } from '../src/types.js';
import { expectClose } from './helpers.js';
import { fitSklearnRun, fixtures } from './sklearn-fixtures.js';

describe.each([
  'wasm',
  'generated',
  'generic',
] as const)('%s kernels reproduce scikit-learn 1.2.1 (tol = 0)', (kernels) => {
  for (const run of fixtures.runs) {
    it(`${run.dataset} ${run.covarianceType} after ${run.maxIter} iterations`, () => {
      const expected = run.expected as {
        weights: number[];
        means: number[][];
        covariances: unknown;
        lowerBound: number;
      };
      const gmm = fitSklearnRun(run, { kernels });
      expectClose(gmm.weights, expected.weights, 1e-8, 'weights');
      expectClose(gmm.means, expected.means, 1e-8, 'means');
      expectClose(gmm.covariances, expected.covariances, 1e-8, 'covariances');
      expectClose(gmm.lowerBound, expected.lowerBound, 1e-10, 'lowerBound');
    });
  }
});

/** Random parameters whose precision factors have the given triangle (dense: U Uᵀ is still a precision). */
function randomParams(type: CovarianceType, k: number, d: number, triangle: Triangle, random: RandomSource) {
  const weights = Float64Array.from({ length: k }, () => 0.2 + random());
  const total = weights.reduce((s, w) => s + w, 0);
  for (let c = 0; c < k; c++) weights[c]! /= total;
  const means = Float64Array.from({ length: k * d }, () => 4 * random() - 2);
  const size = kernelFor(type, d).covarianceSize(k, d);
  const prec = new Float64Array(size);
  if (type === 'full' || type === 'tied') {
    for (let b = 0; b < size / (d * d); b++) {
      for (let a = 0; a < d; a++) {
        for (let j = 0; j < d; j++) {
          const allowed = a === j || triangle === 'dense' || (triangle === 'upper' ? a < j : a > j);
          if (allowed) prec[b * d * d + a * d + j] = a === j ? 0.5 + random() : 0.6 * random() - 0.3;
        }
      }
    }
  } else {
    for (let i = 0; i < size; i++) prec[i] = 0.5 + random();
  }
  const params: MixtureParams = {
    covarianceType: type,
    nComponents: k,
    nFeatures: d,
    weights,
    means,
    covariances: undefined,
    precisionsCholesky: prec,
  };
  return params;
}

describe('fused E-step statistics equal the reference kernels', () => {
  const types: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
  // 13 and 17 features take the tiled kernel for full and tied; 1037 rows span several blocks.
  // In WebAssembly, 8 and 17 features take the eight-wide and the two-wide loops of diag.
  for (const type of types) {
    for (const d of [1, 2, 3, 7, 8, 13, 17]) {
      for (const triangle of ['upper', 'lower', 'dense'] as const) {
        if (triangle !== 'upper' && type !== 'full' && type !== 'tied') continue;
        for (const mode of ['wasm', 'generated', 'generic'] as KernelMode[]) {
          it(`${type}, d = ${d}, ${triangle} factor, ${mode}`, () => {
            const random = mulberry32(d * 31 + type.length);
            const k = 3;
            const n = 1037;
            const X = Float64Array.from({ length: n * d }, () => 5 * random() - 2.5);
            const params = randomParams(type, k, d, triangle, random);
            const kernel = kernelFor(type, d);
            const start = 5;
            const end = n - 2;
            const rows = X.subarray(start * d, end * d);
            const reference = eStepChunk(
              kernel,
              { data: rows, rows: end - start, cols: d },
              params,
              new Float64Array(n * k),
            );
            const fused = createFusedEStep(type, d, k, mode);
            const stats = zeroStats(kernel, k, d);
            fused.run(X, start, end, params.weights, params.means, params.precisionsCholesky, stats);
            expect(stats.n).toBe(end - start);
            expectClose(stats.logLikelihood, reference.logLikelihood, 1e-12, 'logLikelihood');
            expectClose(stats.nk, reference.nk, 1e-12, 'nk');
            expectClose(stats.s1, reference.s1, 1e-11, 's1');
            expectClose(stats.s2, reference.s2, 1e-11, 's2');
          });
        }
      }
    }
  }
});

describe('code generation', () => {
  const refuse = () => {
    throw new EvalError('Code generation from strings disallowed for this context');
  };

  const noWasm = () => new Error('WebAssembly is not available');

  it("'auto' falls back to the generic kernels where new Function and WebAssembly are refused", () => {
    expect(createFusedEStep('full', 3, 2, 'auto', refuse, noWasm).mode).toBe('generic');
    expect(createFusedEStep('full', 3, 2, 'auto', undefined, noWasm).mode).toBe('generated');
    expect(createFusedEStep('diag', 3, 2, 'auto', undefined, noWasm).mode).toBe('generated');
  });

  it("'auto' takes WebAssembly, except generated JavaScript for full and tied with 3 to 6 features", () => {
    expect(createFusedEStep('diag', 3, 2, 'auto').mode).toBe('wasm');
    expect(createFusedEStep('spherical', 2, 2, 'auto').mode).toBe('wasm');
    expect(createFusedEStep('full', 1, 2, 'auto').mode).toBe('wasm');
    expect(createFusedEStep('full', 7, 2, 'auto').mode).toBe('wasm');
    expect(createFusedEStep('tied', 40, 2, 'auto').mode).toBe('wasm');
    expect(createFusedEStep('full', 2, 2, 'auto').mode).toBe('wasm');
    expect(createFusedEStep('full', 3, 2, 'auto').mode).toBe('generated');
    expect(createFusedEStep('tied', 6, 2, 'auto').mode).toBe('generated');
    // Where code generation is refused, WebAssembly beats the generic loops.
    expect(createFusedEStep('full', 3, 2, 'auto', refuse).mode).toBe('wasm');
  });

  it("forcing 'wasm' where WebAssembly cannot be compiled is a typed error naming the option", () => {
    expect(() => createFusedEStep('diag', 3, 2, 'wasm', undefined, noWasm)).toThrow(InvalidOptionError);
    expect(() => createFusedEStep('diag', 3, 2, 'wasm', undefined, noWasm)).toThrow(
      /kernels.*WebAssembly is not available/s,
    );
  });

  it("forcing 'generated' where it is refused is a typed error naming the option", () => {
    expect(() => createFusedEStep('diag', 3, 2, 'generated', refuse)).toThrow(InvalidOptionError);
    expect(() => createFusedEStep('diag', 3, 2, 'generated', refuse)).toThrow(/kernels/);
  });

  it('other failures of the compiler are not mistaken for a CSP', () => {
    const broken = () => {
      throw new TypeError('boom');
    };
    expect(() => createFusedEStep('diag', 3, 2, 'auto', broken, noWasm)).toThrow(TypeError);
    expect(() => createFusedEStep('full', 3, 2, 'auto', broken)).toThrow(TypeError);
  });

  it("'generic' never generates code", () => {
    expect(createFusedEStep('spherical', 4, 2, 'generic', refuse).mode).toBe('generic');
  });

  it('the generated source is unrolled for the dimension (no loop over features)', () => {
    const source = eStepSource('full', 3, 2, 'upper', 64);
    expect(source).toContain('const y2 = d0 * u0_2 + d1 * u1_2 + d2 * u2_2;');
    expect(source).not.toMatch(/for \(let j/);
  });

  it('the kernels option is validated', () => {
    expect(() => new GaussianMixture({ kernels: 'fast' as KernelMode })).toThrow(InvalidOptionError);
  });
});

describe('expNonPositive', () => {
  it('is within 2 ulp of Math.exp on [−708, 0], exact at 0, and flushes subnormal results to 0', () => {
    const random = mulberry32(7);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = -(i < 100_000 ? 1 : 708) * random();
      const e = Math.exp(x);
      worst = Math.max(worst, Math.abs(expNonPositive(x) - e) / e);
    }
    expect(worst).toBeLessThanOrEqual(2 * Number.EPSILON);
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(expNonPositive(-708)).toBe(Math.exp(-708));
    expect(expNonPositive(-709)).toBe(0);
    expect(expNonPositive(Number.NaN)).toBeNaN();
  });

  it('the copy in the generated kernels is the same function', () => {
    const generated = new Function('EXP_FRACTION', 'EXP_POWER', `${EXP_SOURCE}\nreturn expNonPositive;`)(
      EXP_FRACTION,
      EXP_POWER,
    ) as (x: number) => number;
    const random = mulberry32(8);
    for (let i = 0; i < 10_000; i++) {
      const x = -50 * random();
      expect(generated(x)).toBe(expNonPositive(x));
    }
  });
});
