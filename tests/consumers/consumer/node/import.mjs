// Node ESM: every entry point by `import`, and a fit. Prints the export names of each.
import { readFileSync } from 'node:fs';
import { GaussianMixture } from '@em/gaussian';

const names = JSON.parse(readFileSync(new URL('./packages.json', import.meta.url), 'utf8'));
const loaded = {};
for (const name of names) loaded[name] = Object.keys(await import(name)).sort();
const X = [[0], [0.2], [0.4], [5], [5.2], [5.4]];
const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 });
const means = gmm
  .fit(X)
  .means.map((row) => row[0])
  .sort((a, b) => a - b);
console.log(JSON.stringify({ exports: loaded, means }));
