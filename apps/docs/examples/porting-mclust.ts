import { readFileSync } from 'node:fs';
import { GaussianMixture, MCLUST_MODELS, selectModel } from '@em/gaussian';

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

// mclustBIC(faithful): the 14 models × K = 1..9, each K started from one hierarchical tree.
const selection = selectModel(X, { covarianceTypes: MCLUST_MODELS });

// mclust's table: higher is better, NA where a model cannot be estimated.
const { mclustValues, nComponents } = selection;
const show = (models: readonly string[]) => {
  console.log(`  ${models.map((m) => m.padStart(10)).join('')}`);
  nComponents.forEach((k, i) => {
    const row = models.map((m) =>
      (
        mclustValues[m as (typeof MCLUST_MODELS)[number]][i]?.toFixed(3) ?? 'NA'
      ).padStart(10),
    );
    console.log(`${k} ${row.join('')}`);
  });
};
console.log('Bayesian Information Criterion (BIC):');
show(MCLUST_MODELS.slice(0, 7));
show(MCLUST_MODELS.slice(7));

// summary(bic): the top three.
console.log('Top 3 models based on the BIC criterion:');
for (const { covarianceType, nComponents: k, mclustValue } of selection.top) {
  console.log(`  ${covarianceType},${k} ${mclustValue.toFixed(5)}`);
}

// Mclust(faithful): the selected model, its parameters and uncertainty.
const { model } = selection.best;
console.log(
  `best: ${model.covarianceType} with ${model.nComponents} components`,
);
console.log(
  `log-likelihood ${(model.score(X) * X.length).toFixed(3)}, ${model.nParameters()} parameters`,
);
console.log(
  `mixing probabilities ${model.weights.map((w) => w.toFixed(5)).join(' ')}`,
);
const uncertainty = model.uncertainty(X);
console.log(`largest uncertainty ${Math.max(...uncertainty).toFixed(5)}`);

// mclustICL(faithful): the same grid by ICL.
const icl = selectModel(X, {
  covarianceTypes: MCLUST_MODELS,
  criterion: 'icl',
});
console.log(
  `best by ICL: ${icl.best.covarianceType},${icl.best.nComponents} ${icl.top[0]!.mclustValue.toFixed(5)}`,
);

// One model by name, as Mclust(faithful, G = 2, modelNames = "VVV").
const vvv = new GaussianMixture({
  nComponents: 2,
  covarianceType: 'VVV',
  initParams: 'hc',
}).fit(X);
console.log(
  `VVV, 2 components: BIC ${(-vvv.bic(X)).toFixed(3)} (mclust's sign)`,
);
