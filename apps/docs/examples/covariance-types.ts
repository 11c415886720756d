import { GaussianMixture } from '@em/gaussian';
import { X } from './three-clusters.js';

const types = ['full', 'tied', 'diag', 'spherical'] as const;
const column = (value: number | string, width: number) =>
  String(value).padStart(width);

console.log('type        parameters  log-likelihood       BIC       AIC');
for (const covarianceType of types) {
  const gmm = new GaussianMixture({
    nComponents: 3,
    covarianceType,
    nInit: 3,
    randomState: 0,
  }).fit(X);
  const logLikelihood = gmm.score(X) * X.rows; // score is the mean per point
  const cells = [
    column(gmm.nParameters(), 10),
    column(logLikelihood.toFixed(1), 14),
    column(gmm.bic(X).toFixed(1), 8),
    column(gmm.aic(X).toFixed(1), 8),
  ];
  console.log(`${covarianceType.padEnd(10)}  ${cells.join('  ')}`);
}
