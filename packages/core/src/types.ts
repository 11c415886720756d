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
  /** Maximum-likelihood parameters given the statistics; `params` are the current ones. */
  mStep(stats: S, params: P): P;
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
  mStep(stats: S, params: P): P | Promise<P>;
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
  /** Maximum number of iterations (E-step plus M-step). Default 100. */
  maxIter?: number;
  /**
   * Stop when the absolute change of the log-likelihood the model reports is below `tol`.
   * Default 1e-3; 0 always runs `maxIter` iterations.
   */
  tol?: number;
  /** Called after every iteration; returning `false` stops the run with `stopReason: 'callback'`. */
  onIteration?: (info: IterationInfo<P>) => boolean | void;
  /** Stops the run (between iterations) with `stopReason: 'aborted'`. */
  signal?: AbortSignal;
  /** Throw {@link LikelihoodDecreaseError} instead of recording a decrease. Default false. */
  strict?: boolean;
  /**
   * Decreases smaller than `decreaseTolerance × max(1, |logLikelihood|)` are rounding, not errors.
   * Default 1e-9.
   */
  decreaseTolerance?: number;
}

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
  /** Log-likelihood per iteration. */
  history: number[];
  /** Number of iterations run. */
  nIter: number;
  /** Whether the change of log-likelihood fell below `tol`. */
  converged: boolean;
  /** Why the run stopped. */
  stopReason: StopReason;
  /** Decreases of the log-likelihood beyond the numerical tolerance (empty for a correct model). */
  decreases: LikelihoodDecrease[];
}
