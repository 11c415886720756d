// Initial parameters for the letters of `initParams`, as hmmlearn initialises them: uniform start and
// transition probabilities, random emission probabilities, means from k-means of the pooled
// observations (for 'gmm', k-means again within each state's cluster) and every covariance from the
// pooled data's. (@em/gaussian's GaussianMixture could do the clustering, but it would bring its whole
// E-step machinery into every bundle that uses an HMM, for a few dozen lines of k-means.)
import { InvalidInputError } from '@em/core';
import type { Params } from './baum-welch.js';
import type { GaussianParams } from './emissions/gaussian.js';
import type { GaussianBank } from './emissions/gaussian-bank.js';
import type { GmmParams } from './emissions/gmm.js';
import type { ResolvedHmmOptions } from './options.js';
import { type Sequences, totalLength } from './sequences.js';

export interface InitContext {
  options: ResolvedHmmOptions;
  seqs: Sequences;
  /** Features per observation (Gaussian, GMM, Poisson) or alphabet size (categorical). */
  nFeatures: number;
}

const flatCovars = (c: unknown): number[] =>
  Array.isArray(c) ? (c as unknown[]).flatMap(flatCovars) : [c as number];

/** Initial parameters of one run: given ones as they are, `initParams` letters freshly drawn. */
export function initialParams(ctx: InitContext, random: () => number): Params<unknown> {
  const { options, seqs } = ctx;
  const { nStates: s, given, initParams } = options;
  const init = (ch: string) => initParams.includes(ch) || !hasGiven(ctx, ch);
  const uniform = (n: number) => new Float64Array(n).fill(1 / s);
  const startProb = init('s') ? uniform(s) : given.startProb!;
  const transMat = init('t') ? uniform(s * s) : given.transMat!;
  let emission: unknown;
  switch (options.emission) {
    case 'categorical': {
      const k = ctx.nFeatures;
      let emissionProb = given.emissionProb;
      if (init('e')) {
        emissionProb = new Float64Array(s * k);
        for (let j = 0; j < s; j++) {
          let sum = 0;
          for (let o = 0; o < k; o++) sum += emissionProb[j * k + o] = random();
          for (let o = 0; o < k; o++) emissionProb[j * k + o]! /= sum;
        }
      }
      emission = { emissionProb };
      break;
    }
    case 'poisson': {
      let lambdas = given.lambdas;
      if (init('l')) lambdas = poissonInit(seqs, s, random);
      emission = { lambdas };
      break;
    }
    case 'gaussian':
      emission = gaussianInit(ctx, random, init);
      break;
    case 'gmm':
      emission = gmmInit(ctx, random, init);
      break;
  }
  return { startProb, transMat, emission };
}

function hasGiven(ctx: InitContext, ch: string): boolean {
  const g = ctx.options.given;
  const map: Record<string, unknown> = {
    s: g.startProb,
    t: g.transMat,
    e: g.emissionProb,
    m: g.means,
    c: g.covars,
    w: g.weights,
    l: g.lambdas,
  };
  return map[ch] !== undefined;
}

/** Rates: the means of S equal slices of the sorted observations, per feature, with a random jitter. */
function poissonInit(seqs: Sequences, s: number, random: () => number): Float64Array {
  const d = seqs.columns;
  const n = totalLength(seqs);
  const lambdas = new Float64Array(s * d);
  const column = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let t = 0; t < n; t++) column[t] = seqs.data[t * d + f]!;
    column.sort();
    for (let j = 0; j < s; j++) {
      const lo = Math.floor((j * n) / s);
      const hi = Math.max(Math.floor(((j + 1) * n) / s), lo + 1);
      let sum = 0;
      for (let t = lo; t < Math.min(hi, n); t++) sum += column[t]!;
      const mean = sum / (Math.min(hi, n) - lo);
      lambdas[j * d + f] = mean * (0.9 + 0.2 * random()) + 1e-3;
    }
  }
  return lambdas;
}

/**
 * k-means++ seeding then Lloyd's iterations on rows `rows` of `data` (D columns): k centres, k × D.
 * Fewer distinct rows than k leave some centres duplicated, which EM then separates or leaves empty.
 */
export function kmeans(
  data: Float64Array,
  rows: Int32Array,
  d: number,
  k: number,
  random: () => number,
  iterations = 30,
): { centres: Float64Array; labels: Int32Array } {
  const n = rows.length;
  const centres = new Float64Array(k * d);
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const sq = (r: number, c: number) => {
    let s = 0;
    for (let f = 0; f < d; f++) {
      const diff = data[r * d + f]! - centres[c * d + f]!;
      s += diff * diff;
    }
    return s;
  };
  let pick = rows[Math.floor(random() * n)]!;
  for (let c = 0; c < k; c++) {
    centres.set(data.subarray(pick * d, pick * d + d), c * d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      dist[i] = Math.min(dist[i]!, sq(rows[i]!, c));
      total += dist[i]!;
    }
    if (c === k - 1) break;
    // The next centre with probability proportional to the squared distance to the nearest one.
    let u = random() * total;
    pick = rows[n - 1]!;
    for (let i = 0; i < n; i++) {
      u -= dist[i]!;
      if (u < 0) {
        pick = rows[i]!;
        break;
      }
    }
  }
  const labels = new Int32Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let it = 0; it < iterations; it++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDist = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const v = sq(rows[i]!, c);
        if (v < bestDist) [best, bestDist] = [c, v];
      }
      if (labels[i] !== best || it === 0) moved = true;
      labels[i] = best;
    }
    if (!moved) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      counts[c]!++;
      for (let f = 0; f < d; f++) sums[c * d + f]! += data[rows[i]! * d + f]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c]! > 0) for (let f = 0; f < d; f++) centres[c * d + f] = sums[c * d + f]! / counts[c]!;
    }
  }
  return { centres, labels };
}

/** Covariance of the rows (D × D), plus minCovar on the diagonal; a zero variance becomes 1. */
function pooledCovariance(data: Float64Array, rows: Int32Array, d: number, minCovar: number): Float64Array {
  const n = rows.length;
  const mean = new Float64Array(d);
  for (const r of rows) for (let f = 0; f < d; f++) mean[f]! += data[r * d + f]! / n;
  const cov = new Float64Array(d * d);
  for (const r of rows) {
    for (let a = 0; a < d; a++) {
      const da = data[r * d + a]! - mean[a]!;
      for (let b = 0; b < d; b++)
        cov[a * d + b]! += (da * (data[r * d + b]! - mean[b]!)) / Math.max(n - 1, 1);
    }
  }
  for (let a = 0; a < d; a++) {
    if (!(cov[a * d + a]! > 0) || !Number.isFinite(cov[a * d + a]!)) {
      for (let b = 0; b < d; b++) cov[a * d + b] = cov[b * d + a] = 0;
      cov[a * d + a] = 1;
    }
    cov[a * d + a]! += minCovar;
  }
  return cov;
}

/** The pooled covariance in the shape of the covariance type, repeated for `k` components. */
function shapedCovars(
  cov: Float64Array,
  d: number,
  k: number,
  type: string,
  tiedBlocks: number,
): Float64Array {
  if (type === 'full' || type === 'tied') {
    const blocks = type === 'full' ? k : tiedBlocks;
    const out = new Float64Array(blocks * d * d);
    for (let b = 0; b < blocks; b++) out.set(cov, b * d * d);
    return out;
  }
  const diag = Array.from({ length: d }, (_, f) => cov[f * d + f]!);
  if (type === 'diag') {
    const out = new Float64Array(k * d);
    for (let c = 0; c < k; c++) out.set(diag, c * d);
    return out;
  }
  return new Float64Array(k).fill(diag.reduce((a, b) => a + b, 0) / d);
}

function allRows(seqs: Sequences): Int32Array {
  return Int32Array.from({ length: totalLength(seqs) }, (_, i) => i);
}

function requireRows(seqs: Sequences, k: number, what: string): void {
  const n = totalLength(seqs);
  if (n < k)
    throw new InvalidInputError(
      'sequences',
      `at least ${what} = ${k} observations in all to initialise the means (or give them)`,
      n,
    );
}

function gaussianInit(ctx: InitContext, random: () => number, init: (ch: string) => boolean): GaussianParams {
  const { options, seqs } = ctx;
  const { nStates: s, covarianceType: type, given } = options;
  const d = ctx.nFeatures;
  let means = given.means;
  let covars = given.covars;
  if (init('m')) {
    requireRows(seqs, s, 'nStates');
    means = kmeans(seqs.data, allRows(seqs), d, s, random).centres;
  }
  if (init('c'))
    covars = shapedCovars(pooledCovariance(seqs.data, allRows(seqs), d, options.minCovar), d, s, type, 1);
  const bank: GaussianBank = { k: s, d, type, groupSize: s, means: means!, covars: covars! };
  return { bank };
}

function gmmInit(ctx: InitContext, random: () => number, init: (ch: string) => boolean): GmmParams {
  const { options, seqs } = ctx;
  const { nStates: s, nMix: m, covarianceType: type, given } = options;
  const d = ctx.nFeatures;
  const k = s * m;
  let weights = given.weights;
  let means = given.means;
  let covars = given.covars;
  if (init('w')) weights = new Float64Array(k).fill(1 / m);
  if (init('m')) {
    requireRows(seqs, k, 'nStates × nMix');
    // hmmlearn's GMMHMM: k-means into states, then k-means of each state's cluster into components.
    const rows = allRows(seqs);
    const outer = kmeans(seqs.data, rows, d, s, random);
    means = new Float64Array(k * d);
    for (let j = 0; j < s; j++) {
      let members: Int32Array = rows.filter((_, i) => outer.labels[i] === j);
      if (members.length === 0) members = rows;
      means.set(kmeans(seqs.data, members, d, m, random).centres, j * m * d);
    }
  }
  if (init('c'))
    covars = shapedCovars(pooledCovariance(seqs.data, allRows(seqs), d, options.minCovar), d, k, type, s);
  const bank: GaussianBank = { k, d, type, groupSize: m, means: means!, covars: covars! };
  return { weights: weights!, bank };
}
