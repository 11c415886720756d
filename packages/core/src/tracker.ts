import { LikelihoodDecreaseError, NonFiniteLogLikelihoodError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import type { EMResult, LikelihoodDecrease, StopReason } from './types.js';

const now = (): number => (typeof performance === 'undefined' ? Date.now() : performance.now());

/**
 * The bookkeeping shared by the synchronous and asynchronous loops: history, convergence,
 * decrease detection, callbacks and cancellation. Keeping it here means both loops stop for
 * exactly the same reasons.
 */
export class IterationTracker<P> {
  private readonly history: number[] = [];
  private readonly decreases: LikelihoodDecrease[] = [];
  private readonly start = now();
  private stopReason: StopReason | undefined;

  constructor(
    private readonly options: ResolvedOptions<P>,
    private readonly run = 0,
  ) {}

  /** True when the signal asks to stop; checked before each iteration. */
  aborted(): boolean {
    if (this.options.signal?.aborted) this.stopReason = 'aborted';
    return this.stopReason === 'aborted';
  }

  /** Records one finished iteration; returns true when the loop must stop. */
  record(logLikelihood: number, params: P): boolean {
    const iteration = this.history.length + 1;
    if (!Number.isFinite(logLikelihood)) throw new NonFiniteLogLikelihoodError(iteration, logLikelihood);
    const previous = this.history.at(-1) ?? Number.NEGATIVE_INFINITY;
    const change = logLikelihood - previous;
    this.history.push(logLikelihood);

    const allowed = this.options.decreaseTolerance * Math.max(1, Math.abs(logLikelihood));
    if (change < -allowed) {
      if (this.options.strict) throw new LikelihoodDecreaseError(iteration, -change);
      this.decreases.push({ iteration, amount: -change });
    }

    const info = { iteration, logLikelihood, change, params, elapsedMs: now() - this.start, run: this.run };
    // The callback sees every iteration, the converged one included.
    const callbackStops = this.options.onIteration?.(info) === false;
    if (Math.abs(change) < this.options.tol) this.stopReason = 'converged';
    else if (callbackStops) this.stopReason = 'callback';
    else if (iteration >= this.options.maxIter) this.stopReason = 'maxIter';
    return this.stopReason !== undefined;
  }

  result(params: P): EMResult<P> {
    const stopReason = this.stopReason ?? 'maxIter';
    return {
      params,
      logLikelihood: this.history.at(-1) ?? Number.NEGATIVE_INFINITY,
      history: this.history,
      nIter: this.history.length,
      converged: stopReason === 'converged',
      stopReason,
      decreases: this.decreases,
    };
  }
}
