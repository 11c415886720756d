import { LikelihoodDecreaseError, NonFiniteLogLikelihoodError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import { hasConverged } from './stop-rule.js';
import type { EMResult, IterationInfo, LikelihoodDecrease, StopReason } from './types.js';

const now = (): number => (typeof performance === 'undefined' ? Date.now() : performance.now());

/**
 * The bookkeeping shared by every loop (plain or accelerated, synchronous or not): history,
 * convergence, decrease detection, callbacks, cancellation and the E-step count. Keeping it here
 * means every loop stops for exactly the same reasons.
 */
export class IterationTracker<P> {
  /** The latest log-likelihoods: at least three (Aitken's rule reads them), trimmed to the limit in batches. */
  private history: number[] = [];
  private iterations = 0;
  private readonly decreases: LikelihoodDecrease[] = [];
  private readonly start = now();
  private stopReason: StopReason | undefined;
  private eSteps = 0;

  constructor(
    readonly options: ResolvedOptions<P>,
    private readonly run = 0,
  ) {}

  /** 1-based number of the iteration under way. */
  get iteration(): number {
    return this.iterations + 1;
  }

  /** True when the signal asks to stop; checked before each iteration. */
  aborted(): boolean {
    if (this.options.signal?.aborted) this.stopReason = 'aborted';
    return this.stopReason === 'aborted';
  }

  /** Counts one E-step evaluation (the cost measure reported as `nEStep`). */
  countEStep(): void {
    this.eSteps++;
  }

  /** Throws the loop's error for a log-likelihood that is NaN or infinite. */
  requireFinite(logLikelihood: number): void {
    if (!Number.isFinite(logLikelihood)) throw new NonFiniteLogLikelihoodError(this.iteration, logLikelihood);
  }

  /**
   * Records one finished iteration: `logLikelihood` of the parameters it started from and the
   * `params` it produced. Returns the callback's view of it and whether the loop must stop.
   */
  record(logLikelihood: number, params: P): { info: IterationInfo<P>; stop: boolean } {
    this.requireFinite(logLikelihood);
    const iteration = this.iteration;
    const previous = this.history.at(-1) ?? this.options.initialLogLikelihood;
    const change = logLikelihood - previous;
    this.history.push(logLikelihood);
    this.iterations++;
    // Trim in batches (amortized O(1)): keep the limit's worth, and never fewer than Aitken's three.
    const keep = Math.max(3, this.options.historyLimit);
    if (this.history.length >= 2 * keep) this.history = this.history.slice(-keep);

    // A warm start's previous value comes from another run (maybe other data): not a decrease.
    const allowed = this.options.decreaseTolerance * Math.max(1, Math.abs(logLikelihood));
    if (iteration > 1 && change < -allowed) {
      if (this.options.strict) throw new LikelihoodDecreaseError(iteration, -change);
      this.decreases.push({ iteration, amount: -change });
    }

    const converged = hasConverged(this.options.stopRule, this.options.tol, this.history, previous);
    const info: IterationInfo<P> = {
      iteration,
      logLikelihood,
      change,
      params,
      elapsedMs: now() - this.start,
      run: this.run,
      nEStep: this.eSteps,
      converged,
    };
    // The callback sees every iteration, the converged one included.
    const callbackStops = this.options.onIteration?.(info) === false;
    if (converged) this.stopReason = 'converged';
    else if (callbackStops) this.stopReason = 'callback';
    else if (iteration >= this.options.maxIter) this.stopReason = 'maxIter';
    return { info, stop: this.stopReason !== undefined };
  }

  result(params: P, acceleration: 'none' | 'squarem'): EMResult<P> {
    const stopReason = this.stopReason ?? 'maxIter';
    return {
      params,
      logLikelihood: this.history.at(-1) ?? Number.NEGATIVE_INFINITY,
      history:
        this.history.length > this.options.historyLimit
          ? this.history.slice(-this.options.historyLimit)
          : this.history,
      nIter: this.iterations,
      converged: stopReason === 'converged',
      stopReason,
      decreases: this.decreases,
      nEStep: this.eSteps,
      acceleration,
    };
  }
}
