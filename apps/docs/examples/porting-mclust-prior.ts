import { readFileSync } from 'node:fs';
import {
  defaultPrior,
  GaussianMixture,
  PRIOR_MODELS,
  SingularCovarianceError,
  selectModel,
} from '@em/gaussian';

// Old Faithful (272 eruptions: duration and waiting time), as R's `faithful`.
const text = readFileSync(
  new URL('./data/faithful.csv', import.meta.url),
  'utf8',
);
const X = text
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',').map(Number));

// mclustBIC(faithful, prior = priorControl()): the ten models with a conjugate prior × K = 1..9.
const selection = selectModel(X, {
  covarianceTypes: PRIOR_MODELS,
  prior: 'default',
});
console.log('Best BIC values:');
for (const { covarianceType, nComponents, mclustValue } of selection.top) {
  console.log(`  ${covarianceType},${nComponents} ${mclustValue.toFixed(3)}`);
}

// Mclust(faithful, x = bic): the MAP fit, its log-likelihood and means.
const { model } = selection.best;
console.log(
  `best: ${model.covarianceType} with ${model.nComponents} components, log-likelihood ${(model.score(X) * X.length).toFixed(3)}`,
);
const means = model.means;
console.log(`eruptions ${means.map((m) => m[0]!.toFixed(4)).join(' ')}`);
console.log(`waiting   ${means.map((m) => m[1]!.toFixed(4)).join(' ')}`);

// defaultPrior(faithful, G = 3, modelName = "EEE").
const prior = defaultPrior(X, 3, 'EEE');
console.log(
  `defaultPrior: shrinkage ${prior.shrinkage}, dof ${prior.dof}, mean ${prior.mean.map((m) => m.toFixed(6)).join(' ')}`,
);
console.log(
  `scale ${(prior.scale as number[][]).map((row) => row.map((s) => s.toFixed(6)).join(' ')).join(' | ')}`,
);

// A fit with no maximum-likelihood answer (two points, a full 2 × 2 covariance) has a MAP one.
const small = [
  [0, 0],
  [1, 0.2],
  [0.1, 1],
  [1, 1],
  [0.5, 0.4],
  [6, 6],
  [7, 7],
];
const start = {
  nComponents: 2,
  covarianceType: 'VVV',
  initialClasses: [0, 0, 0, 0, 0, 1, 1],
} as const;
try {
  new GaussianMixture(start).fit(small);
} catch (error) {
  if (error instanceof SingularCovarianceError)
    console.log('without a prior: not estimable (mclust: NA)');
}
const map = new GaussianMixture({ ...start, prior: 'default' }).fit(small);
console.log(
  `with the prior: log-likelihood ${(map.score(small) * small.length).toFixed(6)}`,
);
