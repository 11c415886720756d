import { InvalidInputError, InvalidOptionError } from '@em/core';
import {
  type DataInput,
  type FlatMatrix,
  mulberry32,
  type RandomSource,
  toFlatMatrix,
} from '@em/core/numeric';
import { randomPairMerges } from './hc-random.js';
import { slotMergesToLabels } from './hc-slots.js';
import { HC_USES, type HcUse, transformForHc } from './hc-transform.js';
import { univariateVMerges } from './hc-v.js';
import { vvvMerges } from './hc-vvv.js';
import { wardMerges } from './hc-ward.js';

/**
 * Models of mclust's hierarchical agglomeration: `'VVV'` (ellipsoidal clusters, each its own
 * covariance) and `'EII'` (spherical clusters of one volume: Ward's criterion) for any dimension;
 * `'E'` and `'V'` (equal or varying variance) for one-dimensional data.
 *
 * @example
 * ```ts
 * import type { HcModel } from '@em/gaussian';
 * const model: HcModel = 'EII';
 * ```
 */
export type HcModel = 'VVV' | 'EII' | 'E' | 'V';

/**
 * Most rows {@link hierarchicalClustering} accepts: it keeps all n(n − 1)/2 pair costs.
 *
 * @example
 * ```ts
 * import { HC_MAX_ROWS } from '@em/gaussian';
 * HC_MAX_ROWS; // 16384
 * ```
 */
export const HC_MAX_ROWS = 16384;

/**
 * Every value of {@link HcModel}.
 *
 * @example
 * ```ts
 * import { HC_MODELS } from '@em/gaussian';
 * HC_MODELS; // ['VVV', 'EII', 'E', 'V']
 * ```
 */
export const HC_MODELS: readonly HcModel[] = ['VVV', 'EII', 'E', 'V'];

/**
 * Options of {@link hierarchicalClustering}.
 *
 * @example
 * ```ts
 * import type { HierarchicalClusteringOptions } from '@em/gaussian';
 * const options: HierarchicalClusteringOptions = { model: 'VVV', use: 'SVD' }; // mclust's defaults
 * ```
 */
export interface HierarchicalClusteringOptions {
  /** Agglomeration model (mclust's `modelName`). Default `'VVV'`, or `'V'` for one column. */
  model?: HcModel;
  /** Data transformation before agglomerating (mclust's `use`). Default `'SVD'`, mclust's `hcUse`. */
  use?: HcUse;
  /** Random source for `use: 'RND'` only. Default `mulberry32(0)`. */
  random?: RandomSource;
}

/**
 * A merge sequence, as returned by {@link hierarchicalClustering}.
 *
 * @example
 * ```ts
 * import { hierarchicalClustering, type HierarchicalTree } from '@em/gaussian';
 * const tree: HierarchicalTree = hierarchicalClustering([1, 2, 10], { model: 'E', use: 'VARS' });
 * tree.merges; // [[0, 1], [0, 2]]
 * ```
 */
export interface HierarchicalTree {
  /** Number of observations. */
  n: number;
  /** The model that was used. */
  model: HcModel;
  /** The data transformation that was used. */
  use: HcUse;
  /**
   * Merges in order: `[i, j]` joins the cluster named `j` into the one named `i` (i < j). A cluster
   * is named by its smallest observation index, 0-based (mclust's `hc` pairs minus one).
   */
  merges: [number, number][];
}

function resolveModel(model: unknown, p: number): HcModel {
  const chosen = model ?? (p === 1 ? 'V' : 'VVV');
  if (!HC_MODELS.includes(chosen as HcModel)) {
    throw new InvalidOptionError('model', `one of ${HC_MODELS.map((m) => `'${m}'`).join(', ')}`, model);
  }
  if ((chosen === 'E' || chosen === 'V') && p !== 1) {
    throw new InvalidOptionError(
      'model',
      "'VVV' or 'EII' for data with more than one column",
      chosen,
      `'${chosen}' is a one-dimensional model and X has ${p} columns.`,
    );
  }
  return chosen as HcModel;
}

/** mclust's α for hcVVV: the scatter trace of X/√(np), at least machine epsilon. */
function vvvAlpha(Z: FlatMatrix): number {
  const { rows: n, cols: p, data } = Z;
  const root = Math.sqrt(n * p);
  const scaled = data.map((x) => x / root);
  const fac = 1 / Math.sqrt(n);
  const centre = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) centre[c] = centre[c]! + fac * scaled[i * p + c]!;
  let trace = 0;
  for (let c = 0; c < p; c++) {
    let column = 0;
    for (let i = 0; i < n; i++) {
      const x = scaled[i * p + c]! + -fac * centre[c]!;
      column += x * x;
    }
    trace += column;
  }
  return Math.max(trace, Number.EPSILON);
}

/**
 * Model-based hierarchical agglomeration (Fraley 1998), as mclust's `hc()`: starting from singletons,
 * repeatedly merges the two clusters whose union lowers the classification likelihood the least under
 * the chosen Gaussian model. It reproduces mclust's merge sequence, ties included (the last pair in
 * mclust's scan order wins); mclust uses it to start EM (`initParams: 'hc'`). Time O(n²) per merge
 * for VVV (O(n) pairs, each O(p³)), memory O(n²).
 *
 * With `use: 'RND'` the pairs are random (mclust's `hcRandomPairs`), drawn from `random`, not R's RNG.
 *
 * @param X Data, n × p (n ≥ 2), in any shape `toFlatMatrix` accepts.
 * @returns The n − 1 merges (n − 2 for `'RND'` with n odd, as in mclust); cut them with
 *   {@link hierarchicalClasses}.
 * @throws InvalidInputError for fewer than 2 rows or non-finite values; InvalidOptionError for an
 *   unknown model or use, or a 1-D model on multivariate data; NumericalError when `'SVD'`/`'SPH'`
 *   cannot scale a component with no spread.
 *
 * @example
 * ```ts
 * import { hierarchicalClasses, hierarchicalClustering } from '@em/gaussian';
 * const X = [[0, 0], [0.1, 0.2], [0.2, 0.1], [5, 5], [5.2, 5.1], [5.1, 4.8]];
 * const tree = hierarchicalClustering(X, { model: 'EII', use: 'VARS' });
 * tree.merges.length; // 5
 * Array.from(hierarchicalClasses(tree, 2)); // [0, 0, 0, 1, 1, 1]
 * ```
 */
export function hierarchicalClustering(
  X: DataInput,
  options: HierarchicalClusteringOptions = {},
): HierarchicalTree {
  const data = toFlatMatrix(X, 'X');
  const { rows: n, cols: p } = data;
  if (n < 2)
    throw new InvalidInputError('X', 'at least 2 rows to agglomerate', `${n} row${n === 1 ? '' : 's'}`);
  if (n > HC_MAX_ROWS) {
    // Every pair's cost is kept (n(n − 1)/2 numbers: 1 GB at the limit); mclust subsets too.
    throw new InvalidInputError(
      'X',
      `at most ${HC_MAX_ROWS} rows (agglomerate a random subset)`,
      `${n} rows`,
    );
  }
  const model = resolveModel(options.model, p);
  const use = options.use ?? 'SVD';
  if (!HC_USES.includes(use)) {
    throw new InvalidOptionError('use', `one of ${HC_USES.map((u) => `'${u}'`).join(', ')}`, use);
  }
  let labelPairs: Int32Array;
  if (use === 'RND') labelPairs = randomPairMerges(n, options.random ?? mulberry32(0));
  else {
    const Z = transformForHc(data, use);
    const slotPairs =
      model === 'VVV' ? vvvMerges(Z, vvvAlpha(Z)) : model === 'V' ? univariateVMerges(Z.data) : wardMerges(Z);
    labelPairs = slotMergesToLabels(slotPairs, n);
  }
  const merges: [number, number][] = [];
  for (let t = 0; t < labelPairs.length; t += 2) merges.push([labelPairs[t]!, labelPairs[t + 1]!]);
  return { n, model, use, merges };
}
