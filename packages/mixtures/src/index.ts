/**
 * `@em/mixtures`: mixtures beyond Gaussians, fitted by EM on `@em/core` — latent classes (Bernoulli,
 * categorical), topics (multinomial, semi-supervised), counts (Poisson) and regression lines.
 *
 * @packageDocumentation
 */
export type { BernoulliMixtureOptions } from './bernoulli.js';
export { BernoulliMixture } from './bernoulli.js';
export type { CategoricalMixtureOptions } from './categorical.js';
export { CategoricalMixture } from './categorical.js';
export { adjustedRandIndex } from './metrics.js';
export type { PreparedData, WeightedParams } from './mixture-base.js';
export { MixtureModel } from './mixture-base.js';
export type { MultinomialFitOptions, MultinomialMixtureOptions } from './multinomial.js';
export { MultinomialMixture } from './multinomial.js';
export type { MixturePartialFitOptions } from './online.js';
export type { MixtureOptions } from './options.js';
export type { PoissonMixtureOptions } from './poisson.js';
export { PoissonMixture } from './poisson.js';
export type { RegressionFamily, RegressionMixtureOptions } from './regression.js';
export { RegressionMixture } from './regression.js';
export type { SelectableMixture, Selection, SelectionRow, SelectModelOptions } from './select.js';
export { selectModel } from './select.js';
export type { MixtureJSON } from './serialize.js';
export { MIXTURES_SCHEMA_VERSION } from './serialize.js';
export type { CountInput, IndexCountPairs, SparseCountMatrix } from './sparse.js';
export { sparseCounts } from './sparse.js';
export type { MixtureStreamOptions } from './stream.js';
export type {
  MixtureShardScan,
  MixtureShardStatistics,
  MixtureStatisticsSource,
  ShardScanOptions,
  WireRecord,
  WireValue,
} from './wire.js';
