import {
  type EMModel,
  type EMOptions,
  InvalidInputError,
  InvalidOptionError,
  requireIterations,
  runEMWithRestarts,
  type StopReason,
} from '@em/core';
import { mulberry32, type RandomSource } from '@em/core/numeric';
import { type Allele, type EncodedGenotypes, encodeGenotypes, type GenotypeMatrix } from './genotypes.js';
import { packLogProbabilities, unpackLogProbabilities } from './linalg.js';
import { chiSquareSurvival } from './stats.js';

/**
 * Options of {@link haplotypeEM}. Besides `@em/core`'s EM options (applied to each batch's EM;
 * defaults `maxIter: 5000`, `tol: 1e-5` as haplo.stats' `haplo.em.control`), the progressive
 * insertion controls of haplo.stats, renamed in camelCase: `insertBatchSize` (`insert.batch.size`),
 * `insertOrder` (`loci.insert.order`, 0-based), `minPosterior` (`min.posterior`), `nInit`
 * (`n.try`), `maxPairs` (`max.haps.limit`, counted in pairs).
 *
 * @example
 * ```ts
 * import { haplotypeEM, type HaplotypeEMOptions } from '@em/genetics';
 * const options: HaplotypeEMOptions = { nInit: 5, seed: 1, acceleration: 'squarem', loci: ['a', 'b'] };
 * haplotypeEM([[0, 1], [1, 1], [2, 2]], options);
 * ```
 */
export interface HaplotypeEMOptions extends EMOptions<Float64Array> {
  /** Locus names (default `loc-1`, `loc-2`, … as haplo.stats). */
  loci?: readonly string[];
  /** Names of the two alleles of SNP-coded loci: code 0 is `[a, a]`, 1 `[a, b]`, 2 `[b, b]`. Default `['1', '2']`. */
  snpAlleles?: readonly [string, string];
  /** Allele codes that mean "missing" in allele pairs (haplo.stats' `miss.val`, for example `[0]`). */
  missing?: readonly Allele[];
  /** Weight of each person (default 1): a person with weight 2 counts as two. */
  weights?: readonly number[];
  /** Order in which loci are inserted, 0-based (default 0, 1, …). */
  insertOrder?: readonly number[];
  /** Loci inserted before each EM (default 6). */
  insertBatchSize?: number;
  /** After each batch's EM, a person's haplotype pairs with a posterior below this are dropped (default 1e-9). */
  minPosterior?: number;
  /**
   * EM runs per batch (default 1): the first starts from equal posteriors over each person's
   * haplotype pairs (haplo.em's start), the others from random posteriors; the best is kept.
   */
  nInit?: number;
  /** Uniform random numbers for the random starts (default: a generator seeded with `seed`). */
  random?: RandomSource;
  /** Seed of the default random source (default 1). */
  seed?: number;
  /** Largest number of haplotype pairs over all persons before EM (default 2,000,000). */
  maxPairs?: number;
}

/**
 * The likelihood-ratio test of linkage disequilibrium: haplotype frequencies free against
 * haplotype frequencies equal to products of allele frequencies (allele frequencies counted from
 * the observed alleles, as haplo.stats does).
 *
 * @example
 * ```ts
 * import { haplotypeEM, type LinkageDisequilibriumTest } from '@em/genetics';
 * const genotypes = [[0, 0], [2, 2], [1, 1], [0, 0], [1, 0], [0, 1], [2, 1], [1, 2]];
 * const test: LinkageDisequilibriumTest = haplotypeEM(genotypes).ldTest;
 * test.statistic; // 2 × (log-likelihood with LD − without), ≥ 0
 * ```
 */
export interface LinkageDisequilibriumTest {
  /** Log-likelihood under linkage equilibrium: Σ over persons and loci of log P(genotype) under Hardy–Weinberg. */
  logLikelihoodNoLD: number;
  /** 2 (logLikelihood − logLikelihoodNoLD). */
  statistic: number;
  /**
   * Degrees of freedom of the nested test: (Π alleles − 1) − Σ (alleles − 1), the free haplotype
   * frequencies over all possible haplotypes minus the free allele frequencies (1 for two SNPs).
   */
  df: number;
  /**
   * haplo.stats' `df.lr`: (haplotypes with frequency > 1e-7) − 1 − Σ (alleles − 1). It counts only
   * the haplotypes found, so it can be ≤ 0 when few are; reported for comparison.
   */
  dfObserved: number;
  /** P(χ²_df ≥ statistic), from the chi-square approximation (rough when many haplotypes are rare); `null` when df < 1. */
  pValue: number | null;
}

/**
 * One batch of the progressive insertion: which loci were in, and how its EM ended.
 *
 * @example
 * ```ts
 * import { haplotypeEM, type InsertionBatch } from '@em/genetics';
 * const [first]: InsertionBatch[] = haplotypeEM([[0, 1], [1, 1]]).batches;
 * first!.loci; // [0, 1]
 * ```
 */
export interface InsertionBatch {
  /** 0-based loci present after this batch, in insertion order. */
  loci: number[];
  /** Log-likelihood of the batch's best EM run (over the loci inserted so far). */
  logLikelihood: number;
  /** Iterations of that run. */
  nIter: number;
  /** Whether it converged. */
  converged: boolean;
  /** Haplotype pairs over all persons during the EM. */
  nPairs: number;
  /** Distinct haplotypes during the EM. */
  nHaplotypes: number;
}

/**
 * What {@link haplotypeEM} returns. Pairs are listed person by person: person `i`'s are
 * `personStart[i]` to `personStart[i + 1] − 1` in `hap1`, `hap2` and `posterior`, where `hap1` and
 * `hap2` index `haplotypes`.
 *
 * @example
 * ```ts
 * import { haplotypeEM, type HaplotypeEMResult } from '@em/genetics';
 * const fit: HaplotypeEMResult = haplotypeEM([[0, 0], [1, 1], [2, 2]]);
 * fit.haplotypes; // [['1', '1'], ['2', '2']]: the double heterozygote's 12/21 phase was pruned
 * ```
 */
export interface HaplotypeEMResult {
  /** Locus names. */
  loci: string[];
  /** Allele labels of each locus. */
  alleles: string[][];
  /** The haplotypes kept, each one allele label per locus, sorted by allele order locus by locus. */
  haplotypes: string[][];
  /** Their estimated frequencies (sum 1). */
  frequencies: number[];
  /** Log-likelihood Σ weightᵢ log Σ_pairs P(pair) at `frequencies`, over the pairs kept. */
  logLikelihood: number;
  /** Number of persons. */
  nPersons: number;
  /** Start of each person's pairs (length nPersons + 1). */
  personStart: Int32Array;
  /** First haplotype of each pair (index into `haplotypes`). */
  hap1: Int32Array;
  /** Second haplotype of each pair. */
  hap2: Int32Array;
  /** Posterior probability of each pair given the person's genotypes (sums to 1 per person). */
  posterior: Float64Array;
  /** Allele frequencies per locus, counted from the observed alleles. */
  alleleFrequencies: number[][];
  /** Likelihood-ratio test of linkage disequilibrium. */
  ldTest: LinkageDisequilibriumTest;
  /** One entry per insertion batch. */
  batches: InsertionBatch[];
  /** Whether every batch's EM converged. */
  converged: boolean;
  /** Why the last batch's EM stopped. */
  stopReason: StopReason;
  /** EM iterations over all batches (best runs only). */
  nIter: number;
}

interface State {
  nHaps: number;
  /** Allele of haplotype h at locus l: hapAlleles[h * nLoci + l], −1 while l is not inserted. */
  hapAlleles: Int32Array;
  pairStart: Int32Array;
  h1: Int32Array;
  h2: Int32Array;
}

interface Patterns {
  nPatterns: number;
  /** First person of each pattern (for error messages). */
  firstPerson: Int32Array;
  patternOf: Int32Array;
  weight: Float64Array;
  /** Codes of each pattern, as EncodedGenotypes.codes but per pattern. */
  codes: Int32Array;
}

function positiveInteger(name: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new InvalidOptionError(name, `an integer >= ${min}`, value);
  return value;
}

function readWeights(value: unknown, nPersons: number): Float64Array {
  const weights = new Float64Array(nPersons).fill(1);
  if (value === undefined) return weights;
  if (!Array.isArray(value) || value.length !== nPersons)
    throw new InvalidOptionError('weights', `an array of ${nPersons} weights (one per person)`, value);
  value.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      throw new InvalidOptionError(`weights[${i}]`, 'a finite weight >= 0', w);
    weights[i] = w;
  });
  if (!(weights.reduce((a, b) => a + b, 0) > 0))
    throw new InvalidOptionError('weights', 'weights with a positive sum', value);
  return weights;
}

function readOrder(value: unknown, nLoci: number): number[] {
  if (value === undefined) return Array.from({ length: nLoci }, (_, l) => l);
  const sorted = Array.isArray(value) ? [...value].sort((a, b) => a - b) : [];
  if (!Array.isArray(value) || value.length !== nLoci || sorted.some((v, i) => v !== i))
    throw new InvalidOptionError('insertOrder', `a permutation of the loci 0 … ${nLoci - 1}`, value);
  return [...value];
}

/** Persons with identical genotypes (and any weight) share one pattern: the E-step runs once for them. */
function collapse(encoded: EncodedGenotypes, weights: Float64Array): Patterns {
  const { nPersons, nLoci, codes } = encoded;
  const width = nLoci * 2;
  const byKey = new Map<string, number>();
  const patternOf = new Int32Array(nPersons);
  const first: number[] = [];
  const patternWeight: number[] = [];
  for (let i = 0; i < nPersons; i++) {
    const key = codes.subarray(i * width, (i + 1) * width).join(',');
    let p = byKey.get(key);
    if (p === undefined) {
      p = first.length;
      byKey.set(key, p);
      first.push(i);
      patternWeight.push(0);
    }
    patternOf[i] = p;
    patternWeight[p]! += weights[i]!;
  }
  const nPatterns = first.length;
  const patternCodes = new Int32Array(nPatterns * width);
  first.forEach((person, p) => {
    patternCodes.set(codes.subarray(person * width, (person + 1) * width), p * width);
  });
  return {
    nPatterns,
    firstPerson: Int32Array.from(first),
    patternOf,
    weight: Float64Array.from(patternWeight),
    codes: patternCodes,
  };
}

/** Growable Int32Array. */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(value: number) {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  toArray() {
    return this.data.slice(0, this.length);
  }
}

/**
 * Adds locus `l` to every haplotype pair: a pair (h1, h2) compatible with the loci so far becomes
 * (h1 + x, h2 + y) for each ordered allele pair (x, y) compatible with the genotype at `l`, plus the
 * swapped (h1 + y, h2 + x) when both the pair and the new genotype are heterozygous — so each
 * unordered pair is listed once.
 */
function insertLocus(
  state: State,
  patterns: Patterns,
  encoded: EncodedGenotypes,
  l: number,
  maxPairs: number,
): State {
  const { nLoci } = encoded;
  const k = encoded.alleles[l]!.length;
  const child = new Int32Array(state.nHaps * k).fill(-1);
  const alleles = new IntList(state.nHaps * 2 * nLoci);
  let nHaps = 0;
  const childOf = (h: number, allele: number) => {
    const key = h * k + allele;
    let c = child[key]!;
    if (c < 0) {
      c = nHaps++;
      child[key] = c;
      for (let m = 0; m < nLoci; m++) alleles.push(m === l ? allele : state.hapAlleles[h * nLoci + m]!);
    }
    return c;
  };
  const h1 = new IntList(state.h1.length * 2);
  const h2 = new IntList(state.h2.length * 2);
  const pairStart = new Int32Array(patterns.nPatterns + 1);
  const emit = (x: number, ax: number, y: number, ay: number) => {
    h1.push(childOf(x, ax));
    h2.push(childOf(y, ay));
  };
  let largest = 0;
  let largestPattern = 0;
  for (let p = 0; p < patterns.nPatterns; p++) {
    pairStart[p] = h1.length;
    const a1 = patterns.codes[(p * nLoci + l) * 2]!;
    const a2 = patterns.codes[(p * nLoci + l) * 2 + 1]!;
    for (let j = state.pairStart[p]!; j < state.pairStart[p + 1]!; j++) {
      const x = state.h1[j]!;
      const y = state.h2[j]!;
      const het = x !== y;
      if (a1 >= 0 && a2 >= 0) {
        emit(x, a1, y, a2);
        if (a1 !== a2 && het) emit(x, a2, y, a1);
      } else if (a1 >= 0 || a2 >= 0) {
        const a = a1 >= 0 ? a1 : a2;
        for (let b = 0; b < k; b++) {
          emit(x, a, y, b);
          if (b !== a && het) emit(x, b, y, a);
        }
      } else {
        for (let a = 0; a < k; a++)
          for (let b = a; b < k; b++) {
            emit(x, a, y, b);
            if (a !== b && het) emit(x, b, y, a);
          }
      }
    }
    const count = h1.length - pairStart[p]!;
    if (count > largest) [largest, largestPattern] = [count, p];
    if (h1.length > maxPairs)
      throw new InvalidOptionError(
        'maxPairs',
        `room for the haplotype pairs after inserting locus ${l} (${JSON.stringify(encoded.loci[l])})`,
        maxPairs,
        `Over ${maxPairs} pairs; person ${patterns.firstPerson[largestPattern]} alone has ${largest}. ` +
          'Lower insertBatchSize (fewer loci between trimmings), raise minPosterior, or raise maxPairs.',
      );
  }
  pairStart[patterns.nPatterns] = h1.length;
  return { nHaps, hapAlleles: alleles.toArray(), pairStart, h1: h1.toArray(), h2: h2.toArray() };
}

/** The EM model of one batch: parameters are haplotype frequencies. */
function batchModel(
  state: State,
  patterns: Patterns,
  totalWeight: number,
): EMModel<Float64Array, Float64Array> {
  const { pairStart, h1, h2, nHaps } = state;
  const { weight, nPatterns } = patterns;
  const scratch = new Float64Array(h1.length);
  return {
    eStep(f) {
      const stats = new Float64Array(nHaps);
      let logLikelihood = 0;
      for (let p = 0; p < nPatterns; p++) {
        const start = pairStart[p]!;
        const end = pairStart[p + 1]!;
        let sum = 0;
        for (let j = start; j < end; j++) {
          const a = h1[j]!;
          const b = h2[j]!;
          const w = a === b ? f[a]! * f[a]! : 2 * f[a]! * f[b]!;
          scratch[j] = w;
          sum += w;
        }
        const wt = weight[p]!;
        if (wt === 0) continue;
        logLikelihood += wt * Math.log(sum);
        const scale = wt / sum;
        for (let j = start; j < end; j++) {
          const share = scratch[j]! * scale;
          stats[h1[j]!]! += share;
          stats[h2[j]!]! += share;
        }
      }
      return { stats, logLikelihood };
    },
    mStep(stats) {
      const f = new Float64Array(nHaps);
      const scale = 1 / (2 * totalWeight);
      for (let h = 0; h < nHaps; h++) f[h] = stats[h]! * scale;
      return f;
    },
    pack: packLogProbabilities,
    unpack: unpackLogProbabilities,
  };
}

/** Frequencies from posteriors (one M-step): Σ weight × posterior over the pairs holding each haplotype. */
function countHaplotypes(
  state: State,
  patterns: Patterns,
  posterior: Float64Array,
  totalWeight: number,
): Float64Array {
  const f = new Float64Array(state.nHaps);
  for (let p = 0; p < patterns.nPatterns; p++) {
    const wt = patterns.weight[p]! / (2 * totalWeight);
    for (let j = state.pairStart[p]!; j < state.pairStart[p + 1]!; j++) {
      f[state.h1[j]!]! += wt * posterior[j]!;
      f[state.h2[j]!]! += wt * posterior[j]!;
    }
  }
  return f;
}

/** Posterior of every pair at frequencies f, and the log-likelihood. */
function posteriors(
  state: State,
  patterns: Patterns,
  f: Float64Array,
): { posterior: Float64Array; logLikelihood: number } {
  const posterior = new Float64Array(state.h1.length);
  let logLikelihood = 0;
  for (let p = 0; p < patterns.nPatterns; p++) {
    const start = state.pairStart[p]!;
    const end = state.pairStart[p + 1]!;
    let sum = 0;
    for (let j = start; j < end; j++) {
      const a = state.h1[j]!;
      const b = state.h2[j]!;
      const w = a === b ? f[a]! * f[a]! : 2 * f[a]! * f[b]!;
      posterior[j] = w;
      sum += w;
    }
    if (patterns.weight[p]! > 0) logLikelihood += patterns.weight[p]! * Math.log(sum);
    for (let j = start; j < end; j++) posterior[j] = sum > 0 ? posterior[j]! / sum : 1 / (end - start);
  }
  return { posterior, logLikelihood };
}

/** Drops pairs below minPosterior (keeping each person's best) and haplotypes no pair uses. */
function trim(
  state: State,
  patterns: Patterns,
  posterior: Float64Array,
  minPosterior: number,
  nLoci: number,
) {
  const keep = new Uint8Array(state.h1.length);
  for (let p = 0; p < patterns.nPatterns; p++) {
    const start = state.pairStart[p]!;
    const end = state.pairStart[p + 1]!;
    let best = start;
    let any = false;
    for (let j = start; j < end; j++) {
      if (posterior[j]! > posterior[best]!) best = j;
      if (posterior[j]! >= minPosterior) {
        keep[j] = 1;
        any = true;
      }
    }
    if (!any) keep[best] = 1;
  }
  const used = new Int32Array(state.nHaps).fill(-1);
  let nHaps = 0;
  const pairStart = new Int32Array(patterns.nPatterns + 1);
  const h1 = new IntList(state.h1.length);
  const h2 = new IntList(state.h1.length);
  const kept: number[] = [];
  for (let p = 0; p < patterns.nPatterns; p++) {
    pairStart[p] = h1.length;
    let total = 0;
    for (let j = state.pairStart[p]!; j < state.pairStart[p + 1]!; j++) if (keep[j]) total += posterior[j]!;
    for (let j = state.pairStart[p]!; j < state.pairStart[p + 1]!; j++) {
      if (!keep[j]) continue;
      for (const h of [state.h1[j]!, state.h2[j]!]) if (used[h]! < 0) used[h] = nHaps++;
      h1.push(used[state.h1[j]!]!);
      h2.push(used[state.h2[j]!]!);
      kept.push(total > 0 ? posterior[j]! / total : 1);
    }
  }
  pairStart[patterns.nPatterns] = h1.length;
  const hapAlleles = new Int32Array(nHaps * nLoci);
  for (let h = 0; h < state.nHaps; h++) {
    const to = used[h]!;
    if (to >= 0) hapAlleles.set(state.hapAlleles.subarray(h * nLoci, (h + 1) * nLoci), to * nLoci);
  }
  return {
    state: { nHaps, hapAlleles, pairStart, h1: h1.toArray(), h2: h2.toArray() },
    posterior: Float64Array.from(kept),
  };
}

function uniformPosterior(state: State, patterns: Patterns, random?: RandomSource): Float64Array {
  const posterior = new Float64Array(state.h1.length);
  for (let p = 0; p < patterns.nPatterns; p++) {
    const start = state.pairStart[p]!;
    const end = state.pairStart[p + 1]!;
    let total = 0;
    for (let j = start; j < end; j++) {
      const u = random ? random() : 1;
      posterior[j] = u;
      total += u;
    }
    for (let j = start; j < end; j++) posterior[j] = total > 0 ? posterior[j]! / total : 1 / (end - start);
  }
  return posterior;
}

/**
 * Allele frequencies per locus from the observed alleles, and the log-likelihood under linkage
 * equilibrium — over the distinct genotypes with their summed weights, like the EM, so that a fit from
 * a table of distinct rows (a stream's, shards') is this one bit for bit.
 */
function linkageEquilibrium(encoded: EncodedGenotypes, patterns: Patterns) {
  const { nLoci, alleles } = encoded;
  const { nPatterns, codes, weight } = patterns;
  const freq = alleles.map((list) => new Float64Array(list.length));
  for (let p = 0; p < nPatterns; p++)
    for (let l = 0; l < nLoci; l++)
      for (let c = 0; c < 2; c++) {
        const a = codes[(p * nLoci + l) * 2 + c]!;
        if (a >= 0) freq[l]![a]! += weight[p]!;
      }
  for (const f of freq) {
    const total = f.reduce((s, v) => s + v, 0);
    for (let a = 0; a < f.length; a++) f[a] = total > 0 ? f[a]! / total : 0;
  }
  let logLikelihood = 0;
  for (let p = 0; p < nPatterns; p++) {
    if (weight[p] === 0) continue;
    for (let l = 0; l < nLoci; l++) {
      const a = codes[(p * nLoci + l) * 2]!;
      const b = codes[(p * nLoci + l) * 2 + 1]!;
      const f = freq[l]!;
      let probability = 1;
      if (a >= 0 && b >= 0) probability = a === b ? f[a]! ** 2 : 2 * f[a]! * f[b]!;
      else if (a >= 0 || b >= 0) {
        const x = f[a >= 0 ? a : b]!;
        probability = 2 * x - x * x;
      }
      logLikelihood += weight[p]! * Math.log(probability);
    }
  }
  return { freq, logLikelihood };
}

/**
 * Haplotype frequencies from unphased multi-locus genotypes by EM (Excoffier & Slatkin 1995; Long,
 * Williams & Urbanek 1995), with haplo.stats' progressive insertion (Clayton's SNPHAP idea): loci
 * are added `insertBatchSize` at a time, each person's compatible haplotype pairs are expanded, EM
 * runs, and pairs with posterior below `minPosterior` are dropped before the next batch, so 10–20
 * multi-allelic loci stay tractable. Genotypes are SNP codes 0/1/2 or allele pairs, missing allowed
 * (a missing locus is compatible with every allele pair). Returns the haplotypes and their
 * frequencies, each person's posterior over haplotype pairs, the log-likelihood and a
 * likelihood-ratio test of linkage disequilibrium. EM runs on `@em/core`'s `runEMWithRestarts`,
 * so `nInit` random starts and `acceleration: 'squarem'` work.
 *
 * @param genotypes One row per person, one entry per locus (see {@link LocusGenotype}).
 *
 * @example
 * ```ts
 * import { haplotypeEM } from '@em/genetics';
 * // Two SNPs in complete LD: only haplotypes 1-1 and 2-2 exist.
 * const fit = haplotypeEM([[0, 0], [1, 1], [2, 2], [1, 1], [0, 0]], { tol: 1e-10 });
 * fit.haplotypes; // [['1', '1'], ['2', '2']]
 * fit.frequencies; // [0.6, 0.4]
 * ```
 */
export function haplotypeEM(genotypes: GenotypeMatrix, options: HaplotypeEMOptions = {}): HaplotypeEMResult {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  const {
    loci,
    snpAlleles,
    missing,
    weights: weightOption,
    insertOrder,
    insertBatchSize,
    minPosterior: minPosteriorOption,
    nInit,
    random,
    seed,
    maxPairs: maxPairsOption,
    ...emOptions
  } = options;
  const encoded = encodeGenotypes(genotypes, { loci, snpAlleles, missing });
  const { nLoci, nPersons } = encoded;
  const weights = readWeights(weightOption, nPersons);
  const order = readOrder(insertOrder, nLoci);
  const batchSize = positiveInteger('insertBatchSize', insertBatchSize, 6);
  const runs = positiveInteger('nInit', nInit, 1);
  const maxPairs = positiveInteger('maxPairs', maxPairsOption, 2_000_000);
  const minPosterior = minPosteriorOption ?? 1e-9;
  if (typeof minPosterior !== 'number' || !(minPosterior >= 0 && minPosterior < 1))
    throw new InvalidOptionError('minPosterior', 'a number in [0, 1)', minPosterior);
  if (random !== undefined && typeof random !== 'function')
    throw new InvalidOptionError('random', 'a function returning uniforms in [0, 1)', random);
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed)))
    throw new InvalidOptionError('seed', 'a safe integer', seed);
  const source = random ?? mulberry32(seed ?? 1);

  const patterns = collapse(encoded, weights);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  let state: State = {
    nHaps: 1,
    hapAlleles: new Int32Array(nLoci).fill(-1),
    pairStart: Int32Array.from({ length: patterns.nPatterns + 1 }, (_, p) => p),
    h1: new Int32Array(patterns.nPatterns),
    h2: new Int32Array(patterns.nPatterns),
  };
  const batches: InsertionBatch[] = [];
  let frequencies: Float64Array = new Float64Array(1).fill(1);
  let stopReason: StopReason = 'converged';
  let totalIter = 0;
  for (let start = 0; start < nLoci; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    for (const l of batch) state = insertLocus(state, patterns, encoded, l, maxPairs);
    // haplo.em's first iteration: frequencies from equal posteriors, then pairs whose posterior
    // under them is below minPosterior are dropped before EM proper (most of a large expansion).
    const start0 = countHaplotypes(state, patterns, uniformPosterior(state, patterns), totalWeight);
    state = trim(state, patterns, posteriors(state, patterns, start0).posterior, minPosterior, nLoci).state;
    const model = batchModel(state, patterns, totalWeight);
    const current = state;
    const fit = runEMWithRestarts(
      model,
      (uniform, run) =>
        countHaplotypes(
          current,
          patterns,
          uniformPosterior(current, patterns, run === 0 ? undefined : uniform),
          totalWeight,
        ),
      { maxIter: 5000, tol: 1e-5, ...emOptions, nInit: runs, random: source },
    );
    const evaluated = posteriors(state, patterns, fit.params);
    batches.push({
      loci: order.slice(0, start + batch.length),
      logLikelihood: evaluated.logLikelihood,
      nIter: fit.nIter,
      converged: fit.converged,
      nPairs: state.h1.length,
      nHaplotypes: state.nHaps,
    });
    totalIter += fit.nIter;
    // An abort or a callback stop ends the restarts in whichever run it came, and the fit with them:
    // the best run's own reason may be 'converged' while a later restart was the one stopped.
    const last = fit.runs.at(-1)!.stopReason;
    stopReason = last === 'aborted' || last === 'callback' ? last : fit.stopReason;
    const trimmed = trim(state, patterns, evaluated.posterior, minPosterior, nLoci);
    state = trimmed.state;
    frequencies = countHaplotypes(state, patterns, trimmed.posterior, totalWeight);
    if (stopReason === 'aborted' || stopReason === 'callback') break;
  }
  requireIterations({ nIter: totalIter }, 'haplotypeEM');
  const final = posteriors(state, patterns, frequencies);
  if (!Number.isFinite(final.logLikelihood))
    throw new InvalidInputError('genotypes', 'genotypes with a positive likelihood', final.logLikelihood);
  return assemble(encoded, patterns, state, frequencies, final, {
    batches,
    stopReason,
    nIter: totalIter,
  });
}

function assemble(
  encoded: EncodedGenotypes,
  patterns: Patterns,
  state: State,
  frequencies: Float64Array,
  final: { posterior: Float64Array; logLikelihood: number },
  run: { batches: InsertionBatch[]; stopReason: StopReason; nIter: number },
): HaplotypeEMResult {
  const { nLoci, nPersons, alleles } = encoded;
  // Haplotypes sorted by allele index, locus by locus (haplo.em's order).
  const order = Array.from({ length: state.nHaps }, (_, h) => h).sort((x, y) => {
    for (let l = 0; l < nLoci; l++) {
      const d = state.hapAlleles[x * nLoci + l]! - state.hapAlleles[y * nLoci + l]!;
      if (d !== 0) return d;
    }
    return 0;
  });
  const rank = new Int32Array(state.nHaps);
  order.forEach((h, i) => {
    rank[h] = i;
  });
  const haplotypes = order.map((h) =>
    Array.from({ length: nLoci }, (_, l) => alleles[l]![state.hapAlleles[h * nLoci + l]!]!),
  );
  const sortedFrequencies = order.map((h) => frequencies[h]!);

  const personStart = new Int32Array(nPersons + 1);
  for (let i = 0; i < nPersons; i++) {
    const p = patterns.patternOf[i]!;
    personStart[i + 1] = personStart[i]! + state.pairStart[p + 1]! - state.pairStart[p]!;
  }
  const total = personStart[nPersons]!;
  const hap1 = new Int32Array(total);
  const hap2 = new Int32Array(total);
  const posterior = new Float64Array(total);
  for (let i = 0; i < nPersons; i++) {
    const p = patterns.patternOf[i]!;
    let at = personStart[i]!;
    for (let j = state.pairStart[p]!; j < state.pairStart[p + 1]!; j++, at++) {
      const a = rank[state.h1[j]!]!;
      const b = rank[state.h2[j]!]!;
      hap1[at] = Math.min(a, b);
      hap2[at] = Math.max(a, b);
      posterior[at] = final.posterior[j]!;
    }
  }
  const equilibrium = linkageEquilibrium(encoded, patterns);
  const alleleCounts = equilibrium.freq.map((f) => f.filter((v) => v > 0).length);
  const alleleDf = alleleCounts.reduce((s, k) => s + k - 1, 0);
  const possible = alleleCounts.reduce((s, k) => s * k, 1);
  const df = possible - 1 - alleleDf;
  const dfObserved = sortedFrequencies.filter((f) => f > 1e-7).length - 1 - alleleDf;
  const statistic = 2 * (final.logLikelihood - equilibrium.logLikelihood);
  return {
    loci: encoded.loci,
    alleles: alleles.map((list) => [...list]),
    haplotypes,
    frequencies: sortedFrequencies,
    logLikelihood: final.logLikelihood,
    nPersons,
    personStart,
    hap1,
    hap2,
    posterior,
    alleleFrequencies: equilibrium.freq.map((f) => Array.from(f)),
    ldTest: {
      logLikelihoodNoLD: equilibrium.logLikelihood,
      statistic,
      df,
      dfObserved,
      pValue: df >= 1 && Number.isFinite(df) ? chiSquareSurvival(Math.max(0, statistic), df) : null,
    },
    batches: run.batches,
    converged: run.batches.every((b) => b.converged),
    stopReason: run.stopReason,
    nIter: run.nIter,
  };
}
