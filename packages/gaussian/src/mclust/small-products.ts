/**
 * The d × d matrix products of the iterative mclust M-steps (EVE and VVE: tens of rounds per EM
 * iteration, each a few dozen products of 2 to 6-dimensional matrices), as JavaScript unrolled for
 * d: every entry of the shared factor is a local variable, so the products do no index arithmetic
 * and no bounds checks (measured five times faster than the loops for d = 6). Each sum adds its
 * terms in the loops' order from 0, so both give the same bits. Where code generation is forbidden
 * (a strict Content-Security-Policy makes `new Function` throw an `EvalError`), or d is above
 * {@link MAX_UNROLLED_PRODUCT}, the loops run instead. Matrices are flat row-major `Float64Array`s.
 */
import { type Compile, compileWithFunction } from '../kernels/specialized/generate.js';

/**
 * `out[c] = a[c] · b` (or `a[c] · bᵀ`) for the `count` d × d blocks of `a` and `out` (at c d²),
 * `b` one d × d matrix.
 */
export type BlockProduct = (a: Float64Array, b: Float64Array, out: Float64Array, count: number) => void;

/** `out = gᵀ g` for one d × d matrix `g` (both triangles of `out`). */
export type GramProduct = (g: Float64Array, out: Float64Array) => void;

/** The products for one dimension. */
export interface SmallProducts {
  /** Which implementation runs: unrolled for d, or loops. */
  mode: 'generated' | 'loops';
  /** `a[c] · b`. */
  times: BlockProduct;
  /** `a[c] · bᵀ`. */
  timesTransposed: BlockProduct;
  /** `gᵀ g`. */
  gram: GramProduct;
}

/** Above this dimension the products are loops: unrolled code grows as d³. */
export const MAX_UNROLLED_PRODUCT = 8;

const cache = new Map<number, SmallProducts>();

/**
 * The products for d × d matrices: unrolled (compiled once per d and kept) unless `compile` throws
 * an `EvalError` or d > {@link MAX_UNROLLED_PRODUCT}, then loops.
 */
export function smallProducts(d: number, compile: Compile = compileWithFunction): SmallProducts {
  const cached = compile === compileWithFunction ? cache.get(d) : undefined;
  if (cached) return cached;
  let products: SmallProducts;
  if (d > MAX_UNROLLED_PRODUCT) products = loopProducts(d);
  else {
    try {
      products = {
        mode: 'generated',
        times: compile(['a', 'b', 'out', 'count'], blockSource(d, false)) as BlockProduct,
        timesTransposed: compile(['a', 'b', 'out', 'count'], blockSource(d, true)) as BlockProduct,
        gram: compile(['g', 'out'], gramSource(d)) as GramProduct,
      };
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      products = loopProducts(d);
    }
  }
  if (compile === compileWithFunction) cache.set(d, products);
  return products;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Sums in the loops' order, from 0 (so that −0 terms give +0 as the loops do). */
const sum = (terms: string[]) => ['0', ...terms].join(' + ');

function blockSource(d: number, transposed: boolean): string {
  const D = range(d);
  const dd = d * d;
  // b's entry (l, j) of the product's sum over l: b[l][j], or b[j][l] when transposed.
  const bAt = (l: number, j: number) => (transposed ? `b${j}_${l}` : `b${l}_${j}`);
  const loadB = D.flatMap((r) => D.map((s) => `const b${r}_${s} = b[${r * d + s}];`)).join('\n');
  const rows = D.map(
    (i) =>
      `${D.map((l) => `const a${l} = a[o + ${i * d + l}];`).join('\n')}\n${D.map(
        (j) => `out[o + ${i * d + j}] = ${sum(D.map((l) => `a${l} * ${bAt(l, j)}`))};`,
      ).join('\n')}`,
  );
  return `'use strict';
${loadB}
for (let c = 0, o = 0; c < count; c++, o += ${dd}) {
${rows.map((row) => `{\n${row}\n}`).join('\n')}
}`;
}

function gramSource(d: number): string {
  const D = range(d);
  const load = D.flatMap((r) => D.map((s) => `const g${r}_${s} = g[${r * d + s}];`)).join('\n');
  const entries = D.flatMap((i) =>
    D.filter((j) => j >= i).map((j) => {
      const value = `m${i}_${j}`;
      const store =
        i === j
          ? `out[${i * d + j}] = ${value};`
          : `out[${i * d + j}] = ${value};\nout[${j * d + i}] = ${value};`;
      return `const ${value} = ${sum(D.map((r) => `g${r}_${i} * g${r}_${j}`))};\n${store}`;
    }),
  );
  return `'use strict';\n${load}\n${entries.join('\n')}`;
}

/** The same products as loops (any d). */
function loopProducts(d: number): SmallProducts {
  const dd = d * d;
  const product =
    (transposed: boolean): BlockProduct =>
    (a, b, out, count) => {
      for (let o = 0; o < count * dd; o += dd) {
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            let s = 0;
            for (let l = 0; l < d; l++) s += a[o + i * d + l]! * (transposed ? b[j * d + l]! : b[l * d + j]!);
            out[o + i * d + j] = s;
          }
        }
      }
    };
  return {
    mode: 'loops',
    times: product(false),
    timesTransposed: product(true),
    gram: (g, out) => {
      for (let i = 0; i < d; i++) {
        for (let j = i; j < d; j++) {
          let s = 0;
          for (let r = 0; r < d; r++) s += g[r * d + i]! * g[r * d + j]!;
          out[i * d + j] = s;
          out[j * d + i] = s;
        }
      }
    },
  };
}
