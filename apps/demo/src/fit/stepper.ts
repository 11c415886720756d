import { type FitStep, GaussianMixture } from '@em/gaussian';
import type { FitSettings, Matrix, ModelView, PointResults, Snapshot } from './protocol.js';

/**
 * Runs a Gaussian mixture fit one EM iteration at a time, so a page can draw every iteration and
 * stop between any two: @em/gaussian's `fitSteps`, whose first step (iteration 0) is the
 * initialisation and whose every further step is one E-step and one M-step of the same EM run as
 * `fit` (the test checks it against a one-shot fit). Convergence follows scikit-learn: the change of
 * the mean log-likelihood falls below `tol`.
 */
export class SteppedFit {
  readonly history: number[] = [];
  converged = false;
  private finished = false;
  private readonly model: GaussianMixture;
  private readonly steps: Generator<FitStep, GaussianMixture, void>;

  constructor(
    private readonly X: Matrix,
    private readonly settings: FitSettings,
    from?: ModelView,
  ) {
    const start = from
      ? { weightsInit: from.weights, meansInit: from.means, covariancesInit: from.covariances }
      : { initParams: settings.initParams, randomState: settings.randomState };
    this.model = new GaussianMixture({
      nComponents: settings.nComponents,
      covarianceType: settings.covarianceType,
      maxIter: settings.maxIter,
      tol: settings.tol,
      missing: settings.missing ?? 'error',
      ...start,
    });
    this.steps = this.model.fitSteps(X);
    this.steps.next(); // iteration 0: the initial parameters
  }

  get iteration(): number {
    return this.history.length;
  }

  get done(): boolean {
    return this.finished;
  }

  /** One E-step and one M-step. */
  step(): Snapshot {
    if (!this.finished) {
      const next = this.steps.next();
      if (next.done) throw new Error('The fit has already ended.');
      this.history.push(next.value.lowerBound);
      this.converged = next.value.converged;
      this.finished = next.value.converged || next.value.iteration >= this.settings.maxIter;
      // Let the generator store the final state (converged flag, history) on the model.
      if (this.finished) this.steps.next();
    }
    return this.snapshot();
  }

  snapshot(): Snapshot {
    return {
      iteration: this.iteration,
      lowerBound: this.history.at(-1) ?? Number.NaN,
      model: view(this.model),
    };
  }

  points(): PointResults {
    const proba = this.model.predictProba(this.X);
    const k = this.settings.nComponents;
    const labels = new Int32Array(this.X.rows);
    const confidence = new Float64Array(this.X.rows);
    for (let i = 0; i < this.X.rows; i++) {
      const row = proba[i]!;
      let best = 0;
      for (let c = 1; c < k; c++) if (row[c]! > row[best]!) best = c;
      labels[i] = best;
      confidence[i] = row[best]!;
    }
    return { labels, confidence };
  }

  toJSON(): string {
    return JSON.stringify(this.model.toJSON(), null, 2);
  }
}

export function view(model: GaussianMixture): ModelView {
  return {
    covarianceType: model.params.covarianceType,
    weights: Array.from(model.weights),
    means: model.means.map((row) => Array.from(row)),
    covariances: structuredClone(model.covariances) as ModelView['covariances'],
  };
}
