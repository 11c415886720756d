import type { Acceleration, StopRule } from '@em/core';

/**
 * The item response models, named as in R's mirt (`itemtype`):
 *
 * - `'Rasch'`: one-parameter logistic with every slope fixed (at {@link IrtOptions.fixedSlope}, default 1);
 *   `rasch(data, constraint = cbind(p + 1, 1))` in ltm.
 * - `'1PL'`: one common slope, estimated; what ltm's `rasch(data)` fits (ability N(0, 1)).
 * - `'2PL'`: a slope and an intercept per item; ltm's `ltm(data ~ z1)`.
 * - `'3PL'`: 2PL plus a lower asymptote (guessing) per item, with a Beta prior on it.
 * - `'graded'`: Samejima's graded response model for ordered categories; ltm's `grm`.
 * - `'gpcm'`: Muraki's generalised partial credit model for ordered categories; ltm's `gpcm`.
 *
 * @example
 * ```ts
 * import { ItemResponseModel, type ItemType } from '@em/irt';
 * const itemType: ItemType = '2PL';
 * new ItemResponseModel({ itemType });
 * ```
 */
export type ItemType = 'Rasch' | '1PL' | '2PL' | '3PL' | 'graded' | 'gpcm';

/**
 * The Beta(α, β) prior on the 3PL guessing parameter, which makes it identifiable; the default
 * Beta(5, 17) has mean 0.2 (five-option items) and the weight of 20 prior observations, as BILOG's.
 *
 * @example
 * ```ts
 * import { ItemResponseModel, type BetaPrior } from '@em/irt';
 * const guessingPrior: BetaPrior = { alpha: 6, beta: 16 }; // mean 0.27: four options
 * new ItemResponseModel({ itemType: '3PL', guessingPrior });
 * ```
 */
export interface BetaPrior {
  /** First shape parameter, > 0 (prior successes + 1). */
  alpha: number;
  /** Second shape parameter, > 0 (prior failures + 1). */
  beta: number;
}

/**
 * How ability is integrated out: `'gauss-hermite'` (ltm's choice) places the points at the
 * Gauss–Hermite nodes of N(0, 1); `'rectangular'` (mirt's) spaces them evenly on [−6, 6] with
 * normal-density weights.
 *
 * @example
 * ```ts
 * import { ItemResponseModel, type QuadratureRule } from '@em/irt';
 * const quadrature: QuadratureRule = 'rectangular';
 * new ItemResponseModel({ itemType: '2PL', quadrature, quadraturePoints: 61 });
 * ```
 */
export type QuadratureRule = 'gauss-hermite' | 'rectangular';

/**
 * Options of {@link ItemResponseModel}. EM options are those of `runEM` in `@em/core`.
 *
 * @example
 * ```ts
 * import { ItemResponseModel, type IrtOptions } from '@em/irt';
 * const options: IrtOptions = { itemType: 'graded', quadraturePoints: 31, tol: 1e-6 };
 * new ItemResponseModel(options);
 * ```
 */
export interface IrtOptions {
  /** The model of every item (default `'2PL'`). */
  itemType?: ItemType;
  /** Number of quadrature points over ability (default 21, as ltm). */
  quadraturePoints?: number;
  /** Gauss–Hermite (default) or rectangular quadrature. */
  quadrature?: QuadratureRule;
  /** The common slope of `'Rasch'` (default 1). */
  fixedSlope?: number;
  /** Prior of the 3PL guessing parameters (default Beta(5, 17)). */
  guessingPrior?: BetaPrior;
  /**
   * Number of categories per item for `'graded'` and `'gpcm'`: one number for every item, or one per
   * item. Default: the largest observed response of each item plus one.
   */
  nCategories?: number | readonly number[];
  /**
   * `'allow'` (default): `null`, `undefined` and `NaN` mark a response that was not given (an item
   * not administered); the person's other responses still count. `'error'`: any of them throws.
   */
  missing?: 'allow' | 'error';
  /** Compute standard errors from the observed information at the end of `fit` (default true). */
  standardErrors?: boolean;
  /** Maximum number of EM iterations (SQUAREM cycles when accelerated). Default 2000. */
  maxIter?: number;
  /** Convergence threshold on the change of log-likelihood (default 1e-8, see `stopRule`). */
  tol?: number;
  /** How `tol` is read (default `'absolute'`); as in `runEM`. */
  stopRule?: StopRule;
  /** `'squarem'` (default) or `'none'` for plain Bock–Aitkin EM. */
  acceleration?: Acceleration;
  /** Called after every EM iteration; return `false` to stop. */
  onIteration?: (info: { iteration: number; logLikelihood: number }) => boolean | void;
  /** Stops the fit between iterations. */
  signal?: AbortSignal;
}

/**
 * One item's parameters in slope–intercept form (mirt's `a1`, `d`, `g`): for a dichotomous item
 * `P(correct | θ) = g + (1 − g) σ(aθ + d)`; for `'graded'`, `P(Y ≥ k | θ) = σ(aθ + d_k)`; for
 * `'gpcm'`, `P(Y = k | θ) ∝ exp(akθ + d_k)` with `d_0 = 0`.
 *
 * @example
 * ```ts
 * import type { ItemParameters } from '@em/irt';
 * const item: ItemParameters = {
 *   name: 'Item 1', slope: 0.83, intercepts: [2.77], guessing: 0, nCategories: 2, excluded: false,
 * };
 * ```
 */
export interface ItemParameters {
  /** The item's name (column name given to `fit`, else `Item 1`, `Item 2`, …). */
  name: string;
  /** Slope `a` (the discrimination). `null` for an excluded item (it has no estimate). */
  slope: number | null;
  /**
   * Intercepts `d_1 … d_{K−1}` (one for a dichotomous item). `K − 1` `null`s for an excluded item.
   */
  intercepts: (number | null)[];
  /** Lower asymptote `g` (3PL); 0 for every other model; `null` for an excluded item. */
  guessing: number | null;
  /** Number of response categories K. */
  nCategories: number;
  /** True when the item was left out of the fit (see the model's `warnings`). */
  excluded: boolean;
}

/**
 * One item's parameters in discrimination–difficulty (IRT) form, as ltm prints them:
 * `P(correct | θ) = g + (1 − g) σ(a(θ − b))`. For `'graded'`, `difficulties[k−1]` is where
 * `P(Y ≥ k) = ½`; for `'gpcm'`, the step difficulties (where categories k−1 and k are equally likely).
 *
 * @example
 * ```ts
 * import type { IrtItemParameters } from '@em/irt';
 * const item: IrtItemParameters = { name: 'Item 1', discrimination: 0.8254, difficulties: [-3.3597], guessing: 0 };
 * ```
 */
export interface IrtItemParameters {
  /** The item's name. */
  name: string;
  /** Discrimination `a` (the slope). `null` for an excluded item. */
  discrimination: number | null;
  /** Difficulties `b` (one per category boundary). `null`s for an excluded item. */
  difficulties: (number | null)[];
  /** Lower asymptote `g` (3PL); 0 otherwise; `null` for an excluded item. */
  guessing: number | null;
}

/**
 * Something worth knowing about a fit that did not stop it: an item nobody (or everybody) got right,
 * a person with no responses, missing responses, a run that did not converge, an extreme estimate.
 *
 * @example
 * ```ts
 * import { ItemResponseModel } from '@em/irt';
 * const model = new ItemResponseModel().fit([[1, 0, 1], [1, 1, 0], [1, 0, 0], [1, 1, 1]]);
 * model.warnings[0]; // e.g. { code: 'constant-item', item: 0, message: 'Item 1 (column 0): every response is 1, …' }
 * ```
 */
export interface IrtWarning {
  /** Machine-readable kind. */
  code:
    | 'constant-item'
    | 'empty-item'
    | 'empty-person'
    | 'missing-responses'
    | 'not-converged'
    | 'extreme-estimate'
    | 'singular-information';
  /** 0-based item (column) concerned, if one. */
  item?: number;
  /** 0-based person (row) concerned, if one. */
  person?: number;
  /** What happened and what it means, naming the item or person. */
  message: string;
}

/**
 * Ability estimates for a set of response patterns.
 *
 * @example
 * ```ts
 * import type { AbilityScores } from '@em/irt';
 * const scores: AbilityScores = { method: 'EAP', theta: new Float64Array([0.4]), se: new Float64Array([0.8]) };
 * ```
 */
export interface AbilityScores {
  /** `'EAP'` (posterior mean) or `'MAP'` (posterior mode). */
  method: 'EAP' | 'MAP';
  /** One estimate per row of the responses. */
  theta: Float64Array;
  /** EAP: posterior standard deviation; MAP: 1/√(−d²log posterior/dθ²) at the mode. */
  se: Float64Array;
}

/**
 * Options of {@link ItemResponseModel.scores}.
 *
 * @example
 * ```ts
 * import type { ScoreOptions } from '@em/irt';
 * const options: ScoreOptions = { method: 'MAP' };
 * ```
 */
export interface ScoreOptions {
  /** `'EAP'` (default) or `'MAP'`. */
  method?: 'EAP' | 'MAP';
  /** Quadrature points for EAP (default: the model's). */
  quadraturePoints?: number;
}

/**
 * Options of {@link ItemResponseModel.fit}.
 *
 * @example
 * ```ts
 * import { ItemResponseModel, LSAT, type FitOptions } from '@em/irt';
 * const options: FitOptions = { weights: LSAT.frequencies, itemNames: ['Q1', 'Q2', 'Q3', 'Q4', 'Q5'] };
 * new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, options);
 * ```
 */
export interface FitOptions {
  /** How many persons gave each row (a frequency table), default 1 each. Finite and ≥ 0. */
  weights?: ArrayLike<number>;
  /** Names of the items (columns), default `Item 1`, `Item 2`, …. */
  itemNames?: readonly string[];
}
