// Stepwise (online) EM for gene counting: running per-person averages of the expected allele
// counts, s ← (1 − η_t) s + η_t ŝ(batch) / n_batch, and p = s / 2 (each person carries two alleles)
// (Cappé & Moulines 2009; the mini-batch form of Liang & Klein 2009).
import { InvalidOptionError } from '@em/core';
import { readStepSizeOptions, type StepSizeOptions, stepSize } from '@em/core/stream';
import { initialFrequencies, type PhenotypeData, phenotypeCounts } from './allele-frequencies.js';
import { type CompiledSystem, compileSystem, type PhenotypeSystem } from './phenotype-system.js';

/**
 * Options of {@link OnlineAlleleFrequencies}: the step sizes η_t = (t + t0)^(−α) of `@em/core/stream`
 * (as every package's `partialFit`) and the starting frequencies.
 *
 * @example
 * ```ts
 * import type { OnlineAlleleOptions } from '@em/genetics';
 * const options: OnlineAlleleOptions = { alpha: 0.7, t0: 2, initial: [0.3, 0.1, 0.6] };
 * ```
 */
export interface OnlineAlleleOptions extends StepSizeOptions {
  /** Starting allele frequencies, in the order of `system.alleles` (positive; rescaled to sum 1). Default: equal. */
  initial?: readonly number[];
}

/**
 * Allele frequencies by stepwise (online) EM, one batch of phenotypes at a time, for data that keeps
 * arriving: each {@link OnlineAlleleFrequencies.partialFit} runs the E-step of gene counting on the
 * batch at the current frequencies and moves the running per-person expected allele counts a step
 * η_t towards the batch's. The first batch takes its statistics as they are (one EM iteration on it).
 * For data that can be read again, {@link alleleFrequenciesStream} gives the exact fit in one pass
 * (gene counting needs only the counts per phenotype), so online EM is for streams that never end or
 * whose frequencies drift.
 *
 * @example
 * ```ts
 * import { ABO, OnlineAlleleFrequencies } from '@em/genetics';
 * const online = new OnlineAlleleFrequencies(ABO);
 * for (let pass = 0; pass < 50; pass++) online.partialFit({ A: 186, B: 38, AB: 13, O: 284 });
 * online.frequencies.map((p) => p.toFixed(2)); // ['0.21', '0.05', '0.74']: near the batch fit's
 * ```
 */
export class OnlineAlleleFrequencies {
  /** Batches seen (t). */
  updates = 0;
  private readonly compiled: CompiledSystem;
  private readonly schedule: Required<StepSizeOptions>;
  private p: Float64Array;
  /** Running per-person expected allele counts (sum 2). */
  private stats: Float64Array | undefined;

  /**
   * @throws InvalidOptionError for bad step sizes (α outside (0.5, 1], t0 < 0) or starting frequencies.
   */
  constructor(system: PhenotypeSystem, options: OnlineAlleleOptions = {}) {
    this.compiled = compileSystem(system);
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object', options);
    const { initial, ...steps } = options;
    this.schedule = readStepSizeOptions(steps);
    this.p = initialFrequencies(initial, this.compiled.system.alleles.length);
  }

  /** The current allele frequencies, in the order of the system's alleles. */
  get frequencies(): number[] {
    return Array.from(this.p);
  }

  /**
   * One stepwise-EM update from a batch (counts by phenotype, or one phenotype name per person).
   *
   * @throws GenotypeError / InvalidInputError for a phenotype the system lacks or a bad count, as
   * {@link alleleFrequencies}.
   */
  partialFit(batch: PhenotypeData): this {
    const { phenotypeNames, genotypes } = this.compiled;
    const counts = phenotypeCounts(batch, this.compiled.system, phenotypeNames);
    const batchStats = new Float64Array(this.p.length);
    let n = 0;
    counts.forEach((nj, j) => {
      if (nj === 0) return;
      n += nj;
      let total = 0;
      for (const [a, b] of genotypes[j]!) total += probability(this.p, a, b);
      for (const [a, b] of genotypes[j]!) {
        const share = (nj * probability(this.p, a, b)) / total;
        batchStats[a]! += share;
        batchStats[b]! += share;
      }
    });
    const eta = stepSize(++this.updates, this.schedule);
    const before = this.stats;
    this.stats = batchStats.map((s, a) => (before ? (1 - eta) * before[a]! : 0) + (eta * s) / n);
    this.p = this.stats.map((s) => s / 2);
    return this;
  }

  /**
   * Σ nⱼ log P(phenotype j) of `data` at the current frequencies: the log-likelihood
   * {@link alleleFrequencies} reports, for held-out data.
   *
   * @example
   * ```ts
   * import { ABO, OnlineAlleleFrequencies } from '@em/genetics';
   * const equal = new OnlineAlleleFrequencies(ABO);
   * equal.logLikelihood({ O: 1 }); // log(1/9): P(O) = (1/3)²
   * ```
   */
  logLikelihood(data: PhenotypeData): number {
    const { phenotypeNames, genotypes } = this.compiled;
    const counts = phenotypeCounts(data, this.compiled.system, phenotypeNames);
    let total = 0;
    counts.forEach((nj, j) => {
      if (nj === 0) return;
      let pj = 0;
      for (const [a, b] of genotypes[j]!) pj += probability(this.p, a, b);
      total += nj * Math.log(pj);
    });
    return total;
  }
}

const probability = (p: Float64Array, a: number, b: number) => (a === b ? p[a]! * p[a]! : 2 * p[a]! * p[b]!);
