import type { CovarianceType } from '../../types.js';
import type { GaussianStats } from '../types.js';
import { EXP_FRACTION, EXP_POWER, EXP_SOURCE } from './exp.js';
import { componentConstants, normalise } from './generic.js';
import { blockRows, type FusedEStep, type Triangle, triangleOf } from './types.js';

/**
 * Compiles a function from parameter names and a body: `new Function` by default. Injectable so
 * tests can simulate an environment that forbids code generation.
 */
export type Compile = (parameters: string[], body: string) => (...args: never[]) => unknown;

export const compileWithFunction: Compile = (parameters, body) =>
  new Function(...parameters, body) as (...args: never[]) => unknown;

type Block = (
  X: Float64Array,
  start: number,
  end: number,
  means: Float64Array,
  prec: Float64Array,
  stats: GaussianStats,
  scratch: Float64Array,
  constant: Float64Array,
  normalise: (scratch: Float64Array, rows: number, k: number) => number,
  EXP_FRACTION: Float64Array,
  EXP_POWER: Float64Array,
) => number;

const PARAMETERS = [
  'X',
  'start',
  'end',
  'means',
  'prec',
  'stats',
  'scratch',
  'constant',
  'normalise',
  'EXP_FRACTION',
  'EXP_POWER',
];

/** Above this many components the log-sum-exp is a loop rather than unrolled. */
const MAX_UNROLLED_K = 16;

/**
 * The fused E-step of `generic.ts`, unrolled for this fit's dimension d (and, in the log-sum-exp,
 * its number of components k): every coordinate, every entry of the precision factor and every
 * accumulator is a local variable, so the hot loops do no index arithmetic, no bounds checks on
 * small arrays and no loads of per-component constants. Compiled when a fit starts (once more if
 * the factor's triangle changes, i.e. after a `precisionsInit` start), or taken from the cache of
 * earlier fits of the same shape. Throws whatever `compile` throws — an `EvalError` where code
 * generation is forbidden.
 */
export function generatedEStep(
  type: CovarianceType,
  d: number,
  k: number,
  compile: Compile = compileWithFunction,
): FusedEStep {
  const rowsPerBlock = blockRows(d);
  const scratch = new Float64Array(rowsPerBlock * k);
  const constant = new Float64Array(k);
  const tiedOrFull = type === 'full' || type === 'tied';
  const compiled = new Map<Triangle, Block>();
  const variant = (triangle: Triangle): Block => {
    let block = compiled.get(triangle);
    if (!block) {
      block = compileCached(compile, eStepSource(type, d, k, triangle, rowsPerBlock));
      compiled.set(triangle, block);
    }
    return block;
  };
  // Compile now, so that a forbidden `new Function` is detected when the fit starts.
  variant('upper');
  return {
    mode: 'generated',
    run(X, start, end, weights, means, prec, stats) {
      componentConstants(type, d, k, weights, prec, constant);
      const triangle = tiedOrFull ? triangleOf(prec, type === 'full' ? k : 1, d) : 'upper';
      const logLikelihood = variant(triangle)(
        X,
        start,
        end,
        means,
        prec,
        stats,
        scratch,
        constant,
        normalise,
        EXP_FRACTION,
        EXP_POWER,
      );
      stats.n += end - start;
      stats.logLikelihood += logLikelihood;
    },
  };
}

/**
 * Compiled kernels by source, reused across fits of the same shape: the code holds no state (all
 * of it is passed in), and a kernel the engine has already optimised makes the next fit fast from
 * its first iteration. Bounded, oldest out first.
 */
const cache = new Map<string, Block>();
const CACHE_SIZE = 16;

function compileCached(compile: Compile, source: string): Block {
  if (compile !== compileWithFunction) return compile(PARAMETERS, source) as Block;
  let block = cache.get(source);
  if (!block) {
    block = compile(PARAMETERS, source) as Block;
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(source, block);
  }
  return block;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The JavaScript source of one block-fused E-step (see `generic.ts` for the algorithm). */
export function eStepSource(
  type: CovarianceType,
  d: number,
  k: number,
  triangle: Triangle,
  rowsPerBlock: number,
): string {
  const D = range(d);
  const tiedOrFull = type === 'full' || type === 'tied';
  const dd = d * d;
  const precOffset = { full: `c * ${dd}`, tied: '0', diag: `c * ${d}`, spherical: 'c' }[type];
  // Entries (m, j) of U that can be non-zero, for y_j = Σ_m diff_m U[m][j].
  const entries = (j: number) =>
    D.filter((m) => (triangle === 'upper' ? m <= j : triangle === 'lower' ? m >= j : true));
  const upperPairs = D.flatMap((a) => D.filter((b) => b >= a).map((b) => [a, b] as const));

  const loadMeans = `const mo = c * ${d};\n${D.map((j) => `const m${j} = means[mo + ${j}];`).join('\n')}`;
  const diffs = D.map((j) => `const d${j} = X[p + ${j}] - m${j};`).join('\n');
  const rowLoop = (body: string) =>
    `for (let i = i0, p = i0 * ${d}, s = c; i < i1; i++, p += ${d}, s += ${k}) {\n${body}\n}`;

  let loadPrec: string;
  let distance: string;
  if (tiedOrFull) {
    const used = D.flatMap((j) => entries(j).map((m) => [m, j] as const));
    loadPrec = used.map(([m, j]) => `const u${m}_${j} = prec[po + ${m * d + j}];`).join('\n');
    distance = D.map(
      (j) =>
        `const y${j} = ${entries(j)
          .map((m) => `d${m} * u${m}_${j}`)
          .join(' + ')};`,
    ).join('\n');
    distance += `\nconst maha = ${D.map((j) => `y${j} * y${j}`).join(' + ')};`;
  } else if (type === 'diag') {
    loadPrec = D.map((j) => `const p${j} = prec[po + ${j}];`).join('\n');
    distance = D.map((j) => `const y${j} = d${j} * p${j};`).join('\n');
    distance += `\nconst maha = ${D.map((j) => `y${j} * y${j}`).join(' + ')};`;
  } else {
    loadPrec = 'const pp = prec[po] * prec[po];';
    distance = `const maha = (${D.map((j) => `d${j} * d${j}`).join(' + ')}) * pp;`;
  }

  const logProb = `for (let c = 0; c < ${k}; c++) {
const po = ${precOffset};
${loadMeans}
${loadPrec}
const cst = constant[c];
${rowLoop(`${diffs}\n${distance}\nscratch[s] = cst - 0.5 * maha;`)}
}`;

  // Second moments: upper triangle for full/tied, diagonal for diag, trace for spherical.
  let secondLocals: string[];
  let secondUpdates: string;
  let secondStore: string;
  if (tiedOrFull) {
    const so = type === 'full' ? `c * ${dd}` : '0';
    secondLocals = upperPairs.map(([a, b]) => `q${a}_${b}`);
    secondUpdates = upperPairs.map(([a, b]) => `q${a}_${b} += e${a} * d${b};`).join('\n');
    secondStore = `const so = ${so};\n${upperPairs.map(([a, b]) => `s2[so + ${a * d + b}] += q${a}_${b};`).join('\n')}`;
  } else if (type === 'diag') {
    secondLocals = D.map((j) => `q${j}`);
    secondUpdates = D.map((j) => `q${j} += e${j} * d${j};`).join('\n');
    secondStore = D.map((j) => `s2[mo + ${j}] += q${j};`).join('\n');
  } else {
    secondLocals = ['q'];
    secondUpdates = `q += ${D.map((j) => `e${j} * d${j}`).join(' + ')};`;
    secondStore = 's2[c] += q;';
  }
  const accumulate = `for (let c = 0; c < ${k}; c++) {
${loadMeans}
let r0 = 0;
${D.map((j) => `let t${j} = 0;`).join('\n')}
${secondLocals.map((q) => `let ${q} = 0;`).join('\n')}
${rowLoop(`const r = scratch[s];
${diffs}
r0 += r;
${D.map((j) => `const e${j} = r * d${j};\nt${j} += e${j};`).join('\n')}
${secondUpdates}`)}
nk[c] += r0;
${D.map((j) => `s1[mo + ${j}] += t${j};`).join('\n')}
${secondStore}
}`;

  const K = range(k);
  const normaliseBlock =
    k > MAX_UNROLLED_K
      ? `logLikelihood += normalise(scratch, i1 - i0, ${k});`
      : `for (let s = 0, last = (i1 - i0) * ${k}; s < last; s += ${k}) {
${K.map((c) => `const l${c} = scratch[s + ${c}];`).join('\n')}
let max = l0;
${K.slice(1)
  .map((c) => `if (l${c} > max) max = l${c};`)
  .join('\n')}
${K.map((c) => `const x${c} = expNonPositive(l${c} - max);`).join('\n')}
const sum = ${K.map((c) => `x${c}`).join(' + ')};
const inverse = 1 / sum;
${K.map((c) => `scratch[s + ${c}] = x${c} * inverse;`).join('\n')}
logLikelihood += max === -Infinity ? max : max + Math.log(sum);
}`;

  return `'use strict';
${EXP_SOURCE}
const nk = stats.nk, s1 = stats.s1, s2 = stats.s2;
let logLikelihood = 0;
for (let i0 = start; i0 < end; i0 += ${rowsPerBlock}) {
const i1 = i0 + ${rowsPerBlock} < end ? i0 + ${rowsPerBlock} : end;
${logProb}
${normaliseBlock}
${accumulate}
}
return logLikelihood;`;
}
