import type { CovarianceType } from '../../types.js';
import { componentConstants, normalise } from './generic.js';
import { type FusedEStep, type Triangle, triangleOf } from './types.js';

/** Rows per block; a multiple of 4 (the tile height). */
const ROWS = 64;

/**
 * The fused E-step for full and tied covariances in many dimensions, as small matrix products
 * tiled 4 × 4: each tile keeps 16 running sums in local variables and reuses every value it loads
 * four times, where the plain loops load one value per multiply-add. Unrolling everything (as
 * `generate.ts` does for small d) stops paying off here: hundreds of live variables spill and the
 * optimiser gives up on very large functions. No code generation, so it serves both modes.
 *
 * Per block of rows and per component: Dᵢ = xᵢ − μ_c (padded with zero columns to a multiple of
 * 4), log-densities from Y = D U, then responsibilities, then s2 += (r ⊙ D)ᵀ D (upper tiles).
 */
export function tiledEStep(type: 'full' | 'tied', d: number, k: number): FusedEStep {
  const p = (d + 3) & ~3; // padded dimension
  const blocks = type === 'full' ? k : 1;
  const diff = new Float64Array(ROWS * p);
  const weighted = new Float64Array(ROWS * p);
  const scratch = new Float64Array(ROWS * k);
  const constant = new Float64Array(k);
  const factors = new Float64Array(blocks * p * p);
  const second = new Float64Array(blocks * p * p);
  const covarianceType: CovarianceType = type;

  function fillDiff(X: Float64Array, i0: number, rows: number, means: Float64Array, c: number): void {
    const mo = c * d;
    for (let i = 0, off = 0, x = i0 * d; i < rows; i++, off += p, x += d) {
      for (let j = 0; j < d; j++) diff[off + j] = X[x + j]! - means[mo + j]!;
    }
    // The last block may be short: its padding rows must add nothing.
    if (rows < ROWS) diff.fill(0, rows * p);
  }

  /** scratch[i * k + c] = constant[c] − ½ ‖D_i U‖² for the `rows` rows in `diff`. */
  function logDensities(rows: number, c: number, triangle: Triangle): void {
    const u = (type === 'full' ? c : 0) * p * p;
    for (let i = 0; i < rows; i += 4) {
      const r0 = i * p;
      const r1 = r0 + p;
      const r2 = r1 + p;
      const r3 = r2 + p;
      let m0 = 0;
      let m1 = 0;
      let m2 = 0;
      let m3 = 0;
      for (let g = 0; g < p; g += 4) {
        // Rows m of U that can be non-zero in columns g … g+3.
        const from = triangle === 'lower' ? g : 0;
        const to = triangle === 'upper' ? g + 4 : p;
        let a00 = 0,
          a01 = 0,
          a02 = 0,
          a03 = 0,
          a10 = 0,
          a11 = 0,
          a12 = 0,
          a13 = 0;
        let a20 = 0,
          a21 = 0,
          a22 = 0,
          a23 = 0,
          a30 = 0,
          a31 = 0,
          a32 = 0,
          a33 = 0;
        for (let m = from; m < to; m++) {
          const uo = u + m * p + g;
          const u0 = factors[uo]!;
          const u1 = factors[uo + 1]!;
          const u2 = factors[uo + 2]!;
          const u3 = factors[uo + 3]!;
          const d0 = diff[r0 + m]!;
          const d1 = diff[r1 + m]!;
          const d2 = diff[r2 + m]!;
          const d3 = diff[r3 + m]!;
          a00 += d0 * u0;
          a01 += d0 * u1;
          a02 += d0 * u2;
          a03 += d0 * u3;
          a10 += d1 * u0;
          a11 += d1 * u1;
          a12 += d1 * u2;
          a13 += d1 * u3;
          a20 += d2 * u0;
          a21 += d2 * u1;
          a22 += d2 * u2;
          a23 += d2 * u3;
          a30 += d3 * u0;
          a31 += d3 * u1;
          a32 += d3 * u2;
          a33 += d3 * u3;
        }
        m0 += a00 * a00 + a01 * a01 + a02 * a02 + a03 * a03;
        m1 += a10 * a10 + a11 * a11 + a12 * a12 + a13 * a13;
        m2 += a20 * a20 + a21 * a21 + a22 * a22 + a23 * a23;
        m3 += a30 * a30 + a31 * a31 + a32 * a32 + a33 * a33;
      }
      const cst = constant[c]!;
      scratch[i * k + c] = cst - 0.5 * m0;
      if (i + 1 < rows) scratch[(i + 1) * k + c] = cst - 0.5 * m1;
      if (i + 2 < rows) scratch[(i + 2) * k + c] = cst - 0.5 * m2;
      if (i + 3 < rows) scratch[(i + 3) * k + c] = cst - 0.5 * m3;
    }
  }

  /** second[c] += Σ_i (r_i D_i)ᵀ D_i over the upper tiles; also nk and s1. */
  function accumulate(rows: number, c: number, nk: Float64Array, s1: Float64Array): void {
    let total = 0;
    for (let i = 0; i < ROWS; i++) {
      const r = i < rows ? scratch[i * k + c]! : 0;
      total += r;
      const off = i * p;
      for (let j = 0; j < d; j++) {
        const w = r * diff[off + j]!;
        weighted[off + j] = w;
        s1[c * d + j]! += w;
      }
    }
    nk[c]! += total;
    const so = (type === 'full' ? c : 0) * p * p;
    for (let ga = 0; ga < p; ga += 4) {
      for (let gb = ga; gb < p; gb += 4) {
        let a00 = 0,
          a01 = 0,
          a02 = 0,
          a03 = 0,
          a10 = 0,
          a11 = 0,
          a12 = 0,
          a13 = 0;
        let a20 = 0,
          a21 = 0,
          a22 = 0,
          a23 = 0,
          a30 = 0,
          a31 = 0,
          a32 = 0,
          a33 = 0;
        for (let off = 0; off < ROWS * p; off += p) {
          const w0 = weighted[off + ga]!;
          const w1 = weighted[off + ga + 1]!;
          const w2 = weighted[off + ga + 2]!;
          const w3 = weighted[off + ga + 3]!;
          const d0 = diff[off + gb]!;
          const d1 = diff[off + gb + 1]!;
          const d2 = diff[off + gb + 2]!;
          const d3 = diff[off + gb + 3]!;
          a00 += w0 * d0;
          a01 += w0 * d1;
          a02 += w0 * d2;
          a03 += w0 * d3;
          a10 += w1 * d0;
          a11 += w1 * d1;
          a12 += w1 * d2;
          a13 += w1 * d3;
          a20 += w2 * d0;
          a21 += w2 * d1;
          a22 += w2 * d2;
          a23 += w2 * d3;
          a30 += w3 * d0;
          a31 += w3 * d1;
          a32 += w3 * d2;
          a33 += w3 * d3;
        }
        const t = so + ga * p + gb;
        second[t]! += a00;
        second[t + 1]! += a01;
        second[t + 2]! += a02;
        second[t + 3]! += a03;
        second[t + p]! += a10;
        second[t + p + 1]! += a11;
        second[t + p + 2]! += a12;
        second[t + p + 3]! += a13;
        const t2 = t + 2 * p;
        second[t2]! += a20;
        second[t2 + 1]! += a21;
        second[t2 + 2]! += a22;
        second[t2 + 3]! += a23;
        second[t2 + p]! += a30;
        second[t2 + p + 1]! += a31;
        second[t2 + p + 2]! += a32;
        second[t2 + p + 3]! += a33;
      }
    }
  }

  return {
    mode: 'generic',
    run(X, start, end, weights, means, prec, stats) {
      componentConstants(covarianceType, d, k, weights, prec, constant);
      const triangle = triangleOf(prec, blocks, d);
      for (let b = 0; b < blocks; b++) {
        for (let a = 0; a < d; a++) {
          for (let j = 0; j < d; j++) factors[b * p * p + a * p + j] = prec[b * d * d + a * d + j]!;
        }
      }
      second.fill(0);
      let logLikelihood = 0;
      for (let i0 = start; i0 < end; i0 += ROWS) {
        const rows = Math.min(ROWS, end - i0);
        for (let c = 0; c < k; c++) {
          fillDiff(X, i0, rows, means, c);
          logDensities(rows, c, triangle);
        }
        logLikelihood += normalise(scratch, rows, k);
        for (let c = 0; c < k; c++) {
          fillDiff(X, i0, rows, means, c);
          accumulate(rows, c, stats.nk, stats.s1);
        }
      }
      // Upper triangle of the padded sums into the statistics' d × d layout.
      for (let b = 0; b < blocks; b++) {
        for (let a = 0; a < d; a++) {
          for (let j = a; j < d; j++) stats.s2[b * d * d + a * d + j]! += second[b * p * p + a * p + j]!;
        }
      }
      stats.n += end - start;
      stats.logLikelihood += logLikelihood;
    },
  };
}
