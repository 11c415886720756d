/**
 * Cyclic Jacobi rotations for the small symmetric eigenproblems of the mclust M-steps (two per
 * round of EVE's and VVE's inner loop, thousands per fit), as JavaScript unrolled for d: the
 * matrix's upper triangle and the rotation are local variables during the sweeps, stored once at
 * the end. Every entry is computed by the same operations in the same order as in
 * {@link jacobiLoops}, so both give the same bits. Where code generation is forbidden (a strict
 * Content-Security-Policy makes `new Function` throw an `EvalError`), or d is outside
 * {@link MIN_UNROLLED_JACOBI}..{@link MAX_UNROLLED_PRODUCT}, the loops run.
 */
import { type Compile, compileWithFunction } from '../kernels/specialized/generate.js';
import { MAX_UNROLLED_PRODUCT } from './small-products.js';

/**
 * In place: `m` (symmetric d × d, row-major) becomes diagonal, its eigenvalues on the diagonal in
 * no particular order, and `v` the eigenvectors as columns. With `onto`, `v` comes in holding a
 * basis B and leaves as B R (R the rotations): the eigenvectors of B M Bᵀ when `m` is Bᵀ S B, so
 * a caller that rotated S into a previous basis saves the product B · R.
 */
export type Jacobi = (m: Float64Array, v: Float64Array, d: number, onto?: boolean) => void;

/** Stops when the squared off-diagonal norm is at most this fraction of the squared diagonal's. */
const OFF_TOLERANCE = 1e-30;
const MAX_SWEEPS = 100;

/**
 * From this |θ| on, the rotation's t = sign θ / (|θ| + √(θ² + 1)) = u / (1 + u²) with u = 1 / (2θ),
 * and c = 1 / √(t² + 1), are taken from their series, t = u − u³ and c = 1 − t² / 2: the terms
 * left out (u⁵ and 3t⁴ / 8, relative at most 7e-18) are below rounding, and the two square roots
 * and two divisions of the general formula, a chain that dominates the cost of a rotation, become
 * one division. Small angles are nearly all rotations of a warm start's sweeps (the polar factors
 * of EVE and VVE, whose F changes little from call to call).
 */
const SMALL_ANGLE = 1e4;
/** Up to this |θ|, θ² does not overflow (beyond it the general formula gives t = 0). */
const NO_OVERFLOW = 1e150;

/**
 * Below this dimension the loops are as fast or faster (measured per call on near-diagonal
 * matrices: d = 3 291 vs 346 ns, d = 4 605 vs 707 ns, d = 5 even, d = 6 2074 vs 1632 ns unrolled):
 * the rotation angles' square roots and divisions dominate, not the indexing.
 */
export const MIN_UNROLLED_JACOBI = 5;

const cache: (Jacobi | undefined)[] = [];

/** Jacobi for d × d matrices: unrolled for d (compiled once per d and kept) where allowed, else {@link jacobiLoops}. */
export function jacobiFor(d: number, compile: Compile = compileWithFunction): Jacobi {
  const shared = compile === compileWithFunction;
  const cached = shared ? cache[d] : undefined;
  if (cached) return cached;
  let kernel: Jacobi = jacobiLoops;
  if (d >= MIN_UNROLLED_JACOBI && d <= MAX_UNROLLED_PRODUCT) {
    try {
      kernel = compile(['m', 'v', 'd', 'onto'], jacobiSource(d)) as Jacobi;
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
    }
  }
  if (shared) cache[d] = kernel;
  return kernel;
}

/** {@link Jacobi} as loops (any d). */
export function jacobiLoops(m: Float64Array, v: Float64Array, d: number, onto = false): void {
  if (!onto) {
    v.fill(0);
    for (let i = 0; i < d; i++) v[i * d + i] = 1;
  }
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let scale = 0;
    for (let i = 0; i < d; i++) {
      scale += m[i * d + i]! ** 2;
      for (let j = i + 1; j < d; j++) off += m[i * d + j]! ** 2;
    }
    if (off <= OFF_TOLERANCE * scale || off === 0) return;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q]!;
        if (apq === 0) continue;
        const app = m[p * d + p]!;
        const aqq = m[q * d + q]!;
        const theta = (aqq - app) / (2 * apq);
        let t: number;
        let c: number;
        if (Math.abs(theta) >= SMALL_ANGLE && Math.abs(theta) <= NO_OVERFLOW) {
          const u = 0.5 / theta;
          t = u - u * u * u;
          c = 1 - 0.5 * t * t;
        } else {
          t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          c = 1 / Math.sqrt(t * t + 1);
        }
        const s = t * c;
        // Jᵀ M J with J the rotation in the (p, q) plane: rows and columns at once (M stays
        // symmetric), the 2 × 2 block in closed form (Rutishauser), so m_pq becomes exactly 0.
        for (let k = 0; k < d; k++) {
          if (k === p || k === q) continue;
          const mkp = m[k * d + p]!;
          const mkq = m[k * d + q]!;
          const nkp = c * mkp - s * mkq;
          const nkq = s * mkp + c * mkq;
          m[k * d + p] = nkp;
          m[p * d + k] = nkp;
          m[k * d + q] = nkq;
          m[q * d + k] = nkq;
        }
        m[p * d + p] = app - t * apq;
        m[q * d + q] = aqq + t * apq;
        m[p * d + q] = 0;
        m[q * d + p] = 0;
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * The source of {@link jacobiLoops} unrolled for d (parameters `m`, `v`, `d`, `onto`):
 * `m${i}_${j}` (i ≤ j) and `v${i}_${j}` are locals.
 */
export function jacobiSource(d: number): string {
  const D = range(d);
  const M = (a: number, b: number) => (a <= b ? `m${a}_${b}` : `m${b}_${a}`);
  const upper = D.flatMap((i) => D.filter((j) => j >= i).map((j) => [i, j] as const));
  const load = upper.map(([i, j]) => `let m${i}_${j} = m[${i * d + j}];`).join('\n');
  const identity = D.flatMap((i) =>
    D.map((j) => `let v${i}_${j} = onto ? v[${i * d + j}] : ${i === j ? 1 : 0};`),
  ).join('\n');
  const norms = D.map(
    (i) =>
      `scale += m${i}_${i} ** 2;\n${D.filter((j) => j > i)
        .map((j) => `off += m${i}_${j} ** 2;`)
        .join('\n')}`,
  ).join('\n');
  const rotations = D.flatMap((p) =>
    D.filter((q) => q > p).map((q) => {
      const others = D.filter((k) => k !== p && k !== q);
      return `{
const apq = m${p}_${q};
if (apq !== 0) {
const app = m${p}_${p};
const aqq = m${q}_${q};
const theta = (aqq - app) / (2 * apq);
let t;
let c;
if (Math.abs(theta) >= ${SMALL_ANGLE} && Math.abs(theta) <= ${NO_OVERFLOW}) {
const u = 0.5 / theta;
t = u - u * u * u;
c = 1 - 0.5 * t * t;
} else {
t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
c = 1 / Math.sqrt(t * t + 1);
}
const s = t * c;
${others
  .map(
    (k) =>
      `{ const x = ${M(k, p)}; const y = ${M(k, q)}; ${M(k, p)} = c * x - s * y; ${M(k, q)} = s * x + c * y; }`,
  )
  .join('\n')}
m${p}_${p} = app - t * apq;
m${q}_${q} = aqq + t * apq;
m${p}_${q} = 0;
${D.map(
  (k) =>
    `{ const x = v${k}_${p}; const y = v${k}_${q}; v${k}_${p} = c * x - s * y; v${k}_${q} = s * x + c * y; }`,
).join('\n')}
}
}`;
    }),
  );
  const store = [
    ...upper.flatMap(([i, j]) =>
      i === j
        ? [`m[${i * d + i}] = m${i}_${i};`]
        : [`m[${i * d + j}] = m${i}_${j};`, `m[${j * d + i}] = m${i}_${j};`],
    ),
    ...D.flatMap((i) => D.map((j) => `v[${i * d + j}] = v${i}_${j};`)),
  ].join('\n');
  return `'use strict';
${load}
${identity}
for (let sweep = 0; sweep < ${MAX_SWEEPS}; sweep++) {
let off = 0;
let scale = 0;
${norms}
if (off <= ${OFF_TOLERANCE} * scale || off === 0) break;
${rotations.join('\n')}
}
${store}`;
}
