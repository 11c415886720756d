import { readFileSync } from 'node:fs';
import { MCLUST_MODELS, selectModel } from '@em/gaussian';

// Old Faithful with 40 points planted uniformly over its range (R: set.seed(1), runif), and the
// initial noise guess: the planted rows.
const rows = readFileSync(
  new URL('./data/faithful-noise.csv', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','));
const X = rows.map(([eruptions, waiting]) => [
  Number(eruptions),
  Number(waiting),
]);
const guess = rows.map((row) => row[2] === 'true');

// mclustBIC(noisy, G = 1:9, initialization = list(noise = guess))
const selection = selectModel(X, {
  covarianceTypes: MCLUST_MODELS,
  noise: guess,
});
console.log('Best BIC values:');
for (const { covarianceType, nComponents, mclustValue } of selection.top) {
  console.log(`  ${covarianceType},${nComponents} ${mclustValue.toFixed(3)}`);
}

// Mclust(noisy, x = bic): the best model, with its noise term.
const { best } = selection;
const m = best.model;
const logLikelihood = m.lowerBound * X.length;
console.log(
  `${best.covarianceType} with ${best.nComponents} components and a noise term: ` +
    `log-likelihood ${logLikelihood.toFixed(3)}, df ${m.nParameters()}, BIC ${(-m.bic(X)).toFixed(3)}`,
);
// m$parameters$pro: the components' proportions, then the noise's.
console.log(
  'proportions',
  [...m.weights, m.noiseWeight!].map((p) => p.toFixed(4)).join(' '),
);
// table(m$classification): mclust labels noise 0; predict labels it −1.
const counts = new Map<number, number>();
for (const label of m.predict(X))
  counts.set(label, (counts.get(label) ?? 0) + 1);
console.log(
  'classification',
  [...counts]
    .sort(([a], [b]) => a - b)
    .map(([label, n]) => `${label}: ${n}`)
    .join(', '),
);
// 1 / m$parameters$Vinv: the volume of the noise's uniform density (hypvol).
console.log('noise volume', m.noiseVolume!.toFixed(1));
