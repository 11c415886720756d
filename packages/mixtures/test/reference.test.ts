// Against R: mixtools (regmixEM, poisregmixEM, multmixEM), flexmix (FLXMCmvbinary, FLXMCmvpois,
// FLXMRglm poisson/binomial) and poLCA's EM, on data those packages ship, from the same initial
// parameters: the same parameters after 1, 5 and 20 iterations (1e-7 relative) and the same converged
// log-likelihood. Fixtures: fixtures/make-fixtures.R → fixtures/r-reference.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BernoulliMixture,
  CategoricalMixture,
  MultinomialMixture,
  PoissonMixture,
  RegressionMixture,
} from '../src/index.js';

const R = JSON.parse(readFileSync(new URL('./fixtures/r-reference.json', import.meta.url), 'utf8'));
const ITER = [1, 5, 20];

/** Largest relative difference |a − b| / max(|b|, 1e-3) over nested arrays. */
function relDiff(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) / Math.max(Math.abs(b), 1e-3);
  // jsonlite writes a length-1 vector as a number
  if (Array.isArray(a) && a.length === 1 && typeof b === 'number') return relDiff(a[0], b);
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length).toBe(b.length);
    return Math.max(0, ...a.map((v, i) => relDiff(v, b[i])));
  }
  throw new Error(`shape mismatch: ${JSON.stringify(a)?.slice(0, 40)} vs ${JSON.stringify(b)?.slice(0, 40)}`);
}
const sum = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0);
const expand = (rows: number[][], freq: number[]) =>
  rows.flatMap((row, i) => Array(freq[i]).fill(row) as number[][]);

describe('mixtools regmixEM (tonedata: tuned ~ stretchratio)', () => {
  const ref = R.regmixEM;
  const make = (maxIter: number, tol = 0) =>
    new RegressionMixture({
      nComponents: 2,
      maxIter,
      tol,
      weightsInit: ref.start.weights,
      coefficientsInit: ref.start.coefficients,
      sigmasInit: ref.start.sigmas,
    }).fit(ref.data.x, ref.data.y);
  it.each(ITER)('after %i iterations: weights, coefficients, sigmas to 1e-7', (m) => {
    const step = ref.steps.find((s: { iterations: number }) => s.iterations === m);
    const model = make(m);
    expect(relDiff(model.weights, step.weights)).toBeLessThan(1e-7);
    expect(relDiff(model.coefficients, step.coefficients)).toBeLessThan(1e-7);
    expect(relDiff(model.sigmas, step.sigmas)).toBeLessThan(1e-7);
    // R's loglik is of the returned parameters; ours, of the same parameters, by score.
    expect(relDiff(model.score(ref.data.x, ref.data.y) * ref.data.y.length, step.logLikelihood)).toBeLessThan(
      1e-9,
    );
    // history[i] is the log-likelihood of the parameters iteration i started from (R's all.loglik[i]).
    expect(
      relDiff(
        model.history.map((h) => h * ref.data.y.length),
        step.allLogLikelihood.slice(0, m),
      ),
    ).toBeLessThan(1e-9);
  });
  it('converges to the same log-likelihood and parameters', () => {
    const model = make(100_000, 1e-14);
    expect(relDiff(model.score(ref.data.x, ref.data.y) * 150, ref.converged.logLikelihood)).toBeLessThan(
      1e-9,
    );
    expect(relDiff(model.coefficients, ref.converged.coefficients)).toBeLessThan(1e-5);
  });
});

describe('mixtools poisregmixEM (NPreg: yp ~ x)', () => {
  const ref = R.poisregmixEM;
  const make = (maxIter: number, tol = 0) =>
    new RegressionMixture({
      nComponents: 2,
      family: 'poisson',
      maxIter,
      tol,
      weightsInit: ref.start.weights,
      coefficientsInit: ref.start.coefficients,
    }).fit(ref.data.x, ref.data.y);
  it.each(ITER)('after %i iterations: weights and coefficients to 1e-7', (m) => {
    const step = ref.steps.find((s: { iterations: number }) => s.iterations === m);
    const model = make(m);
    expect(relDiff(model.weights, step.weights)).toBeLessThan(1e-7);
    expect(relDiff(model.coefficients, step.coefficients)).toBeLessThan(1e-7);
    expect(relDiff(model.score(ref.data.x, ref.data.y) * 200, step.logLikelihood)).toBeLessThan(1e-9);
  });
  it('converges to the same log-likelihood', () => {
    const model = make(100_000, 1e-14);
    expect(relDiff(model.score(ref.data.x, ref.data.y) * 200, ref.converged.logLikelihood)).toBeLessThan(
      1e-9,
    );
  });
});

describe('mixtools multmixEM (Waterdata in 14 bins, K = 3)', () => {
  const ref = R.multmixEM;
  const X: number[][] = ref.data.counts;
  const make = (maxIter: number, tol = 0) =>
    new MultinomialMixture({
      nComponents: 3,
      alpha: 0,
      maxIter,
      tol,
      weightsInit: ref.start.weights,
      probabilitiesInit: ref.start.probabilities,
    }).fit(X);
  it.each(ITER)('after %i iterations: weights and probabilities to 1e-7, log-likelihoods', (m) => {
    const step = ref.steps.find((s: { iterations: number }) => s.iterations === m);
    const model = make(m);
    expect(relDiff(model.weights, step.weights)).toBeLessThan(1e-7);
    expect(relDiff(model.probabilities, step.probabilities)).toBeLessThan(1e-7);
    expect(
      relDiff(
        model.history.map((h) => h * X.length),
        step.allLogLikelihood,
      ),
    ).toBeLessThan(1e-9);
  });
  it('converges to the same log-likelihood', () => {
    const model = make(100_000, 1e-14);
    // The likelihood is flat near the optimum: both stop with the same log-likelihood, not the same weights.
    expect(relDiff(model.lowerBound * X.length, ref.converged.logLikelihood)).toBeLessThan(1e-9);
  });
});

describe('flexmix FLXMCmvbinary (whiskey incidence, K = 3)', () => {
  const ref = R.FLXMCmvbinary;
  const X = expand(ref.data.incidence, ref.data.freq);
  const make = (maxIter: number, tol = 0) =>
    new BernoulliMixture({
      nComponents: 3,
      maxIter,
      tol,
      weightsInit: ref.start.weights,
      probabilitiesInit: ref.start.probabilities,
    }).fit(X);
  it.each(ITER)('after %i iterations: weights and probabilities to 1e-7', (m) => {
    const step = ref.steps.find((s: { iterations: number }) => s.iterations === m);
    const model = make(m);
    expect(relDiff(model.weights, step.weights)).toBeLessThan(1e-7);
    expect(relDiff(model.probabilities, step.probabilities)).toBeLessThan(1e-7);
    expect(relDiff(sum(model.scoreSamples(X)), step.logLikelihood)).toBeLessThan(1e-9);
  });
  it('converges to the same log-likelihood', () => {
    const model = make(100_000, 1e-14);
    expect(relDiff(sum(model.scoreSamples(X)), ref.converged.logLikelihood)).toBeLessThan(1e-9);
  });
});

describe('flexmix FLXMCmvpois (bioChemists: articles of student and mentor, K = 2)', () => {
  const ref = R.FLXMCmvpois;
  const X: number[][] = ref.data.counts;
  const make = (maxIter: number, tol = 0) =>
    new PoissonMixture({
      nComponents: 2,
      maxIter,
      tol,
      weightsInit: ref.start.weights,
      ratesInit: ref.start.rates,
    }).fit(X);
  it.each(ITER)('after %i iterations: weights and rates to 1e-7', (m) => {
    const step = ref.steps.find((s: { iterations: number }) => s.iterations === m);
    const model = make(m);
    expect(relDiff(model.weights, step.weights)).toBeLessThan(1e-7);
    expect(relDiff(model.rates, step.rates)).toBeLessThan(1e-7);
    expect(relDiff(sum(model.scoreSamples(X)), step.logLikelihood)).toBeLessThan(1e-9);
  });
  it('converges to the same log-likelihood', () => {
    const model = make(100_000, 1e-14);
    expect(relDiff(sum(model.scoreSamples(X)), ref.converged.logLikelihood)).toBeLessThan(1e-9);
  });
});

describe.each([
  ['FLXMRglmPoisson', 'poisson'],
  ['FLXMRglmBinomial', 'binomial'],
] as const)('flexmix %s (NPreg)', (name, family) => {
  const ref = R[name];
  const make = (maxIter: number, tol = 0) =>
    new RegressionMixture({
      nComponents: 2,
      family,
      maxIter,
      tol,
      weightsInit: ref.start.weights,
      coefficientsInit: ref.start.coefficients,
    }).fit(ref.data.x, ref.data.y);
  it.each(ITER)('after %i iterations: weights and coefficients to 1e-7', (m) => {
    const step = ref.steps.find((s: { iterations: number }) => s.iterations === m);
    const model = make(m);
    expect(relDiff(model.weights, step.weights)).toBeLessThan(1e-7);
    expect(relDiff(model.coefficients, step.coefficients)).toBeLessThan(1e-7);
    expect(relDiff(sum(model.scoreSamples(ref.data.x, ref.data.y)), step.logLikelihood)).toBeLessThan(1e-9);
  });
  it.runIf(family === 'poisson')('converges to the same log-likelihood', () => {
    const model = make(100_000, 1e-14);
    expect(
      relDiff(sum(model.scoreSamples(ref.data.x, ref.data.y)), ref.converged.logLikelihood),
    ).toBeLessThan(1e-9);
  });
  // No maximum likelihood estimate exists for the binomial case (the lines come to separate the 0s
  // from the 1s and the coefficients grow without bound), so the 100-iteration state stands for it.
  it.runIf(family === 'binomial')('after 100 iterations (no finite optimum exists)', () => {
    const step = ref.steps.find((s: { iterations: number }) => s.iterations === 100);
    const model = make(100);
    expect(relDiff(model.weights, step.weights)).toBeLessThan(1e-7);
    expect(relDiff(model.coefficients, step.coefficients)).toBeLessThan(1e-7);
    expect(relDiff(sum(model.scoreSamples(ref.data.x, ref.data.y)), step.logLikelihood)).toBeLessThan(1e-9);
  });
});

describe("latent class analysis (poLCA's EM) on HairEyeColor, K = 2", () => {
  const ref = R.lca;
  const make = (maxIter: number, tol = 0) =>
    new CategoricalMixture({
      nComponents: 2,
      maxIter,
      tol,
      nLevels: ref.data.nLevels,
      weightsInit: ref.start.weights,
      probabilitiesInit: ref.start.probabilities,
    }).fit(ref.data.codes);
  it.each([...ITER, 2000])('after %i iterations', (m) => {
    const step = m === 2000 ? ref.long : ref.steps.find((s: { iterations: number }) => s.iterations === m);
    const model = make(m);
    expect(relDiff(model.weights, step.weights)).toBeLessThan(1e-7);
    expect(relDiff(model.probabilities, step.probabilities)).toBeLessThan(1e-7);
    expect(
      relDiff(
        model.history.map((h) => h * ref.data.codes.length),
        step.allLogLikelihood,
      ),
    ).toBeLessThan(1e-9);
  });
});
