import { mStepEEE, mStepEVE, mStepVEE, mStepVVE } from './mstep/common-orientation.js';
import { mStepEEI, mStepEVI, mStepVEI, mStepVVI } from './mstep/diagonal.js';
import { mStepEII, mStepVII } from './mstep/spherical.js';
import type { MStep } from './mstep/types.js';
import { mStepEEV, mStepEVV, mStepVEV, mStepVVV } from './mstep/varying-orientation.js';

/**
 * mclust's 14 multivariate covariance models (Celeux & Govaert 1995), Σ_k = λ_k D_k A_k D_kᵀ with
 * volume λ, shape A and orientation D each Equal across components, Varying, or the Identity:
 * EII, VII (spherical), EEI, VEI, EVI, VVI (diagonal), EEE, VEE, EVE, VVE, EEV, VEV, EVV, VVV.
 *
 * @example
 * ```ts
 * import { MCLUST_MODELS, type MclustModelName } from '@em/gaussian';
 * const model: MclustModelName = 'VEV';
 * MCLUST_MODELS.includes(model); // true
 * ```
 */
export type MclustModelName =
  | 'EII'
  | 'VII'
  | 'EEI'
  | 'VEI'
  | 'EVI'
  | 'VVI'
  | 'EEE'
  | 'VEE'
  | 'EVE'
  | 'VVE'
  | 'EEV'
  | 'VEV'
  | 'EVV'
  | 'VVV';

/**
 * The 14 mclust models in mclust's order (`mclust.options("emModelNames")`).
 *
 * @example
 * ```ts
 * import { MCLUST_MODELS } from '@em/gaussian';
 * MCLUST_MODELS.length; // 14
 * ```
 */
export const MCLUST_MODELS: readonly MclustModelName[] = [
  'EII',
  'VII',
  'EEI',
  'VEI',
  'EVI',
  'VVI',
  'EEE',
  'VEE',
  'EVE',
  'VVE',
  'EEV',
  'VEV',
  'EVV',
  'VVV',
];

/** The layout of a model's covariances (and precision Cholesky factors), as scikit-learn's four types. */
export type CovarianceLayout = 'spherical' | 'diag' | 'tied' | 'full';

interface ModelSpec {
  layout: CovarianceLayout;
  mStep: MStep;
  /** mclust's `nVarParams`: free covariance parameters for k components in d dimensions. */
  nVarParams: (k: number, d: number) => number;
}

const SPECS: Record<MclustModelName, ModelSpec> = {
  EII: { layout: 'spherical', mStep: mStepEII, nVarParams: () => 1 },
  VII: { layout: 'spherical', mStep: mStepVII, nVarParams: (k) => k },
  EEI: { layout: 'diag', mStep: mStepEEI, nVarParams: (_k, d) => d },
  VEI: { layout: 'diag', mStep: mStepVEI, nVarParams: (k, d) => k + (d - 1) },
  EVI: { layout: 'diag', mStep: mStepEVI, nVarParams: (k, d) => 1 + k * (d - 1) },
  VVI: { layout: 'diag', mStep: mStepVVI, nVarParams: (k, d) => k * d },
  EEE: { layout: 'tied', mStep: mStepEEE, nVarParams: (_k, d) => (d * (d + 1)) / 2 },
  VEE: { layout: 'full', mStep: mStepVEE, nVarParams: (k, d) => k + (d - 1) + (d * (d - 1)) / 2 },
  EVE: { layout: 'full', mStep: mStepEVE, nVarParams: (k, d) => 1 + k * (d - 1) + (d * (d - 1)) / 2 },
  VVE: { layout: 'full', mStep: mStepVVE, nVarParams: (k, d) => k + k * (d - 1) + (d * (d - 1)) / 2 },
  EEV: { layout: 'full', mStep: mStepEEV, nVarParams: (k, d) => 1 + (d - 1) + (k * d * (d - 1)) / 2 },
  VEV: { layout: 'full', mStep: mStepVEV, nVarParams: (k, d) => k + (d - 1) + (k * d * (d - 1)) / 2 },
  EVV: { layout: 'full', mStep: mStepEVV, nVarParams: (k, d) => 1 - k + (k * d * (d + 1)) / 2 },
  VVV: { layout: 'full', mStep: mStepVVV, nVarParams: (k, d) => (k * d * (d + 1)) / 2 },
};

/** scikit-learn's names for the four models they share with mclust. */
export const SKLEARN_EQUIVALENT: Readonly<Record<string, MclustModelName>> = {
  full: 'VVV',
  tied: 'EEE',
  diag: 'VVI',
  spherical: 'VII',
};

/** Whether `name` is one of mclust's 14 model names. */
export function isMclustModel(name: unknown): name is MclustModelName {
  return typeof name === 'string' && name in SPECS;
}

/**
 * The model as fitted in d dimensions: in one dimension every model is mclust's E (equal
 * variance, the models with equal volume) or V (varying), both spherical.
 */
export function modelSpec(name: MclustModelName, d: number): ModelSpec {
  if (d === 1) return name.startsWith('E') ? SPECS.EII : SPECS.VII;
  return SPECS[name];
}

/**
 * mclust's `nMclustParams`: covariance parameters, k × d means and k − 1 weights.
 *
 * @example
 * ```ts
 * import { mclustParameterCount } from '@em/gaussian';
 * mclustParameterCount('VEV', 3, 4); // 38: 3 + 3 + 18 + 12 + 2
 * ```
 */
export function mclustParameterCount(model: MclustModelName, k: number, d: number): number {
  return modelSpec(model, d).nVarParams(k, d) + k * d + k - 1;
}

/** The covariance layout a model is stored and evaluated in, for d features. */
export function layoutOf(model: string, d: number): CovarianceLayout {
  return isMclustModel(model) ? modelSpec(model, d).layout : (model as CovarianceLayout);
}
