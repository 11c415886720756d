import {
  type EMModel,
  type EMOptions,
  InvalidInputError,
  InvalidOptionError,
  NumericalError,
  requireIterations,
  runEM,
  type StopReason,
} from '@em/core';
import { GenotypeError } from './errors.js';
import { inverseSpd, packLogProbabilities, unpackLogProbabilities } from './linalg.js';
import { compileSystem, type PhenotypeSystem } from './phenotype-system.js';
import { chiSquareSurvival } from './stats.js';

/**
 * Options of {@link alleleFrequencies}: `@em/core`'s EM options (defaults `maxIter: 1000`,
 * `tol: 1e-10`) and the starting frequencies.
 *
 * @example
 * ```ts
 * import { ABO, alleleFrequencies, type AlleleFrequencyOptions } from '@em/genetics';
 * const options: AlleleFrequencyOptions = { initial: [0.3, 0.1, 0.6], acceleration: 'squarem' };
 * alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO, options);
 * ```
 */
export interface AlleleFrequencyOptions extends EMOptions<Float64Array> {
  /** Starting allele frequencies, in the order of `system.alleles` (positive; rescaled to sum 1). Default: equal. */
  initial?: readonly number[];
}

/**
 * Chi-square goodness-of-fit test of Hardy–Weinberg proportions: observed phenotype counts against
 * those expected from the fitted allele frequencies.
 *
 * @example
 * ```ts
 * import { ABO, alleleFrequencies, type HardyWeinbergTest } from '@em/genetics';
 * const test: HardyWeinbergTest | undefined = alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO).hardyWeinberg;
 * test?.df; // 1: 4 phenotypes − 1 − (3 alleles − 1)
 * ```
 */
export interface HardyWeinbergTest {
  /** Pearson's X² = Σ (observed − expected)² / expected over phenotypes. */
  statistic: number;
  /** Degrees of freedom: (phenotypes − 1) − (alleles − 1). */
  df: number;
  /** P(χ²_df ≥ statistic). */
  pValue: number;
}

/**
 * One phenotype's observed count and the count expected under the fitted frequencies.
 *
 * @example
 * ```ts
 * import { ABO, alleleFrequencies, type PhenotypeCount } from '@em/genetics';
 * const [a]: PhenotypeCount[] = alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO).phenotypes;
 * a!.phenotype; // 'A'
 * ```
 */
export interface PhenotypeCount {
  /** Phenotype name. */
  phenotype: string;
  /** Count in the data. */
  observed: number;
  /** n × P(phenotype) under Hardy–Weinberg proportions with the fitted frequencies. */
  expected: number;
}

/**
 * One genotype's fitted frequency and its expected count given the observed phenotypes (the E-step's
 * answer: how many of the people with phenotype A are AA).
 *
 * @example
 * ```ts
 * import { ABO, alleleFrequencies, type GenotypeCount } from '@em/genetics';
 * const rows: GenotypeCount[] = alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO).genotypes;
 * rows.find((g) => g.genotype === 'A/A')!.expected; // ≈ 23.6 of the 186 type-A people
 * ```
 */
export interface GenotypeCount {
  /** The genotype as `'allele/allele'`. */
  genotype: string;
  /** The phenotype it shows. */
  phenotype: string;
  /** Hardy–Weinberg frequency p² or 2pq under the fitted allele frequencies. */
  frequency: number;
  /** Expected number of people with this genotype given their phenotypes. */
  expected: number;
}

/**
 * What {@link alleleFrequencies} returns.
 *
 * @example
 * ```ts
 * import { ABO, alleleFrequencies, type AlleleFrequencyResult } from '@em/genetics';
 * const fit: AlleleFrequencyResult = alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO);
 * fit.standardErrors?.map((s) => s.toFixed(4)); // ['0.0135', '0.0068', '0.0145']
 * ```
 */
export interface AlleleFrequencyResult {
  /** Allele names, as in the system. */
  alleles: string[];
  /** Maximum-likelihood allele frequencies (sum 1). */
  frequencies: number[];
  /**
   * Standard errors from the observed information (the negative Hessian of the log-likelihood, which
   * Louis' (1982) identity writes as complete minus missing information), with the constraint Σp = 1.
   * Absent when the information is singular (an allele at frequency 0) or its inverse is beyond the doubles.
   */
  standardErrors?: number[];
  /** Asymptotic covariance matrix of the frequencies (rows and columns sum to 0). Absent with `standardErrors`. */
  covariance?: number[][];
  /** Σ nⱼ log P(phenotype j): the multinomial log-likelihood without its constant. */
  logLikelihood: number;
  /** Number of people. */
  n: number;
  /** Observed and expected phenotype counts. */
  phenotypes: PhenotypeCount[];
  /** Expected genotype counts given the phenotypes. */
  genotypes: GenotypeCount[];
  /** Goodness-of-fit test of Hardy–Weinberg proportions; absent when df < 1 (as many alleles as phenotypes). */
  hardyWeinberg?: HardyWeinbergTest;
  /** EM iterations run. */
  nIter: number;
  /** Whether EM met its convergence rule. */
  converged: boolean;
  /** Why EM stopped. */
  stopReason: StopReason;
  /** Log-likelihood per iteration. */
  history: number[];
}

/**
 * Phenotype data: counts by phenotype name, or one phenotype name per person.
 *
 * @example
 * ```ts
 * import type { PhenotypeData } from '@em/genetics';
 * const counts: PhenotypeData = { A: 186, B: 38, AB: 13, O: 284 };
 * const people: PhenotypeData = ['A', 'O', 'O', 'AB', 'B'];
 * ```
 */
export type PhenotypeData = Readonly<Record<string, number>> | readonly string[];

/** The smallest positive double with all 53 significant bits, 2^-1022; below it the subnormals. */
const MIN_NORMAL = 2 ** -1022;

/** @internal Counts per phenotype (in `names` order) of counts by name or names per person, checked. */
export function phenotypeCounts(data: PhenotypeData, system: PhenotypeSystem, names: string[]): Float64Array {
  const counts = new Float64Array(names.length);
  const index = new Map(names.map((name, i) => [name, i]));
  const list = names.map((n) => JSON.stringify(n)).join(', ');
  if (Array.isArray(data)) {
    data.forEach((phenotype, person) => {
      const j = index.get(phenotype as string);
      if (j === undefined || typeof phenotype !== 'string')
        throw new GenotypeError(
          'phenotypes',
          `a phenotype of ${system.name}: ${list}`,
          phenotype,
          person,
          0,
          system.name,
        );
      counts[j]! += 1;
    });
  } else if (typeof data === 'object' && data !== null && !ArrayBuffer.isView(data)) {
    for (const [phenotype, count] of Object.entries(data)) {
      const j = index.get(phenotype);
      if (j === undefined)
        throw new InvalidInputError('counts', `phenotypes of ${system.name}: ${list}`, phenotype);
      if (typeof count !== 'number' || !Number.isFinite(count) || count < 0)
        throw new InvalidInputError(`counts[${JSON.stringify(phenotype)}]`, 'a finite count >= 0', count);
      counts[j] = count;
    }
  } else {
    throw new InvalidInputError('counts', 'counts by phenotype, or an array of phenotype names', data);
  }
  let total = 0;
  for (const c of counts) total += c;
  if (!(total > 0)) throw new InvalidInputError('counts', 'at least one person with a phenotype', data);
  if (!Number.isFinite(total))
    throw new InvalidInputError(
      'counts',
      'counts with a finite total (at most 1.8e308)',
      'a total past 1.8e308',
    );
  // A subnormal total has a few significant bits at most (5e-324 has one): the E-step could not split
  // it among genotypes, and the frequencies it gave did not sum to 1.
  if (total < MIN_NORMAL)
    throw new InvalidInputError(
      'counts',
      'counts totalling at least 2.2e-308 (the smallest double with full precision)',
      `counts totalling ${total}`,
    );
  return counts;
}

/** @internal The starting frequencies, checked and rescaled to sum 1 (equal by default). */
export function initialFrequencies(initial: unknown, k: number): Float64Array {
  if (initial === undefined) return new Float64Array(k).fill(1 / k);
  if (!Array.isArray(initial) || initial.length !== k)
    throw new InvalidOptionError('initial', `an array of ${k} allele frequencies`, initial);
  const p = new Float64Array(k);
  let total = 0;
  initial.forEach((value, i) => {
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value))
      throw new InvalidOptionError(`initial[${i}]`, 'a finite frequency > 0', value);
    p[i] = value;
    total += value;
  });
  for (let i = 0; i < k; i++) p[i] = p[i]! / total;
  return p;
}

/** P(genotype a/b) under Hardy–Weinberg proportions. */
const genotypeProbability = (p: Float64Array, a: number, b: number) =>
  a === b ? p[a]! * p[a]! : 2 * p[a]! * p[b]!;

/**
 * Allele frequencies of one locus from phenotype counts, by EM — the "gene counting" method of
 * Ceppellini, Siniscalco & Smith (1955): the E-step splits each phenotype's count among its
 * genotypes in proportion to their Hardy–Weinberg probabilities, the M-step counts alleles. Returns
 * the frequencies with standard errors from the observed information, expected phenotype and
 * genotype counts, and a chi-square goodness-of-fit test of Hardy–Weinberg proportions. Runs on
 * `@em/core`'s `runEM` (so `acceleration: 'squarem'` works).
 *
 * @param data Counts by phenotype (`{ A: 186, … }`) or one phenotype name per person.
 * @param system The phenotype → genotypes table, such as {@link ABO} or one from {@link definePhenotypeSystem}.
 * @throws InvalidInputError naming `counts` when they total 0, more than 1.8e308, or less than 2.2e-308
 * (subnormal counts have too few significant bits to split among genotypes).
 *
 * @example
 * ```ts
 * import { ABO, alleleFrequencies } from '@em/genetics';
 * // Lange (2002), chapter 2: duodenal ulcer patients typed for ABO (Clarke et al. 1959).
 * const fit = alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO);
 * fit.frequencies.map((p) => p.toFixed(4)); // ['0.2136', '0.0501', '0.7363']
 * fit.hardyWeinberg!.df; // 1
 * ```
 */
export function alleleFrequencies(
  data: PhenotypeData,
  system: PhenotypeSystem,
  options: AlleleFrequencyOptions = {},
): AlleleFrequencyResult {
  const compiled = compileSystem(system);
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  const { initial, ...emOptions } = options;
  const names = compiled.phenotypeNames;
  const counts = phenotypeCounts(data, compiled.system, names);
  const k = compiled.system.alleles.length;
  const n = counts.reduce((a, b) => a + b, 0);
  const genotypes = compiled.genotypes;

  const model: EMModel<Float64Array, Float64Array> = {
    eStep(p) {
      const alleleCounts = new Float64Array(k);
      let logLikelihood = 0;
      for (let j = 0; j < names.length; j++) {
        const nj = counts[j]!;
        if (nj === 0) continue;
        let total = 0;
        for (const [a, b] of genotypes[j]!) total += genotypeProbability(p, a, b);
        logLikelihood += nj * Math.log(total);
        for (const [a, b] of genotypes[j]!) {
          const share = (nj * genotypeProbability(p, a, b)) / total;
          alleleCounts[a]! += share;
          alleleCounts[b]! += share;
        }
      }
      return { stats: alleleCounts, logLikelihood };
    },
    mStep: (alleleCounts) => alleleCounts.map((c) => c / (2 * n)),
    pack: packLogProbabilities,
    unpack: unpackLogProbabilities,
  };
  const result = runEM(model, initialFrequencies(initial, k), { maxIter: 1000, tol: 1e-10, ...emOptions });
  requireIterations(result, 'alleleFrequencies');
  const p = result.params;

  const phenotypeProbability = genotypes.map((list) =>
    list.reduce((s, [a, b]) => s + genotypeProbability(p, a, b), 0),
  );
  let logLikelihood = 0;
  counts.forEach((c, j) => {
    if (c > 0) logLikelihood += c * Math.log(phenotypeProbability[j]!);
  });
  // An observed phenotype whose probability underflows to 0 (counts many orders of magnitude apart, or
  // a subnormal count whose alleles round away) has no log-likelihood to report.
  if (!Number.isFinite(logLikelihood)) {
    const j = counts.findIndex((c, i) => c > 0 && !(phenotypeProbability[i]! > 0));
    throw new NumericalError(
      `The probability of phenotype ${names[j] ?? '?'} (observed ${counts[j]}) underflows to 0 at the fitted frequencies.`,
      'Counts this many orders of magnitude apart cannot be fitted in doubles: drop or rescale the tiny ones.',
    );
  }

  const phenotypes = names.map((phenotype, j) => ({
    phenotype,
    observed: counts[j]!,
    expected: n * phenotypeProbability[j]!,
  }));
  const alleles = compiled.system.alleles;
  const genotypeRows: GenotypeCount[] = [];
  genotypes.forEach((list, j) => {
    for (const [a, b] of list) {
      const frequency = genotypeProbability(p, a, b);
      const share = phenotypeProbability[j]! > 0 ? frequency / phenotypeProbability[j]! : 0;
      genotypeRows.push({
        genotype: `${alleles[a]}/${alleles[b]}`,
        phenotype: names[j]!,
        frequency,
        expected: counts[j]! * share,
      });
    }
  });

  const fit: AlleleFrequencyResult = {
    alleles: [...alleles],
    frequencies: Array.from(p),
    logLikelihood,
    n,
    phenotypes,
    genotypes: genotypeRows,
    nIter: result.nIter,
    converged: result.converged,
    stopReason: result.stopReason,
    history: result.history,
  };
  const covariance = observedCovariance(p, counts, genotypes, phenotypeProbability);
  if (covariance) {
    fit.covariance = covariance;
    fit.standardErrors = covariance.map((row, i) => Math.sqrt(Math.max(0, row[i]!)));
  }
  const df = names.length - 1 - (k - 1);
  if (df >= 1) {
    let statistic = 0;
    for (const { observed, expected } of phenotypes) {
      if (expected > 0) statistic += (observed - expected) ** 2 / expected;
    }
    if (Number.isFinite(statistic))
      fit.hardyWeinberg = { statistic, df, pValue: chiSquareSurvival(statistic, df) };
  }
  return fit;
}

/**
 * Inverse observed information of the frequencies, with p_k = 1 − Σ others, mapped back to all k:
 * −∂²ℓ/∂p² = Σⱼ nⱼ (gⱼgⱼᵀ/Pⱼ² − Hⱼ/Pⱼ), gⱼ and Hⱼ the gradient and Hessian of Pⱼ(p).
 */
function observedCovariance(
  p: Float64Array,
  counts: Float64Array,
  genotypes: [number, number][][],
  phenotypeProbability: number[],
): number[][] | undefined {
  const k = p.length;
  const info = new Float64Array(k * k);
  genotypes.forEach((list, j) => {
    const nj = counts[j]!;
    const pj = phenotypeProbability[j]!;
    if (nj === 0) return;
    const g = new Float64Array(k);
    const h = new Float64Array(k * k);
    for (const [a, b] of list) {
      if (a === b) {
        g[a]! += 2 * p[a]!;
        h[a * k + a]! += 2;
      } else {
        g[a]! += 2 * p[b]!;
        g[b]! += 2 * p[a]!;
        h[a * k + b]! += 2;
        h[b * k + a]! += 2;
      }
    }
    for (let r = 0; r < k; r++)
      for (let c = 0; c < k; c++) info[r * k + c]! += nj * ((g[r]! * g[c]!) / (pj * pj) - h[r * k + c]! / pj);
  });
  // Free parameters p_0..p_{k-2}: J = [I; −1ᵀ], information Jᵀ I J.
  const m = k - 1;
  const reduced = new Float64Array(m * m);
  const last = k - 1;
  for (let r = 0; r < m; r++)
    for (let c = 0; c < m; c++)
      reduced[r * m + c] =
        info[r * k + c]! - info[r * k + last]! - info[last * k + c]! + info[last * k + last]!;
  const inverse = inverseSpd(reduced, m);
  if (!inverse) return undefined;
  // Full covariance J C Jᵀ.
  const full = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let r = 0; r < k; r++)
    for (let c = 0; c < k; c++) {
      let value = 0;
      for (let a = 0; a < m; a++) {
        const jr = r === last ? -1 : r === a ? 1 : 0;
        if (jr === 0) continue;
        for (let b = 0; b < m; b++) {
          const jc = c === last ? -1 : c === b ? 1 : 0;
          if (jc !== 0) value += jr * jc * inverse[a * m + b]!;
        }
      }
      full[r]![c] = value;
    }
  // An information this close to singular (counts near the smallest doubles) has no finite inverse.
  return full.every((row) => row.every(Number.isFinite)) ? full : undefined;
}
