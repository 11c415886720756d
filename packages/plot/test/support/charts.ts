// The charts every SVG-level test (well-formedness, snapshots, browser rendering) goes through.
import { readFileSync } from 'node:fs';
import {
  convergenceSvg,
  histogramSvg,
  mixtureDensitySvg,
  modelSelectionSvg,
  scatterMatrixSvg,
  scatterSvg,
} from '../../src/index.js';

const fixtures = new URL('../fixtures/', import.meta.url);
const histograms = JSON.parse(readFileSync(new URL('histograms.json', fixtures), 'utf8')) as {
  name: string;
  sample: number[];
}[];
const posteriors = JSON.parse(readFileSync(new URL('posteriors.json', fixtures), 'utf8')) as {
  X: number[][];
  fits: {
    covarianceType: 'full' | 'tied' | 'diag' | 'spherical';
    weights: number[];
    means: number[][];
    covariances: never;
  }[];
};

export const bimodal = histograms[0]!.sample;
export const X2 = posteriors.X;
export const fits = posteriors.fits;
/** The mixture the bimodal sample was drawn from (see fixtures/generate.py). */
export const bimodalModel = { weights: [0.4, 0.6], means: [-1, 2], variances: [0.36, 1] };

function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/** A 3-D, 3-cluster sample and its generating model, for the scatter matrix. */
export function threeD() {
  const random = lcg(11);
  const normal = () => Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
  const means = [
    [0, 0, 0],
    [4, 1, 3],
    [1, 5, -2],
  ];
  const X = Array.from({ length: 300 }, (_, i) => means[i % 3]!.map((m) => m + normal()));
  const eye = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  return { X, model: { weights: [1 / 3, 1 / 3, 1 / 3], means, covariances: [eye, eye, eye] } };
}

export const bicRows = ['full', 'tied', 'diag', 'spherical'].flatMap((covarianceType, t) =>
  [1, 2, 3, 4, 5, 6].map((nComponents) => ({
    covarianceType,
    nComponents,
    // A typical shape: a steep drop to K = 2, then a slow rise as extra parameters cost more than they buy.
    value: 2000 - 600 * Math.min(nComponents, 2) + 35 * nComponents * (t + 1.5) + 12 * t,
  })),
);

/** Every chart kind, in both themes where it matters: [name, svg]. */
export function allCharts(): [string, string][] {
  const { X, model } = threeD();
  const full = fits[0]!;
  return [
    ['histogram-50', histogramSvg(bimodal, { bins: 50, title: 'Sample of 1000, 50 bins', xLabel: 'x' })],
    ['histogram-5', histogramSvg(bimodal, { bins: 5, title: 'Same sample, 5 bins', xLabel: 'x' })],
    ['histogram-fd-density', histogramSvg(bimodal, { bins: 'freedman-diaconis', normalize: 'density' })],
    [
      'density-50',
      mixtureDensitySvg(bimodal, bimodalModel, {
        bins: 50,
        title: '50 bins with the fitted density',
        xLabel: 'x',
      }),
    ],
    [
      'density-5',
      mixtureDensitySvg(bimodal, bimodalModel, {
        bins: 5,
        title: '5 bins with the fitted density',
        xLabel: 'x',
      }),
    ],
    [
      'density-dark',
      mixtureDensitySvg(bimodal, bimodalModel, { bins: 30, theme: 'dark', title: 'Dark theme', xLabel: 'x' }),
    ],
    ['density-curves-only', mixtureDensitySvg(null, bimodalModel, { width: 480, height: 300 })],
    ['scatter', scatterSvg(X2, { model: full, title: 'Two clusters, full covariances' })],
    [
      'scatter-uncertainty',
      scatterSvg(X2, { model: full, uncertainty: true, title: 'Shaded by uncertainty', theme: 'dark' }),
    ],
    [
      'scatter-uncertainty-light',
      scatterSvg(X2, { model: full, uncertainty: true, title: 'Shaded by uncertainty, light theme' }),
    ],
    [
      'scatter-matrix',
      scatterMatrixSvg(X, { model, title: 'Three clusters in 3-D', width: 720, height: 720 }),
    ],
    [
      'convergence',
      convergenceSvg(
        {
          history: [-2291.3, -1904.8, -1873.2, -1869.9, -1869.1, -1868.95, -1868.93],
          stopReason: 'converged',
        },
        { title: 'EM log-likelihood' },
      ),
    ],
    [
      'convergence-flat',
      convergenceSvg(
        { history: [-3.22169498, -3.221694975, -3.22169497], stopReason: 'converged' },
        { title: 'A log-likelihood that barely changes', width: 480, height: 300 },
      ),
    ],
    ['bic', modelSelectionSvg(bicRows, { title: 'BIC by covariance type' })],
    [
      'bic-dark',
      modelSelectionSvg(bicRows, { title: 'BIC by covariance type', theme: 'dark', width: 520, height: 360 }),
    ],
  ];
}
