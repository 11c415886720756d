import { EMError, InvalidOptionError } from '@em/core';

/**
 * What {@link selectModel} needs of a model: fit, the criteria and the number of parameters. Every
 * mixture of this package has them.
 *
 * @example
 * ```ts
 * import { PoissonMixture, type SelectableMixture } from '@em/mixtures';
 * const model: SelectableMixture<[number[][]]> = new PoissonMixture({ nComponents: 2 });
 * ```
 */
export interface SelectableMixture<A extends unknown[]> {
  /** Fits the model. */
  fit(...args: A): unknown;
  /** BIC on the data. */
  bic(...args: A): number;
  /** AIC on the data. */
  aic(...args: A): number;
  /** Mean log-likelihood per row. */
  score(...args: A): number;
  /** Free parameters. */
  nParameters(): number;
}

/**
 * Options of {@link selectModel}.
 *
 * @example
 * ```ts
 * import type { SelectModelOptions } from '@em/mixtures';
 * const options: SelectModelOptions = { nComponents: [1, 2, 3, 4], criterion: 'bic' };
 * ```
 */
export interface SelectModelOptions {
  /** The numbers of components to try. Default [1, 2, 3, 4, 5]. */
  nComponents?: readonly number[];
  /** `'bic'` (default) or `'aic'`: lower is better. */
  criterion?: 'bic' | 'aic';
}

/**
 * One row of {@link selectModel}'s table.
 *
 * @example
 * ```ts
 * import type { SelectionRow } from '@em/mixtures';
 * const print = (row: SelectionRow<unknown>) => console.log(row.nComponents, row.bic, row.error ?? '');
 * ```
 */
export interface SelectionRow<M> {
  /** Number of components. */
  nComponents: number;
  /** The fitted model (undefined when the fit failed). */
  model: M | undefined;
  /** BIC (`null` when the fit failed). */
  bic: number | null;
  /** AIC (`null` when the fit failed). */
  aic: number | null;
  /** Total log-likelihood (`null` when the fit failed). */
  logLikelihood: number | null;
  /** Free parameters (`null` when the fit failed). */
  nParameters: number | null;
  /** Why the fit failed (an `EMError` message), if it did. */
  error?: string;
}

/**
 * The outcome of {@link selectModel}: the best model and the whole table (as mclust's BIC table).
 *
 * @example
 * ```ts
 * import type { Selection } from '@em/mixtures';
 * const describe = (s: Selection<unknown>) => `best K = ${s.nComponents}`;
 * ```
 */
export interface Selection<M> {
  /** The best fitted model by the criterion. */
  best: M;
  /** Its number of components. */
  nComponents: number;
  /** One row per number of components tried, in the order given. */
  table: SelectionRow<M>[];
}

/**
 * Fits one model per number of components and keeps the best by BIC (or AIC). `create(k)` makes an
 * unfitted model with k components; `data` is the tuple of arguments of its `fit` (`[X]`, or `[X, y]`
 * for a regression mixture). A fit that fails with an `EMError` (an empty component, say) is recorded
 * in the table and skipped.
 *
 * @throws InvalidOptionError on an empty or invalid `nComponents` list or an unknown criterion.
 * @throws EMError when every fit failed (the last failure).
 *
 * @example
 * ```ts
 * import { BernoulliMixture, selectModel } from '@em/mixtures';
 * const X = [[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 1], [0, 0, 1]];
 * const { nComponents, table } = selectModel((k) => new BernoulliMixture({ nComponents: k, nInit: 3 }), [X], {
 *   nComponents: [1, 2],
 * });
 * table.map((row) => row.bic); // two numbers (null for a fit that failed); nComponents is the K with the smaller one
 * ```
 */
export function selectModel<M extends SelectableMixture<A>, A extends unknown[]>(
  create: (nComponents: number) => M,
  data: A,
  options: SelectModelOptions = {},
): Selection<M> {
  if (typeof create !== 'function') throw new InvalidOptionError('create', 'a function (k) => model', create);
  if (!Array.isArray(data))
    throw new InvalidOptionError('data', 'the array of fit arguments, such as [X] or [X, y]', data);
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object { nComponents?, criterion? }', options);
  const grid = options.nComponents ?? [1, 2, 3, 4, 5];
  if (!Array.isArray(grid) || grid.length === 0)
    throw new InvalidOptionError('nComponents', 'a non-empty array of integers >= 1', grid);
  for (const k of grid)
    if (!(Number.isInteger(k) && k >= 1)) throw new InvalidOptionError('nComponents', 'integers >= 1', k);
  const criterion = options.criterion ?? 'bic';
  if (criterion !== 'bic' && criterion !== 'aic')
    throw new InvalidOptionError('criterion', "'bic' or 'aic'", criterion);
  const table: SelectionRow<M>[] = [];
  let best: { nComponents: number; model: M; score: number } | undefined;
  let lastError: EMError | undefined;
  for (const k of grid) {
    const model = create(k);
    if (!isSelectable(model))
      throw new InvalidOptionError(
        'create',
        'a function returning a mixture (with fit, bic, aic and nParameters)',
        model,
        `create(${k}) returned something else.`,
      );
    try {
      model.fit(...data);
      const bic = model.bic(...data);
      const aic = model.aic(...data);
      const nParameters = model.nParameters();
      const logLikelihood = (2 * nParameters - aic) / 2;
      table.push({ nComponents: k, model, bic, aic, logLikelihood, nParameters });
      const score = criterion === 'bic' ? bic : aic;
      if (!best || score < best.score) best = { nComponents: k, model, score };
    } catch (error) {
      if (!(error instanceof EMError)) throw error;
      lastError = error;
      table.push({
        nComponents: k,
        model: undefined,
        bic: null,
        aic: null,
        logLikelihood: null,
        nParameters: null,
        error: error.message,
      });
    }
  }
  if (!best) throw lastError!;
  return { best: best.model, nComponents: best.nComponents, table };
}

/** Whether `create` returned what selectModel calls. */
function isSelectable(model: unknown): model is SelectableMixture<unknown[]> {
  if (typeof model !== 'object' || model === null) return false;
  const m = model as Record<string, unknown>;
  return ['fit', 'bic', 'aic', 'nParameters'].every((name) => typeof m[name] === 'function');
}
