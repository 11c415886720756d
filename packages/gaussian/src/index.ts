/**
 * `@em/gaussian`: Gaussian mixture models fitted by EM, with scikit-learn's API and numbers.
 *
 * @packageDocumentation
 */
// The data shapes every method accepts, converted by @em/core's one converter.
export type { DataInput, FlatMatrix, MatrixLike } from '@em/core/numeric';
// The same class as @em/core/stream's: every streamed model's fit throws it.
export { SourceNotReReadableError } from '@em/core/stream';
export { BayesianGaussianMixture } from './bayesian/bayesian-mixture.js';
export type {
  BayesianGaussianMixtureOptions,
  ResolvedBayesianOptions,
  WeightConcentrationPriorType,
} from './bayesian/options.js';
export type { BayesianGaussianMixtureJSON } from './bayesian/serialize.js';
export type { BayesianMixtureParams } from './bayesian/variational.js';
export type { Collapse } from './collapse.js';
export { findCollapse } from './collapse.js';
export { SingularCovarianceError } from './errors.js';
export { GaussianMixture } from './gaussian-mixture.js';
export { NoIterationError } from './initialised-only.js';
export type { KernelMode } from './kernels/specialized/types.js';
export { compileWasmKernels } from './kernels/wasm/module.js';
export type { ClassErrorResult } from './mclust/agreement.js';
export { adjustedRandIndex, classError } from './mclust/agreement.js';
export type { HcModel, HierarchicalClusteringOptions, HierarchicalTree } from './mclust/hc.js';
export { HC_MAX_ROWS, HC_MODELS, hierarchicalClustering } from './mclust/hc.js';
export type { HcUse } from './mclust/hc-transform.js';
export { HC_USES } from './mclust/hc-transform.js';
export { hierarchicalClasses } from './mclust/hclass.js';
export type { MclustModelName } from './mclust/models.js';
export { MCLUST_MODELS, mclustParameterCount } from './mclust/models.js';
export type { NoiseGuessOptions } from './mclust/noise/guess.js';
export { noiseGuess } from './mclust/noise/guess.js';
export type { NoiseRule, NoiseRuleBlock } from './mclust/noise/rule.js';
export type { NoiseJSON } from './mclust/noise/serialize.js';
export type { NoiseMixtureFit, NoiseMixtureOptions } from './mclust/noise.js';
export { fitNoiseMixture, hypervolume } from './mclust/noise.js';
export { defaultPrior } from './mclust/prior/default-prior.js';
export type { PriorHyperparameters, PriorModelName } from './mclust/prior/hyperparameters.js';
export { PRIOR_MODELS } from './mclust/prior/hyperparameters.js';
export type { PriorInput, PriorOption } from './mclust/prior/option.js';
export type { PartialFitOptions } from './online/schedule.js';
export type { ResolvedMixtureOptions } from './options.js';
export type { WorkerPoolOptions } from './parallel/pool.js';
export { createWorkerPool, WorkerPool } from './parallel/pool.js';
export { closeSharedWorkerPools } from './parallel/shared-pools.js';
export type { WorkerFailure } from './parallel/worker-error.js';
export { WorkerError } from './parallel/worker-error.js';
export type {
  ModelProgress,
  ModelScore,
  ModelSelection,
  ModelStart,
  ModelStatus,
  SelectModelOptions,
} from './select.js';
export { selectModel, selectModelAsync } from './select.js';
export { ModelSelectionError } from './select-error.js';
export type { GaussianMixtureJSON, NestedNumbers } from './serialize.js';
export { MIXTURE_FORMAT, MIXTURE_SCHEMA_VERSION } from './serialize.js';
export type { StreamFitOptions, StreamProgress } from './streaming/fit-stream.js';
export { hypervolumeOfSource } from './streaming/hypervolume.js';
export { readChunks } from './streaming/read-chunks.js';
export type { ScanOptions, SourceScan } from './streaming/scan.js';
export { scanSource } from './streaming/scan.js';
export type { ChunkSource, SourceFormatOptions } from './streaming/source.js';
export type { MixtureStatistics, StatisticsOptions, StatisticsSource } from './streaming/statistics.js';
export { mixtureStatistics } from './streaming/statistics.js';
export type {
  CovarianceInit,
  CovarianceModel,
  CovarianceType,
  FitStep,
  GaussianMixtureOptions,
  ImputeSamplesOptions,
  InitParams,
  MissingValues,
  MixtureParams,
  NoiseParams,
} from './types.js';
export type {
  UnivariateChunk,
  UnivariateChunkSource,
  UnivariateGaussianMixtureOptions,
} from './univariate.js';
export { UnivariateGaussianMixture } from './univariate.js';
