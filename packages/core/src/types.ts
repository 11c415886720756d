/**
 * What one E-step reports: the expected sufficient statistics and the log-likelihood of the data
 * under the parameters the E-step was given.
 *
 * @example
 * ```ts
 * import type { EStepResult } from '@em/core';
 * const result: EStepResult<number[]> = { stats: [3.2, 6.8], logLikelihood: -42.1 };
 * ```
 */
export interface EStepResult<S> {
  /** Expected sufficient statistics, in whatever shape the model's M-step reads. */
  stats: S;
  /** Log-likelihood of the data under the parameters passed to the E-step. */
  logLikelihood: number;
}

/**
 * The contract every EM model fulfils. `P` is the parameter type, `S` the statistics type.
 *
 * @example
 * ```ts
 * import type { EMModel } from '@em/core';
 * // Two coins, each set of ten tosses made with one of them (Do & Batzoglou, 2008).
 * const heads = [5, 9, 8, 4, 7];
 * const coins: EMModel<[number, number], number[]> = {
 *   eStep([a, b]) {
 *     const stats = [0, 0, 0, 0]; // expected heads and tails for coin A, then coin B
 *     let logLikelihood = 0;
 *     for (const h of heads) {
 *       const la = a ** h * (1 - a) ** (10 - h);
 *       const lb = b ** h * (1 - b) ** (10 - h);
 *       const wa = la / (la + lb);
 *       stats[0]! += wa * h; stats[1]! += wa * (10 - h);
 *       stats[2]! += (1 - wa) * h; stats[3]! += (1 - wa) * (10 - h);
 *       logLikelihood += Math.log(0.5 * la + 0.5 * lb);
 *     }
 *     return { stats, logLikelihood };
 *   },
 *   mStep: ([ha, ta, hb, tb]) => [ha! / (ha! + ta!), hb! / (hb! + tb!)],
 * };
 * ```
 */
export interface EMModel<P, S> {
  /** Expected sufficient statistics and log-likelihood under `params`. */
  eStep(params: P): EStepResult<S>;
  /**
   * Maximum-likelihood parameters given the statistics; `params` are the current ones and `context`
   * says which iteration this M-step belongs to.
   */
  mStep(stats: S, params: P, context: MStepContext): P;
  /**
   * The parameters as one vector of numbers, for acceleration (`acceleration: 'squarem'`). Must
   * return the same length for every parameter value of a run. Optional: a model without `pack`
   * and `unpack` runs plain EM.
   */
  pack?(params: P): Float64Array;
  /**
   * Parameters from a vector made by combining packed ones; `like` is a parameter value of the
   * same shape. Returns `undefined` when the vector is not a valid parameter value (a negative
   * weight, a covariance that is not positive definite): the accelerated step is then discarded.
   */
  unpack?(vector: Float64Array, like: P): P | undefined;
}

/**
 * An {@link EMModel} whose steps may be asynchronous (worker threads, streams, remote engines).
 * Any synchronous model is also a valid `AsyncEMModel`.
 *
 * @example
 * ```ts
 * import type { AsyncEMModel } from '@em/core';
 * const model: AsyncEMModel<number, number> = {
 *   eStep: async (p) => ({ stats: p, logLikelihood: -1 }),
 *   mStep: (stats) => stats,
 * };
 * ```
 */
export interface AsyncEMModel<P, S> {
  /** Expected sufficient statistics and log-likelihood under `params`, possibly asynchronously. */
  eStep(params: P): EStepResult<S> | Promise<EStepResult<S>>;
  /** Maximum-likelihood parameters given the statistics, possibly asynchronously. */
  mStep(stats: S, params: P, context: MStepContext): P | Promise<P>;
  /** As {@link EMModel.pack}: synchronous even when the steps are not. */
  pack?(params: P): Float64Array;
  /** As {@link EMModel.unpack}: synchronous even when the steps are not. */
  unpack?(vector: Float64Array, like: P): P | undefined;
}

/**
 * What the loop tells an M-step besides the statistics: which iteration it belongs to, so a model
 * can name it in an error ("singular covariance after iteration 7") without counting itself.
 *
 * @example
 * ```ts
 * import type { MStepContext } from '@em/core';
 * const mStep = (stats: number[], params: number[], { iteration }: MStepContext) => {
 *   if (stats[0] === 0) throw new Error(`component 0 is empty after iteration ${iteration}`);
 *   return stats;
 * };
 * ```
 */
export interface MStepContext {
  /** 1-based iteration of the run. With SQUAREM one iteration runs several M-steps. */
  iteration: number;
}

/**
 * Why a run stopped: the change of log-likelihood fell below `tol`, `maxIter` was reached, the
 * signal aborted, or `onIteration` returned `false`.
 *
 * @example
 * ```ts
 * import { runEM, type StopReason } from '@em/core';
 * const reason: StopReason = runEM(model, params).stopReason;
 * if (reason === 'maxIter') console.warn('not converged: raise maxIter');
 * ```
 */
export type StopReason = 'converged' | 'maxIter' | 'aborted' | 'callback';

/**
 * What {@link EMOptions.onIteration} receives after every iteration.
 *
 * @example
 * ```ts
 * import type { IterationInfo } from '@em/core';
 * const log = (info: IterationInfo<unknown>) => console.log(info.iteration, info.logLikelihood);
 * ```
 */
export interface IterationInfo<P> {
  /** 1-based iteration number within the run. */
  iteration: number;
  /** Log-likelihood reported by this iteration's E-step. */
  logLikelihood: number;
  /** Change from the previous iteration's log-likelihood (`Infinity` on the first). */
  change: number;
  /** Parameters after this iteration's M-step. */
  params: P;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** 0-based restart index (always 0 without restarts). */
  run: number;
  /** E-steps evaluated so far in this run: equals `iteration` for plain EM, more with SQUAREM. */
  nEStep: number;
  /** Whether this iteration met the convergence rule: the run ends with it. */
  converged: boolean;
}

/**
 * Options of {@link runEM} and {@link runEMAsync}.
 *
 * @example
 * ```ts
 * import type { EMOptions } from '@em/core';
 * const options: EMOptions<number[]> = { maxIter: 200, tol: 1e-6, strict: true };
 * ```
 */
export interface EMOptions<P> {
  /** Maximum number of iterations (E-step plus M-step; with SQUAREM, one extrapolation cycle). Default 100. */
  maxIter?: number;
  /**
   * Convergence threshold of the `stopRule`: by default stop when the absolute change
   * of the log-likelihood the model reports is below `tol`. Default 1e-3; 0 always runs `maxIter`
   * iterations.
   */
  tol?: number;
  /**
   * How `tol` is read. `'absolute'` (default, scikit-learn's): |ℓₖ − ℓₖ₋₁| < tol. `'relative'`:
   * |ℓₖ − ℓₖ₋₁| < tol · |ℓₖ|, for log-likelihoods whose scale depends on the data size.
   * `'aitken'`: |ℓ∞ − ℓₖ| < tol, where ℓ∞ is Aitken's estimate of the limit from the last three
   * values (Böhning, Dietz, Schaub, Schlattmann & Lindsay 1994) — safer than a small change when
   * plain EM crawls. It assumes linear convergence: with `acceleration: 'squarem'`, whose steps are
   * not linear, use `'absolute'` or `'relative'` (Aitken's estimate can stop SQUAREM far too early).
   */
  stopRule?: StopRule;
  /**
   * Speed-up of the fixed-point iteration. `'none'` (default): plain EM. `'squarem'`: SQUAREM
   * (Varadhan & Roland 2008) with the step lengths of R's `SQUAREM` package, for models that
   * define `pack` and `unpack` (others run plain EM); see `SquaremOptions` to tune it.
   */
  acceleration?: Acceleration;
  /**
   * The log-likelihood the run continues from (for a warm start): the first iteration's change is
   * measured against it, so a warm start from a converged fit stops after one iteration.
   * Default −∞.
   */
  initialLogLikelihood?: number;
  /** Called after every iteration; returning `false` stops the run with `stopReason: 'callback'`. */
  onIteration?: (info: IterationInfo<P>) => boolean | void;
  /** Stops the run (between iterations) with `stopReason: 'aborted'`. */
  signal?: AbortSignal;
  /** Throw `LikelihoodDecreaseError` instead of recording a decrease. Default false. */
  strict?: boolean;
  /**
   * Keep only the latest `historyLimit` log-likelihoods in `history` (an integer >= 1), so that a run with
   * a huge `maxIter` uses bounded memory; `nIter` still counts every iteration. Default: all of them.
   */
  historyLimit?: number;
  /**
   * Decreases smaller than `decreaseTolerance × max(1, |logLikelihood|)` are rounding, not errors.
   * Default 1e-9.
   */
  decreaseTolerance?: number;
}

/**
 * How {@link EMOptions.tol} decides convergence: `'absolute'`, `'relative'` or `'aitken'`.
 *
 * @example
 * ```ts
 * import { runEM, type StopRule } from '@em/core';
 * const stopRule: StopRule = 'aitken';
 * runEM(model, params, { tol: 1e-8, stopRule, maxIter: 10_000 }).converged; // true
 * ```
 */
export type StopRule = 'absolute' | 'relative' | 'aitken';

/**
 * SQUAREM's step-length controls, named after R's `SQUAREM` package (`step.min0`, `step.max0`,
 * `mstep`) with its defaults. The step length α (scheme S3, α = ‖r‖/‖v‖) is kept in
 * [stepMin, stepMax]; each time it reaches stepMax, stepMax grows by `stepFactor`, and each time a
 * step at stepMax is rejected it shrinks back.
 *
 * @example
 * ```ts
 * import { runEM, type SquaremOptions } from '@em/core';
 * const acceleration: SquaremOptions = { method: 'squarem', stepMax: 4 };
 * runEM(model, params, { acceleration, tol: 1e-8 }).converged; // true
 * ```
 */
export interface SquaremOptions {
  /** Always `'squarem'`. */
  method: 'squarem';
  /** Smallest step length (R's `step.min0`). Default 1. */
  stepMin?: number;
  /** Initial largest step length (R's `step.max0`). Default 1. */
  stepMax?: number;
  /** Factor by which the largest step length grows or shrinks (R's `mstep`). Default 4. */
  stepFactor?: number;
}

/**
 * The {@link EMOptions.acceleration} option: `'none'`, `'squarem'` or SQUAREM with its controls.
 *
 * @example
 * ```ts
 * import type { Acceleration } from '@em/core';
 * const fast: Acceleration = 'squarem';
 * ```
 */
export type Acceleration = 'none' | 'squarem' | SquaremOptions;

/**
 * A recorded decrease of the log-likelihood.
 *
 * @example
 * ```ts
 * import { runEM } from '@em/core';
 * for (const { iteration, amount } of runEM(model, params).decreases) {
 *   console.warn(`log-likelihood fell by ${amount} at iteration ${iteration}`);
 * }
 * ```
 */
export interface LikelihoodDecrease {
  /** Iteration whose log-likelihood was lower than the previous one. */
  iteration: number;
  /** By how much it decreased (positive). */
  amount: number;
}

/**
 * The outcome of one EM run.
 *
 * The log-likelihood and history follow scikit-learn's convention: iteration `i` evaluates the
 * parameters it starts from, then updates them, so `logLikelihood` belongs to the parameters just
 * before the last M-step while `params` are the parameters after it.
 *
 * @example
 * ```ts
 * import { runEM } from '@em/core';
 * const result = runEM(model, initialParams);
 * if (result.stopReason !== 'converged') console.warn(`stopped after ${result.nIter}`);
 * ```
 */
export interface EMResult<P> {
  /** Parameters after the last M-step. */
  params: P;
  /** Log-likelihood reported by the last E-step (`-Infinity` if no iteration ran). */
  logLikelihood: number;
  /** Log-likelihood per iteration (the latest `historyLimit` of them when that option is set). */
  history: number[];
  /** Number of iterations run. */
  nIter: number;
  /** Whether the change of log-likelihood fell below `tol`. */
  converged: boolean;
  /** Why the run stopped. */
  stopReason: StopReason;
  /** Decreases of the log-likelihood beyond the numerical tolerance (empty for a correct model). */
  decreases: LikelihoodDecrease[];
  /** E-steps evaluated: the cost of the run (`nIter` for plain EM; up to 4 per iteration with SQUAREM). */
  nEStep: number;
  /** The acceleration that ran: `'squarem'` only when asked for and the model defines `pack`/`unpack`. */
  acceleration: 'none' | 'squarem';
}
