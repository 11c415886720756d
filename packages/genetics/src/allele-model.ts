// alleleFrequencies as an object (its system and options now, its result after a fit): the form
// @em/distributed's fitDistributed takes, as HaplotypeEMModel is for haplotypes.
import { InvalidOptionError } from '@em/core';
import type { StreamSource } from '@em/core/stream';
import type { AlleleFrequencyResult, PhenotypeData } from './allele-frequencies.js';
import {
  type AlleleStreamOptions,
  alleleFrequenciesFromScans,
  alleleFrequenciesStream,
  type PhenotypeTable,
  scanPhenotypeShard,
} from './allele-stream.js';
import { compileSystem, type PhenotypeSystem } from './phenotype-system.js';

/**
 * {@link alleleFrequencies} as an object — its phenotype system and options now, its result after a
 * fit — the form `@em/distributed`'s `fitDistributed` takes: workers run
 * {@link AlleleFrequencyModel.scanShard} (or {@link scanPhenotypeShard} without a system) on their
 * shards, one job each, and the coordinator {@link AlleleFrequencyModel.fitFromScans}. Gene counting
 * reads the data only as a count per phenotype, so no E-step crosses the wire: the fit is
 * alleleFrequencies' on all the persons, bit for bit.
 *
 * @example
 * ```ts
 * import { ABO, AlleleFrequencyModel, alleleFrequencies } from '@em/genetics';
 * const shards = [['A', 'O', 'O'], ['AB', 'B', 'O'], ['A', 'O']];
 * const model = new AlleleFrequencyModel(ABO);
 * const scans = await Promise.all(shards.map((people) => model.scanShard([people])));
 * model.fitFromScans(scans).frequencies.length; // 3
 * model.result!.logLikelihood === alleleFrequencies(shards.flat(), ABO).logLikelihood; // true
 * ```
 */
export class AlleleFrequencyModel {
  /** `'AlleleFrequencyModel'`: how `@em/distributed` recognises it. */
  readonly kind = 'AlleleFrequencyModel';
  /** The phenotype system of every fit. */
  readonly system: PhenotypeSystem;
  /** The options of every fit. */
  readonly options: AlleleStreamOptions;
  /** The last fit (undefined before one). */
  result: AlleleFrequencyResult | undefined;

  /** @throws InvalidInputError for a malformed system; InvalidOptionError for options that are not an object. */
  constructor(system: PhenotypeSystem, options: AlleleStreamOptions = {}) {
    this.system = compileSystem(system).system;
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object', options);
    this.options = options;
  }

  /** {@link alleleFrequenciesStream} with this model's system and options, kept in `result`. */
  async fitStream(source: StreamSource<PhenotypeData>): Promise<AlleleFrequencyResult> {
    this.result = await alleleFrequenciesStream(source, this.system, this.options);
    return this.result;
  }

  /** {@link scanPhenotypeShard} with this model's system. */
  scanShard(source: StreamSource<PhenotypeData>): Promise<PhenotypeTable> {
    return scanPhenotypeShard(source, this.system);
  }

  /** {@link alleleFrequenciesFromScans} with this model's system and options, kept in `result`. */
  fitFromScans(scans: readonly PhenotypeTable[]): AlleleFrequencyResult {
    const { onProgress: _, ...options } = this.options;
    this.result = alleleFrequenciesFromScans(scans, this.system, options);
    return this.result;
  }
}
