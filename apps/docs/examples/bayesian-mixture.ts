import { BayesianGaussianMixture, selectModel } from '@em/gaussian';
import { X } from './three-clusters.js';

// Ten components offered, a Dirichlet-process prior on the weights (the
// default): the fit switches off the components the data do not need.
const bgm = new BayesianGaussianMixture({
  nComponents: 10,
  maxIter: 1000,
  randomState: 0,
}).fit(X);
console.log('converged:', bgm.converged, 'after', bgm.nIter, 'iterations');
console.log('weights:', bgm.weights.map((w) => w.toFixed(3)).join(' '));
console.log('components used (weight > 1 %):', bgm.effectiveComponents());

// The same question answered by BIC: fit K = 1 … 10 and keep the lowest.
const selection = selectModel(X, {
  nComponents: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  covarianceTypes: ['full'],
  nInit: 2,
  randomState: 0,
});
console.log('BIC chooses', selection.best.nComponents, 'components');
