import { selectModel } from '@em/gaussian';
import { X } from './three-clusters.js';

// Every covariance type with 1 to 6 components: does BIC find the three
// full-covariance clusters? Lower BIC is better (scikit-learn's sign).
const selection = selectModel(X, {
  nComponents: [1, 2, 3, 4, 5, 6],
  criterion: 'bic',
  nInit: 2,
  randomState: 0,
});

const { covarianceTypes, values, best } = selection;
const header = covarianceTypes.map((type) => type.padStart(10));
console.log(`K ${header.join('')}`);
selection.nComponents.forEach((k, i) => {
  const row = covarianceTypes.map((type) =>
    (values[type][i]?.toFixed(0) ?? '—').padStart(10),
  );
  console.log(`${k} ${row.join('')}`);
});
const { nComponents, covarianceType } = best;
console.log(
  `best: ${nComponents} components, covarianceType '${covarianceType}'`,
);
