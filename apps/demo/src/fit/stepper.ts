import { GaussianMixture } from '@em/gaussian';
import type { FitSettings, Matrix, ModelView, PointResults, Snapshot } from './protocol.js';

/**
 * Runs a Gaussian mixture fit one EM iteration at a time, so a page can draw every iteration and
 * stop between any two. Iteration 0 is @em/gaussian's own initialisation (`maxIter: 0`); each step is
 * one `fit` with `maxIter: 1` started from the previous parameters, which is exactly one E-step and one
 * M-step of the same EM run (the test checks it against a one-shot fit). Convergence follows
 * scikit-learn: the change of the mean log-likelihood falls below `tol`.
 */
export class SteppedFit {
  readonly history: number[] = [];
  converged = false;
  private model: GaussianMixture;

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
      ...start,
      maxIter: 0,
    }).fit(X);
  }

  get iteration(): number {
    return this.history.length;
  }

  get done(): boolean {
    return this.converged || this.iteration >= this.settings.maxIter;
  }

  /** One E-step and one M-step. */
  step(): Snapshot {
    const { settings } = this;
    const previous = this.model;
    this.model = new GaussianMixture({
      nComponents: settings.nComponents,
      covarianceType: settings.covarianceType,
      weightsInit: previous.weights,
      meansInit: previous.means,
      covariancesInit: previous.covariances,
      maxIter: 1,
    }).fit(this.X);
    const lowerBound = this.model.lowerBound;
    const last = this.history.at(-1);
    this.history.push(lowerBound);
    if (last !== undefined && Math.abs(lowerBound - last) < settings.tol) this.converged = true;
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
    covarianceType: model.covarianceType,
    weights: Array.from(model.weights),
    means: model.means.map((row) => Array.from(row)),
    covariances: structuredClone(model.covariances) as ModelView['covariances'],
  };
}
