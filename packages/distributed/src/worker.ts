import { InvalidOptionError } from '@em/core';
import type { ChunkSource } from '@em/gaussian';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { bullConnection, type RedisConnection, readQueueName } from './connection.js';
import { MISSING_SHARD, type ShardJob } from './protocol.js';
import { SHARD_MODELS } from './registry.js';

/**
 * Options of {@link startWorker}.
 *
 * @example
 * ```ts
 * import type { WorkerOptions } from '@em/distributed';
 * const options: WorkerOptions = { connection: { port: 6390 }, queue: 'telemetry', lockDuration: 10_000 };
 * ```
 */
export interface WorkerOptions {
  /** Where Redis is: the same server as the coordinator's. */
  connection: RedisConnection;
  /** Queue name shared with the coordinator. Default `'em-estep'`. */
  queue?: string;
  /** Jobs this worker runs at once. Default 1 (one E-step uses one core). */
  concurrency?: number;
  /**
   * Milliseconds a job's lock lasts without renewal: a worker that dies (kill -9) holding a job is
   * noticed after about this long and the job goes to another worker (BullMQ's stalled-job check).
   * Default 30 000.
   */
  lockDuration?: number;
  /**
   * How a shard's location becomes data. Default: the location is a file path (CSV or raw float64;
   * JSON Lines of sequences for a hidden Markov model, of persons' responses for an item response
   * model). For sequences: one sequence per chunk; for responses: rows of responses per chunk.
   */
  openShard?: (location: string) => ChunkSource;
}

/**
 * A running worker: `close()` finishes the current job and disconnects.
 *
 * @example
 * ```ts
 * import { type EStepWorker, startWorker } from '@em/distributed';
 * const worker: EStepWorker = startWorker({ connection: { port: 6390 }, queue: 'telemetry' });
 * await worker.close();
 * ```
 */
export interface EStepWorker {
  /** Finishes the job in hand, stops taking jobs and disconnects. */
  close(): Promise<void>;
}

/**
 * Starts a worker that answers the coordinator's jobs: the first pass over a shard (rows, columns,
 * a sample) and E-steps over it under given parameters, for the model each job names — a
 * `GaussianMixture` (`mixtureStatistics`), a Poisson, Bernoulli or categorical mixture of
 * `@em/mixtures` (`shardStatistics`) or a `HiddenMarkovModel` of `@em/hmm` (its `shardStatistics`:
 * forward–backward over a shard of sequences). Run one per core, on
 * any machine that reaches Redis and the shards. Retries, stalled-job detection and concurrency are
 * BullMQ's.
 *
 * @example
 * ```ts
 * import { startWorker } from '@em/distributed';
 * const worker = startWorker({ connection: { host: '127.0.0.1', port: 6390 } });
 * // … it answers jobs until closed (on SIGTERM, say):
 * await worker.close();
 * ```
 */
export function startWorker(options: WorkerOptions): EStepWorker {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  const { connection, concurrency = 1, lockDuration = 30_000, openShard } = options;
  if (typeof connection !== 'object' || connection === null) {
    throw new InvalidOptionError('connection', 'an object such as { host, port }', connection);
  }
  if (openShard !== undefined && typeof openShard !== 'function') {
    throw new InvalidOptionError('openShard', 'a function from a shard location to its rows', openShard);
  }
  const queue = readQueueName(options.queue);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidOptionError('concurrency', 'an integer >= 1', concurrency);
  }
  if (!Number.isFinite(lockDuration) || lockDuration < 100) {
    throw new InvalidOptionError('lockDuration', 'a number of milliseconds >= 100', lockDuration);
  }
  const worker = new Worker<ShardJob>(queue, (job) => answer(job, openShard), {
    connection: bullConnection(connection, false),
    concurrency,
    lockDuration,
    stalledInterval: Math.max(50, Math.floor(lockDuration / 2)),
  });
  // Connection trouble is BullMQ's to retry; keep it from crashing the process.
  worker.on('error', () => undefined);
  return { close: () => worker.close() };
}

async function answer(job: Job<ShardJob>, openShard: WorkerOptions['openShard']): Promise<unknown> {
  const { data } = job;
  let source: ChunkSource;
  try {
    source = openShard ? openShard(data.location) : data.location;
  } catch (error) {
    throw new UnrecoverableError(`${MISSING_SHARD} ${(error as Error).message}`);
  }
  // Format options are for files and Blobs; an openShard that returns chunks has none.
  const read =
    typeof source === 'string' || (typeof Blob === 'function' && source instanceof Blob) ? data.read : {};
  const model = Object.hasOwn(SHARD_MODELS, data.model ?? 'gaussian')
    ? SHARD_MODELS[data.model ?? 'gaussian']
    : undefined;
  // A model this worker does not know will not become known on a retry.
  if (!model)
    throw new UnrecoverableError(
      `This worker runs no model named '${data.model}' (it knows: ${Object.keys(SHARD_MODELS).join(', ')}).`,
    );
  try {
    if (data.kind === 'scan') return await model.scan(source, read, data.sampleSize, data.randomState);
    return await model.statistics(data.params, source, read);
  } catch (error) {
    // A shard that is not there will not appear on a retry: fail the job at once. (@em/gaussian
    // names a file it cannot open with the system's code as the received value.)
    const code =
      (error as { received?: unknown; code?: unknown }).received ?? (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      throw new UnrecoverableError(`${MISSING_SHARD} ${(error as Error).message}`);
    }
    // Bad data will not get better either.
    throw new UnrecoverableError((error as Error).message);
  }
}
