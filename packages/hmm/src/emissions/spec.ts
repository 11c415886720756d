// What it takes to rebuild an emission family in a worker thread: its kind and dimensions. (Priors
// are left out: they only enter the M-step, which runs on the main thread.)
import type { CovarianceType } from '../types.js';
import { CategoricalEmission } from './categorical.js';
import type { Emission } from './emission.js';
import { GaussianEmission } from './gaussian.js';
import { GmmEmission } from './gmm.js';
import { PoissonEmission } from './poisson.js';

// biome-ignore lint/suspicious/noExplicitAny: the emission family is chosen at run time.
export type AnyEmission = Emission<any, any, any>;

export interface EmissionSpec {
  kind: 'categorical' | 'gaussian' | 'gmm' | 'poisson';
  nStates: number;
  /** Columns per observation (1 for categorical). */
  columns: number;
  /** Categorical: the alphabet size. */
  nFeatures: number;
  nMix: number;
  covarianceType: CovarianceType;
  minCovar: number;
}

export function emissionSpec(e: AnyEmission): EmissionSpec {
  const spec: EmissionSpec = {
    kind: e.kind,
    nStates: e.nStates,
    columns: e.columns,
    nFeatures: e.columns,
    nMix: 1,
    covarianceType: 'diag',
    minCovar: 0,
  };
  if (e instanceof CategoricalEmission) spec.nFeatures = e.nFeatures;
  if (e instanceof GaussianEmission || e instanceof GmmEmission) {
    spec.covarianceType = e.covarianceType;
    spec.minCovar = e.minCovar;
  }
  if (e instanceof GmmEmission) spec.nMix = e.nMix;
  return spec;
}

export function emissionFromSpec(spec: EmissionSpec): AnyEmission {
  const { nStates: s, columns: d } = spec;
  switch (spec.kind) {
    case 'categorical':
      return new CategoricalEmission(s, spec.nFeatures, undefined);
    case 'gaussian':
      return new GaussianEmission(s, d, spec.covarianceType, spec.minCovar);
    case 'gmm':
      return new GmmEmission(s, spec.nMix, d, spec.covarianceType, spec.minCovar, undefined);
    case 'poisson':
      return new PoissonEmission(s, d);
  }
}
