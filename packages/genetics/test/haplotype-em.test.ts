import { describe, expect, it } from 'vitest';
import { type HaplotypeEMResult, haplotypeEM } from '../src/index.js';
import { byName, type HaploCase, haploStats } from './haplo-stats.js';

const key = (h: readonly string[]) => h.join('-');

function fitCase(c: HaploCase, options = {}) {
  return haplotypeEM(c.genotypes, {
    loci: c.loci,
    missing: ['0'],
    tol: c.control.tol,
    maxIter: c.control.max_iter,
    minPosterior: c.control.min_posterior,
    insertBatchSize: c.control.insert_batch_size,
    ...options,
  });
}

/** Same haplotypes above `threshold` on both sides, frequencies within `tol`. */
function expectSameHaplotypes(fit: HaplotypeEMResult, c: HaploCase, threshold: number, tol: number) {
  const ours = new Map(fit.haplotypes.map((h, i) => [key(h), fit.frequencies[i]!]));
  const theirs = new Map(c.haplotypes.map((h, i) => [key(h), c.hap_prob[i]!]));
  const above = (m: Map<string, number>) =>
    [...m]
      .filter(([, f]) => f > threshold)
      .map(([k]) => k)
      .sort();
  expect(above(ours)).toEqual(above(theirs));
  for (const [k, f] of theirs) if (f > threshold) expect(Math.abs(ours.get(k)! - f)).toBeLessThan(tol);
}

/** Posterior of every pair haplo.em kept, looked up in ours. */
function expectSamePosteriors(fit: HaplotypeEMResult, c: HaploCase, tol: number) {
  const ours = new Map<string, number>();
  for (let i = 0; i < fit.nPersons; i++)
    for (let j = fit.personStart[i]!; j < fit.personStart[i + 1]!; j++) {
      const pair = [key(fit.haplotypes[fit.hap1[j]!]!), key(fit.haplotypes[fit.hap2[j]!]!)].sort().join('|');
      ours.set(`${i}:${pair}`, fit.posterior[j]!);
    }
  let worst = 0;
  c.subject.forEach((s, j) => {
    const pair = [key(c.haplotypes[c.hap1[j]! - 1]!), key(c.haplotypes[c.hap2[j]! - 1]!)].sort().join('|');
    worst = Math.max(worst, Math.abs((ours.get(`${s - 1}:${pair}`) ?? 0) - c.post[j]!));
  });
  expect(worst).toBeLessThan(tol);
}

describe(`haplotypeEM against haplo.stats ${haploStats.haplo_stats_version} haplo.em (same start: equal posteriors)`, () => {
  for (const prefix of ['hla.demo DQB', 'simulated SNPs, 400 x 10', 'simulated SNPs, 400 x 3']) {
    const c = byName(prefix);
    for (const acceleration of ['none', 'squarem'] as const) {
      it(`${c.name} (${acceleration}): same haplotypes above 1e-4, frequencies and posteriors to 1e-4, log-likelihood to 1e-6`, () => {
        const fit = fitCase(c, { acceleration });
        expectSameHaplotypes(fit, c, 1e-4, 1e-4);
        expectSamePosteriors(fit, c, 1e-4);
        expect(Math.abs(fit.logLikelihood / c.lnlike - 1)).toBeLessThan(1e-6);
        expect(fit.converged).toBe(true);
      });
    }
  }

  it('SNP codes 0/1/2 give the same fit as the allele pairs they stand for', () => {
    const c = byName('simulated SNPs, 400 x 10');
    const fromPairs = fitCase(c);
    const fromCodes = haplotypeEM(c.snp!, { loci: c.loci, tol: c.control.tol, maxIter: c.control.max_iter });
    expect(fromCodes.haplotypes).toEqual(fromPairs.haplotypes);
    fromCodes.frequencies.forEach((f, i) => {
      expect(f).toBeCloseTo(fromPairs.frequencies[i]!, 12);
    });
  });

  it('hla.demo, 11 loci with missing alleles: the common haplotypes agree; our likelihood is not lower', () => {
    // haplo.em trims pairs during every iteration, haplotypeEM before and after each batch's EM, so
    // on this rugged likelihood the two can stop at different local maxima; ours is not lower here.
    const c = byName('hla.demo, 11 loci');
    const fit = fitCase(c);
    expectSameHaplotypes(fit, c, 0.01, 1e-4);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(c.lnlike - 1e-6 * Math.abs(c.lnlike));
  });

  it('with 10 starts, reaches the log-likelihood of haplo.em with its default 10 tries', () => {
    const c = byName('hla.demo DQB');
    const fit = fitCase(c, { nInit: 10, seed: 1, tol: 1e-8 });
    expect(Math.abs(fit.logLikelihood / haploStats.hla3_default_lnlike - 1)).toBeLessThan(1e-6);
  });
});

describe('haplotypeEM: properties', () => {
  const c = byName('simulated SNPs, 400 x 10');
  const fit = fitCase(c, { tol: 1e-8 });

  it('frequencies sum to 1, posteriors sum to 1 per person', () => {
    expect(fit.frequencies.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let i = 0; i < fit.nPersons; i++) {
      let total = 0;
      for (let j = fit.personStart[i]!; j < fit.personStart[i + 1]!; j++) total += fit.posterior[j]!;
      expect(total).toBeCloseTo(1, 12);
    }
  });

  it('the log-likelihood is Σ log Σ P(pair), recomputed from the returned pairs', () => {
    let total = 0;
    for (let i = 0; i < fit.nPersons; i++) {
      let sum = 0;
      for (let j = fit.personStart[i]!; j < fit.personStart[i + 1]!; j++) {
        const [a, b] = [fit.hap1[j]!, fit.hap2[j]!];
        sum += (a === b ? 1 : 2) * fit.frequencies[a]! * fit.frequencies[b]!;
      }
      total += Math.log(sum);
    }
    expect(fit.logLikelihood).toBeCloseTo(total, 8);
  });

  it('every pair is compatible with the person’s genotypes', () => {
    for (let i = 0; i < fit.nPersons; i++)
      for (let j = fit.personStart[i]!; j < fit.personStart[i + 1]!; j++) {
        const [h1, h2] = [fit.haplotypes[fit.hap1[j]!]!, fit.haplotypes[fit.hap2[j]!]!];
        c.genotypes[i]!.forEach(([a, b], l) => {
          if (a === '0' || b === '0') return;
          expect([h1[l], h2[l]].sort()).toEqual([a, b].sort());
        });
      }
  });

  it('the no-LD log-likelihood is the product over loci of Hardy–Weinberg genotype probabilities', () => {
    let expected = 0;
    c.loci.forEach((_, l) => {
      const counts = new Map<string, number>();
      for (const row of c.genotypes)
        for (const a of row[l]!) if (a !== '0') counts.set(a, (counts.get(a) ?? 0) + 1);
      const total = [...counts.values()].reduce((x, y) => x + y, 0);
      const p = (a: string) => counts.get(a)! / total;
      for (const [a, b] of c.genotypes.map((row) => row[l]!)) {
        if (a === '0' && b === '0') continue;
        if (a === '0' || b === '0') {
          const x = p(a === '0' ? b : a);
          expected += Math.log(2 * x - x * x);
        } else expected += Math.log(a === b ? p(a) ** 2 : 2 * p(a) * p(b));
      }
    });
    expect(fit.ldTest.logLikelihoodNoLD).toBeCloseTo(expected, 8);
    expect(fit.ldTest.statistic).toBeCloseTo(2 * (fit.logLikelihood - expected), 8);
    expect(fit.ldTest.dfObserved).toBe(c.df_lr); // haplo.stats' df.lr
    expect(fit.ldTest.df).toBe(2 ** 10 - 1 - 10); // all 2¹⁰ haplotypes free against 10 allele frequencies
    expect(fit.ldTest.pValue).toBeLessThan(1e-10); // the pool was built with strong LD
  });

  it('no LD: independent SNPs give a small statistic', () => {
    // 300 persons, 3 SNPs drawn independently from a fixed linear congruential stream.
    let s = 12345;
    const next = () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    };
    const genotypes = Array.from({ length: 300 }, () =>
      [0.3, 0.5, 0.4].map((q) => (next() < q ? 1 : 0) + (next() < q ? 1 : 0)),
    );
    const independent = haplotypeEM(genotypes, { tol: 1e-9 });
    expect(independent.ldTest.df).toBe(8 - 1 - 3);
    expect(independent.ldTest.pValue).toBeGreaterThan(0.001);
  });

  it('log-likelihood never decreases within a batch, and weights count persons', () => {
    const small = byName('simulated SNPs, 400 x 3');
    const once = haplotypeEM(small.genotypes.slice(0, 50), { missing: ['0'], tol: 1e-10, strict: true });
    const doubled = haplotypeEM([...small.genotypes.slice(0, 50), ...small.genotypes.slice(0, 50)], {
      missing: ['0'],
      tol: 1e-10,
    });
    const weighted = haplotypeEM(small.genotypes.slice(0, 50), {
      missing: ['0'],
      tol: 1e-10,
      weights: Array.from({ length: 50 }, () => 2),
    });
    expect(weighted.logLikelihood).toBeCloseTo(doubled.logLikelihood, 6);
    expect(weighted.logLikelihood).toBeCloseTo(2 * once.logLikelihood, 6);
    weighted.frequencies.forEach((f, i) => {
      expect(f).toBeCloseTo(once.frequencies[i]!, 8);
    });
  });

  it('without trimming, insertion order and batch size do not matter; with it, the path can', () => {
    const full = fitCase(c, { tol: 1e-10, minPosterior: 0 });
    const reordered = fitCase(c, {
      tol: 1e-10,
      minPosterior: 0,
      insertOrder: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
      insertBatchSize: 3,
    });
    expect(reordered.logLikelihood).toBeCloseTo(full.logLikelihood, 6);
    // Pruning keeps only what is likely so far, so the result is at most the untrimmed optimum.
    expect(fit.logLikelihood).toBeLessThanOrEqual(full.logLikelihood + 1e-6);
  });
});
