/**
 * `@em/genetics`: EM where it was born — allele frequencies by gene counting, haplotype
 * frequencies from unphased genotypes.
 *
 * @packageDocumentation
 */
export type {
  AlleleFrequencyOptions,
  AlleleFrequencyResult,
  GenotypeCount,
  HardyWeinbergTest,
  PhenotypeCount,
  PhenotypeData,
} from './allele-frequencies.js';
export { alleleFrequencies } from './allele-frequencies.js';
export { AlleleFrequencyModel } from './allele-model.js';
export type { OnlineAlleleOptions } from './allele-online.js';
export { OnlineAlleleFrequencies } from './allele-online.js';
export type { AlleleStreamOptions, PhenotypeTable } from './allele-stream.js';
export { alleleFrequenciesFromScans, alleleFrequenciesStream, scanPhenotypeShard } from './allele-stream.js';
export { GenotypeError } from './errors.js';
export type { GenotypeTable } from './genotype-table.js';
export type { Allele, GenotypeMatrix, LocusGenotype } from './genotypes.js';
export type {
  HaplotypeEMOptions,
  HaplotypeEMResult,
  InsertionBatch,
  LinkageDisequilibriumTest,
} from './haplotype-em.js';
export { haplotypeEM } from './haplotype-em.js';
export type { HaplotypeStreamOptions, HaplotypeStreamResult } from './haplotype-stream.js';
export {
  HaplotypeEMModel,
  haplotypeEMFromScans,
  haplotypeEMStream,
  scanGenotypeShard,
} from './haplotype-stream.js';
export type { PhenotypeSystem, PhenotypeSystemSpec } from './phenotype-system.js';
export { ABO, definePhenotypeSystem } from './phenotype-system.js';
export type { PhasedPair, SampledPairs, SamplePairsOptions } from './sample-pairs.js';
export { personPairs, sampleHaplotypePairs } from './sample-pairs.js';
