import { writeFileSync } from 'node:fs';
import { UnivariateGaussianMixture } from '@em/gaussian';
import {
  histogramGeometry,
  histogramSvg,
  mixtureDensityGeometry,
  mixtureDensitySvg,
} from '@em/plot';
import { concat, createRandom, normal } from '@em/sampling';

const rng = createRandom(42);
const x = concat(
  normal(rng, { loc: 20, scale: 5, size: 4000 }),
  normal(rng, { loc: 40, scale: 5, size: 8000 }),
);
const gmm = new UnivariateGaussianMixture({ nComponents: 2, randomState: 1 });
gmm.fit(x);

// A chart is a string: save it, send it in an HTTP response, put it in a page.
const histogram = histogramSvg(x, { bins: 5, title: 'Five bins' });
writeFileSync('histogram-5-bins.svg', histogram);
const density = mixtureDensitySvg(x, gmm, { bins: 50, theme: 'dark' });
writeFileSync('density.svg', density);

// The same charts as plain data, for any other chart library.
const { bins } = histogramGeometry(x, { bins: 5 });
for (const { x0, x1, count } of bins) {
  console.log(`[${x0.toFixed(1)}, ${x1.toFixed(1)}): ${count}`);
}
const { total, components } = mixtureDensityGeometry(x, gmm, { points: 200 });
const peak = total.reduce((best, point) => (point[1] > best[1] ? point : best));
console.log(`${components.length} components, ${total.length} points each`);
console.log(`the density peaks at x = ${peak[0].toFixed(1)}`);
