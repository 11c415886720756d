// Fitting incomplete data: on iris, diabetes and the seed example (in two dimensions), remove 10%,
// 25% and 40% of the cells completely at random, then compare three ways of fitting what is left
// with the fit of the complete data: EM for incomplete data (missing: 'em'), listwise deletion
// (fit the complete rows only) and mean imputation (fill each gap with its column's mean).
import { readFileSync } from 'node:fs';
import { GaussianMixture } from '@em/gaussian';
import { createRandom, multivariateNormal } from '@em/sampling';

function readCsv(name: string): number[][] {
  const text = readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
}

/** The seed example in two dimensions: each process measured twice (correlation 0.6). */
function seed2d(): number[][] {
  const rng = createRandom(42);
  const cov = [
    [25, 15],
    [15, 25],
  ];
  const a = multivariateNormal(rng, { mean: [20, 20], cov, size: 4000 });
  const b = multivariateNormal(rng, { mean: [40, 30], cov, size: 8000 });
  const rows: number[][] = [];
  for (const m of [a, b])
    for (let i = 0; i < m.rows; i++)
      rows.push([m.data[2 * i]!, m.data[2 * i + 1]!]);
  return rows;
}

const DATA = [
  { name: 'iris', X: readCsv('iris.csv'), k: 3 },
  { name: 'diabetes', X: readCsv('diabetes.csv'), k: 2 },
  { name: 'seed (2-D)', X: seed2d(), k: 2 },
];

/** Cells removed completely at random; a row that would lose every value keeps one. */
function removeCells(X: number[][], rate: number, seed: number): number[][] {
  const rng = createRandom(seed);
  return X.map((row) => {
    const out = row.map((v) => (rng.random() < rate ? Number.NaN : v));
    if (out.every(Number.isNaN)) {
      const j = rng.integer(row.length);
      out[j] = row[j]!;
    }
    return out;
  });
}

function columnMeans(X: number[][]): number[] {
  return X[0]!.map((_, j) => {
    const seen = X.map((row) => row[j]!).filter((v) => !Number.isNaN(v));
    return seen.reduce((s, v) => s + v, 0) / seen.length;
  });
}

function columnSds(X: number[][]): number[] {
  const means = columnMeans(X);
  return means.map((m, j) =>
    Math.sqrt(X.reduce((s, row) => s + (row[j]! - m) ** 2, 0) / X.length),
  );
}

function permutations(k: number): number[][] {
  if (k === 1) return [[0]];
  return permutations(k - 1).flatMap((p) =>
    Array.from({ length: k }, (_, i) => [
      ...p.slice(0, i),
      k - 1,
      ...p.slice(i),
    ]),
  );
}

/**
 * How far a fit's parameters are from the complete-data fit, in standard deviations of the
 * features: RMS difference of the means and of the covariances (component order matched).
 */
function distance(
  fit: GaussianMixture,
  truth: GaussianMixture,
  sd: number[],
): { means: number; covariances: number } {
  const k = truth.nComponents;
  const d = sd.length;
  const m = fit.means;
  const t = truth.means;
  let best: number[] = [];
  let bestCost = Number.POSITIVE_INFINITY;
  for (const order of permutations(k)) {
    let cost = 0;
    for (let c = 0; c < k; c++)
      for (let j = 0; j < d; j++)
        cost += ((m[order[c]!]![j]! - t[c]![j]!) / sd[j]!) ** 2;
    if (cost < bestCost) [best, bestCost] = [order, cost];
  }
  const fc = fit.covariances as number[][][];
  const tc = truth.covariances as number[][][];
  let cov = 0;
  for (let c = 0; c < k; c++)
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++)
        cov +=
          ((fc[best[c]!]![a]![b]! - tc[c]![a]![b]!) / (sd[a]! * sd[b]!)) ** 2;
  return {
    means: Math.sqrt(bestCost / (k * d)),
    covariances: Math.sqrt(cov / (k * d * d)),
  };
}

const fmt = (value: number | undefined) =>
  value === undefined ? 'fails' : value.toFixed(3);
const options = (k: number) => ({
  nComponents: k,
  nInit: 5,
  randomState: 0,
  maxIter: 500,
});

console.log(
  'data        missing | means error: EM  listwise  mean-imp. | covariances error: EM  listwise  mean-imp. | impute RMSE: EM  column mean',
);
let seed = 1;
for (const { name, X, k } of DATA) {
  const truth = new GaussianMixture(options(k)).fit(X);
  const sd = columnSds(X);
  for (const rate of [0.1, 0.25, 0.4]) {
    const Xm = removeCells(X, rate, seed++);
    const em = new GaussianMixture({ ...options(k), missing: 'em' }).fit(Xm);
    const complete = Xm.filter((row) => row.every((v) => !Number.isNaN(v)));
    let listwise: { means: number; covariances: number } | undefined;
    try {
      if (complete.length > 2 * k)
        listwise = distance(
          new GaussianMixture(options(k)).fit(complete),
          truth,
          sd,
        );
    } catch {
      listwise = undefined; // too few complete rows for the model (a singular covariance)
    }
    const means = columnMeans(Xm);
    const filled = Xm.map((row) =>
      row.map((v, j) => (Number.isNaN(v) ? means[j]! : v)),
    );
    const meanImputed = distance(
      new GaussianMixture(options(k)).fit(filled),
      truth,
      sd,
    );
    const fromEm = distance(em, truth, sd);
    // Imputation error on the removed cells, in standard deviations of their column.
    const imputed = em.impute(Xm);
    let emError = 0;
    let meanError = 0;
    let cells = 0;
    Xm.forEach((row, i) => {
      row.forEach((v, j) => {
        if (!Number.isNaN(v)) return;
        emError += ((imputed[i]![j]! - X[i]![j]!) / sd[j]!) ** 2;
        meanError += ((means[j]! - X[i]![j]!) / sd[j]!) ** 2;
        cells++;
      });
    });
    console.log(
      [
        name.padEnd(11),
        `${(rate * 100).toFixed(0)}%`.padStart(7),
        '|',
        fmt(fromEm.means),
        fmt(listwise?.means),
        fmt(meanImputed.means),
        '|',
        fmt(fromEm.covariances),
        fmt(listwise?.covariances),
        fmt(meanImputed.covariances),
        '|',
        fmt(Math.sqrt(emError / cells)),
        fmt(Math.sqrt(meanError / cells)),
        `(${complete.length} of ${X.length} rows complete)`,
      ].join(' '),
    );
  }
}
