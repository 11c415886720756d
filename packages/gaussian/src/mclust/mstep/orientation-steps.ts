/**
 * The matrices F of Browne & McNicholas's two majorisation–minimisation steps (EVE and VVE, see
 * `common-orientation.ts`), summed over the components, as JavaScript unrolled for d (F and D are
 * local variables; measured five times faster than the loops for d = 6) or as loops where code
 * generation is forbidden or d is above {@link MAX_UNROLLED_PRODUCT}. Both add the same terms in
 * the same order from 0, so they give the same bits.
 */
import { type Compile, compileWithFunction } from '../../kernels/specialized/generate.js';
import { MAX_UNROLLED_PRODUCT } from '../small-products.js';

/**
 * MM 1: `f = Σ_k A_k⁻¹ Dᵀ (W_k − ω_k I)` from `wd` (the k blocks W_k D), the orientation D,
 * `inverses` (k × d: 1 / a_kj) and `omega` (k largest eigenvalues).
 */
export type FirstStep = (
  wd: Float64Array,
  orientation: Float64Array,
  inverses: Float64Array,
  omega: Float64Array,
  f: Float64Array,
  k: number,
) => void;

/** MM 2: `f = Σ_k W_k D (A_k⁻¹ − max_j(1 / a_kj) I)` from `wd` and `inverses`. */
export type SecondStep = (wd: Float64Array, inverses: Float64Array, f: Float64Array, k: number) => void;

/**
 * After both steps: `diagonals[c d + j] = (Dᵀ W_c D)_jj = Σ_a D_aj (W_c D)_aj` from `wd` (the k
 * blocks W_c D for the new D), whence the shapes A_c.
 */
export type Diagonals = (
  wd: Float64Array,
  orientation: Float64Array,
  diagonals: Float64Array,
  k: number,
) => void;

/** Both steps for one dimension, and the diagonals that follow them. */
export interface OrientationSteps {
  /** MM 1's F. */
  first: FirstStep;
  /** MM 2's F. */
  second: SecondStep;
  /** diag(Dᵀ W_k D) for every component. */
  diagonals: Diagonals;
}

const cache: (OrientationSteps | undefined)[] = [];

/** The steps for d: unrolled (compiled once per d and kept) where allowed, else loops. */
export function orientationSteps(d: number, compile: Compile = compileWithFunction): OrientationSteps {
  const shared = compile === compileWithFunction;
  const cached = shared ? cache[d] : undefined;
  if (cached) return cached;
  let steps = loopSteps(d);
  if (d <= MAX_UNROLLED_PRODUCT) {
    try {
      steps = {
        first: compile(['wd', 'orientation', 'inverses', 'omega', 'f', 'k'], firstSource(d)) as FirstStep,
        second: compile(['wd', 'inverses', 'f', 'k'], secondSource(d)) as SecondStep,
        diagonals: compile(['wd', 'orientation', 'diagonals', 'k'], diagonalsSource(d)) as Diagonals,
      };
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
    }
  }
  if (shared) cache[d] = steps;
  return steps;
}

/** The steps as loops (any d). */
export function loopSteps(d: number): OrientationSteps {
  const dd = d * d;
  return {
    first(wd, orientation, inverses, omega, f, k) {
      f.fill(0);
      for (let c = 0; c < k; c++) {
        const wc = c * dd;
        const om = omega[c]!;
        for (let j = 0; j < d; j++) {
          const inverse = inverses[c * d + j]!;
          for (let b = 0; b < d; b++) {
            f[j * d + b]! += inverse * (-om * orientation[b * d + j]! + wd[wc + b * d + j]!);
          }
        }
      }
    },
    second(wd, inverses, f, k) {
      f.fill(0);
      for (let c = 0; c < k; c++) {
        const wc = c * dd;
        let maxInverse = 0;
        for (let j = 0; j < d; j++) maxInverse = Math.max(maxInverse, inverses[c * d + j]!);
        for (let j = 0; j < d; j++) {
          const weight = inverses[c * d + j]! - maxInverse;
          for (let a = 0; a < d; a++) f[a * d + j]! += wd[wc + a * d + j]! * weight;
        }
      }
    },
    diagonals(wd, orientation, diagonals, k) {
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < d; j++) {
          let s = 0;
          for (let a = 0; a < d; a++) s += orientation[a * d + j]! * wd[c * dd + a * d + j]!;
          diagonals[c * d + j] = s;
        }
      }
    },
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** F's entries as locals `f${r}_${s}`, stored at the end. */
const declareF = (D: number[]) => D.flatMap((r) => D.map((s) => `let f${r}_${s} = 0;`)).join('\n');
const storeF = (D: number[], d: number) =>
  D.flatMap((r) => D.map((s) => `f[${r * d + s}] = f${r}_${s};`)).join('\n');

function firstSource(d: number): string {
  const D = range(d);
  const loadD = D.flatMap((b) => D.map((j) => `const o${b}_${j} = orientation[${b * d + j}];`)).join('\n');
  const body = D.map(
    (j) =>
      `{\nconst inverse = inverses[c * ${d} + ${j}];\n${D.map(
        (b) => `f${j}_${b} += inverse * (-om * o${b}_${j} + wd[wc + ${b * d + j}]);`,
      ).join('\n')}\n}`,
  ).join('\n');
  return `'use strict';
${loadD}
${declareF(D)}
for (let c = 0, wc = 0; c < k; c++, wc += ${d * d}) {
const om = omega[c];
${body}
}
${storeF(D, d)}`;
}

function secondSource(d: number): string {
  const D = range(d);
  const body = `${D.map((j) => `const i${j} = inverses[c * ${d} + ${j}];`).join('\n')}
let maxInverse = 0;
${D.map((j) => `maxInverse = Math.max(maxInverse, i${j});`).join('\n')}
${D.map((j) => `const w${j} = i${j} - maxInverse;`).join('\n')}
${D.flatMap((a) => D.map((j) => `f${a}_${j} += wd[wc + ${a * d + j}] * w${j};`)).join('\n')}`;
  return `'use strict';
${declareF(D)}
for (let c = 0, wc = 0; c < k; c++, wc += ${d * d}) {
${body}
}
${storeF(D, d)}`;
}

function diagonalsSource(d: number): string {
  const D = range(d);
  const loadD = D.flatMap((a) => D.map((j) => `const o${a}_${j} = orientation[${a * d + j}];`)).join('\n');
  const body = D.map(
    (j) =>
      `diagonals[c * ${d} + ${j}] = 0 + ${D.map((a) => `o${a}_${j} * wd[wc + ${a * d + j}]`).join(' + ')};`,
  ).join('\n');
  return `'use strict';
${loadD}
for (let c = 0, wc = 0; c < k; c++, wc += ${d * d}) {
${body}
}`;
}
