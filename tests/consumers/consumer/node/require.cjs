// Node CommonJS: every entry point by `require` (Node ≥ 20.19 loads ES modules so), and a fit.
// Prints the export names of each.
const names = require('./packages.json');
const { GaussianMixture } = require('@em/gaussian');

const loaded = {};
for (const name of names) loaded[name] = Object.keys(require(name)).sort();
const X = [[0], [0.2], [0.4], [5], [5.2], [5.4]];
const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 });
const means = gmm
  .fit(X)
  .means.map((row) => row[0])
  .sort((a, b) => a - b);
console.log(JSON.stringify({ exports: loaded, means }));
