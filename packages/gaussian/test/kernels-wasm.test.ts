import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zeroStats } from '../src/estep.js';
import { compileWasmKernels, GaussianMixture } from '../src/index.js';
import { kernelFor } from '../src/kernels/index.js';
import { genericEStep } from '../src/kernels/specialized/generic.js';
import { wasmEStep } from '../src/kernels/wasm/estep.js';
import { type CompiledKernels, instantiateKernels, wasmKernels } from '../src/kernels/wasm/module.js';
import type { CovarianceType } from '../src/types.js';
import { expectClose } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function compiled(): CompiledKernels {
  const module = wasmKernels();
  if (module instanceof Error) throw module;
  return module;
}

/** Distance in units in the last place between two positive doubles. */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

describe('WebAssembly kernels', () => {
  it('compile in Node (SIMD) and asynchronously', async () => {
    expect(wasmKernels()).not.toBeInstanceOf(Error);
    await expect(compileWasmKernels()).resolves.toBe(true);
  });

  it('are the bytes scripts/build-wasm.mjs makes from assembly/kernels.ts', () => {
    // Fails (exit 1) when someone edits the AssemblyScript source without rebuilding binary.ts.
    expect(() =>
      execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: root, stdio: 'pipe' }),
    ).not.toThrow();
  }, 60_000);

  it('compute e^x within 2 ulp of Math.exp on [−708, 0], 1 at 0, 0 below −708, NaN for NaN', () => {
    const { exports, buffer, base } = instantiateKernels(compiled(), 2 * 8 * 4096);
    const values = new Float64Array(buffer, base, 2 * 4096);
    const n = 4096;
    for (let i = 0; i < n - 4; i++) values[i] = -708 * (i / (n - 5)) ** 3;
    values.set([-708.5, -1e308, Number.NEGATIVE_INFINITY, Number.NaN], n - 4);
    exports.expArray(base, base + n * 8, n);
    let worst = 0;
    for (let i = 0; i < n - 4; i++) worst = Math.max(worst, ulps(values[n + i]!, Math.exp(values[i]!)));
    expect(worst).toBeLessThanOrEqual(2);
    expect(values[n]).toBe(1);
    expect([...values.subarray(2 * n - 4, 2 * n - 1)]).toEqual([0, 0, 0]);
    expect(values[2 * n - 1]).toBeNaN();
  });

  it('give the generic statistics over several chunks of rows (more than 4096)', () => {
    const d = 5;
    const k = 3;
    const n = 9001;
    const X = Float64Array.from({ length: n * d }, (_, i) => Math.sin(i * 0.7) * 3 + (i % 11) / 4);
    const weights = Float64Array.of(0.2, 0.5, 0.3);
    const means = Float64Array.from({ length: k * d }, (_, i) => Math.cos(i) * 2);
    for (const type of ['full', 'diag'] as CovarianceType[]) {
      const prec =
        type === 'full'
          ? Float64Array.from({ length: k * d * d }, (_, i) => {
              const a = Math.floor((i % (d * d)) / d);
              const b = i % d;
              return a === b ? 0.8 : a < b ? 0.1 : 0;
            })
          : Float64Array.from({ length: k * d }, (_, i) => 0.6 + (i % 4) / 10);
      const kernel = kernelFor(type, d);
      const expected = zeroStats(kernel, k, d);
      const actual = zeroStats(kernel, k, d);
      genericEStep(type, d, k).run(X, 3, n, weights, means, prec, expected);
      wasmEStep(type, d, k, compiled()).run(X, 3, n, weights, means, prec, actual);
      expect(actual.n).toBe(n - 3);
      expectClose(actual.logLikelihood, expected.logLikelihood, 1e-12, `${type} logLikelihood`);
      expectClose(actual.nk, expected.nk, 1e-12, `${type} nk`);
      expectClose(actual.s1, expected.s1, 1e-11, `${type} s1`);
      expectClose(actual.s2, expected.s2, 1e-11, `${type} s2`);
    }
  });

  it('give the generic statistics where most responsibilities underflow to exactly 0 (left out of the sums)', () => {
    // Three clusters 60 apart in 9 dimensions (odd: a padded column) and every tenth row halfway
    // between the first two: a row of one cluster is about ½ · 9 · 60² ≫ 708 from the others in
    // log-density, so its responsibilities there are exactly 0 in the kernel and those rows are
    // left out; the rows halfway have responsibilities well inside (0, 1) for both.
    const d = 9;
    const k = 3;
    const n = 3001;
    const X = Float64Array.from({ length: n * d }, (_, i) => {
      const row = Math.floor(i / d);
      if (row % 10 === 9) return 30.1 + 0.02 * Math.sin(i * 0.7);
      return 60 * (row % 3) + Math.sin(i * 0.7);
    });
    const weights = Float64Array.of(0.3, 0.3, 0.4);
    const means = Float64Array.from({ length: k * d }, (_, i) => 60 * Math.floor(i / d) + 0.1);
    for (const type of ['full', 'tied', 'diag'] as CovarianceType[]) {
      const prec =
        type === 'diag'
          ? new Float64Array(k * d).fill(0.9)
          : Float64Array.from({ length: (type === 'tied' ? 1 : k) * d * d }, (_, i) => {
              const a = Math.floor((i % (d * d)) / d);
              const b = i % d;
              return a === b ? 0.9 : a < b ? 0.05 : 0;
            });
      const kernel = kernelFor(type, d);
      const expected = zeroStats(kernel, k, d);
      const actual = zeroStats(kernel, k, d);
      genericEStep(type, d, k).run(X, 0, n, weights, means, prec, expected);
      wasmEStep(type, d, k, compiled()).run(X, 0, n, weights, means, prec, actual);
      expectClose(actual.logLikelihood, expected.logLikelihood, 1e-12, `${type} logLikelihood`);
      expectClose(actual.nk, expected.nk, 1e-12, `${type} nk`);
      expectClose(actual.s1, expected.s1, 1e-11, `${type} s1`);
      expectClose(actual.s2, expected.s2, 1e-11, `${type} s2`);
    }
  });

  it('give a component of weight 0 no responsibility, as the generic loops do', () => {
    const X = Float64Array.of(0, 1, 2, 10, 11, 12, 13);
    const weights = Float64Array.of(0.5, 0, 0.5);
    const means = Float64Array.of(1, 5, 12);
    const prec = Float64Array.of(1, 1, 1);
    const kernel = kernelFor('diag', 1);
    const expected = zeroStats(kernel, 3, 1);
    const actual = zeroStats(kernel, 3, 1);
    genericEStep('diag', 1, 3).run(X, 0, 7, weights, means, prec, expected);
    wasmEStep('diag', 1, 3, compiled()).run(X, 0, 7, weights, means, prec, actual);
    expect(actual.nk[1]).toBe(0);
    expectClose(actual.logLikelihood, expected.logLikelihood, 1e-13, 'logLikelihood');
    expectClose(actual.nk, expected.nk, 1e-13, 'nk');
  });

  it('fit the same mixture as the JavaScript kernels, through the public option', () => {
    const X = Array.from({ length: 600 }, (_, i) => [
      (i % 3) * 6 + Math.sin(i * 1.1),
      (i % 3) * -4 + Math.cos(i * 0.9),
      Math.sin(i * 0.3),
    ]);
    for (const covarianceType of ['full', 'tied', 'diag', 'spherical'] as const) {
      const fit = (kernels: 'wasm' | 'generic') =>
        new GaussianMixture({ nComponents: 3, covarianceType, randomState: 4, kernels }).fit(X);
      const wasm = fit('wasm');
      const generic = fit('generic');
      expectClose(wasm.means, generic.means, 1e-9, `${covarianceType} means`);
      expectClose(wasm.lowerBound, generic.lowerBound, 1e-12, `${covarianceType} lowerBound`);
    }
  });
});
