/**
 * `@em/hmm`: hidden Markov models fitted by Baum–Welch (EM), with hmmlearn's API camelCased.
 *
 * @packageDocumentation
 */
export { SequenceInputError } from './errors.js';
export { HiddenMarkovModel } from './hidden-markov-model.js';
export type { HmmPartialFitOptions } from './online.js';
export type { WorkerPoolOptions } from './parallel/pool.js';
export { createWorkerPool, WorkerFailedError, WorkerPool } from './parallel/pool.js';
export type { HiddenMarkovModelJSON } from './serialize.js';
export { HMM_FORMAT, HMM_SCHEMA_VERSION } from './serialize.js';
export type {
  HmmShardScan,
  HmmShardStatistics,
  HmmStatisticsSource,
  HmmWireRecord,
  HmmWireValue,
} from './shard.js';
export type { HmmStreamOptions } from './stream.js';
export type {
  CovarianceType,
  DecodeAlgorithm,
  DecodeOptions,
  DecodeResult,
  EmissionType,
  FitAsyncOptions,
  HiddenMarkovModelOptions,
  HmmParameters,
  HmmSample,
  NestedNumbers,
  ProbabilityInput,
  SampleOptions,
  ScoreSamplesResult,
  SequenceInput,
} from './types.js';
