/**
 * `@em/distributed`: the E-step of a Gaussian mixture, a Poisson, Bernoulli or categorical mixture, a
 * hidden Markov model or an item response model as map–reduce over data shards, on BullMQ workers that share a Redis server. Exact EM: the same numbers as a single-process fit.
 *
 * @packageDocumentation
 */
export type { DistributedCheckpoint } from './checkpoint.js';
export { resumeOptions } from './checkpoint.js';
export type { RedisConnection } from './connection.js';
export type { DistributedFitOptions, DistributedModel } from './coordinator.js';
export { fitDistributed } from './coordinator.js';
export { MissingShardError, ServiceUnavailableError, ShardFailedError } from './errors.js';
export type { EStepWorker, WorkerOptions } from './worker.js';
export { startWorker } from './worker.js';
