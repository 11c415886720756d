import { EMError, InvalidInputError, InvalidOptionError } from '@em/core';
import type { BayesianGaussianMixture, GaussianMixture, SourceFormatOptions } from '@em/gaussian';
import type { AlleleFrequencyModel, HaplotypeEMModel } from '@em/genetics';
import type { HiddenMarkovModel } from '@em/hmm';
import type { StreamingMlem } from '@em/imaging';
import type { ItemResponseModel } from '@em/irt';
import type { LinearMixedModel } from '@em/mixed';
import type {
  BernoulliMixture,
  CategoricalMixture,
  MultinomialMixture,
  PoissonMixture,
  RegressionMixture,
} from '@em/mixtures';
import { Queue } from 'bullmq';
import type { DistributedCheckpoint } from './checkpoint.js';
import {
  bullConnection,
  checkReachable,
  describeConnection,
  type RedisConnection,
  readQueueName,
} from './connection.js';
import { MissingShardError, ServiceUnavailableError, ShardFailedError } from './errors.js';
import { MISSING_SHARD, type ShardJob } from './protocol.js';
import { KNOWN_MODELS, shardModelFor } from './registry.js';

/**
 * A model {@link fitDistributed} fits: a `GaussianMixture` of `@em/gaussian`, a Poisson, Bernoulli,
 * categorical, multinomial or regression mixture of `@em/mixtures` (the mixtures whose statistics add
 * up across shards; a regression's shards hold rows [x₁ … x_d, y]), a
 * `HiddenMarkovModel` of `@em/hmm` (any emission type; shards of sequences), a `LinearMixedModel` of
 * `@em/mixed` with one grouping factor and factors nested in it to any depth (shards of JSON Lines chunks, each
 * group in one shard), an
 * `ItemResponseModel` of `@em/irt` (any item type; shards of persons' responses), or a
 * `HaplotypeEMModel` or `AlleleFrequencyModel` of `@em/genetics` (shards of persons).
 *
 * @example
 * ```ts
 * import type { DistributedModel } from '@em/distributed';
 * import { HiddenMarkovModel } from '@em/hmm';
 * import { PoissonMixture } from '@em/mixtures';
 * const models: DistributedModel[] = [
 *   new PoissonMixture({ nComponents: 3, randomState: 0 }),
 *   new HiddenMarkovModel({ nStates: 2, emission: 'poisson', randomState: 0 }),
 * ];
 * ```
 */
export type DistributedModel =
  | GaussianMixture
  | BayesianGaussianMixture
  | PoissonMixture
  | BernoulliMixture
  | CategoricalMixture
  | MultinomialMixture
  | RegressionMixture
  | HiddenMarkovModel
  | StreamingMlem
  | HaplotypeEMModel
  | AlleleFrequencyModel
  | LinearMixedModel
  | ItemResponseModel;

/**
 * Options of {@link fitDistributed}.
 *
 * @example
 * ```ts
 * import type { DistributedFitOptions } from '@em/distributed';
 * const options: DistributedFitOptions = {
 *   connection: { host: '127.0.0.1', port: 6390 },
 *   shards: ['/data/part-0.f64', '/data/part-1.f64', '/data/part-2.f64'],
 *   read: { format: 'float64', columns: 8 },
 * };
 * ```
 */
export interface DistributedFitOptions {
  /** Where Redis is: the server the workers listen on. */
  connection: RedisConnection;
  /** Queue name shared with the workers. Default `'em-estep'`. */
  queue?: string;
  /**
   * Where each shard is, as the workers' `openShard` understands it (by default a file path: CSV or
   * raw float64 rows; for a `HiddenMarkovModel`, JSON Lines, one sequence per line; for an
   * `ItemResponseModel`, a `.jsonl` file of one person's responses per line, or CSV or float64 rows).
   */
  shards: string[];
  /** How the shards are read (CSV or raw float64), as `fitStream`'s options (not for sequences). */
  read?: SourceFormatOptions;
  /**
   * Rows (sequences, for a `HiddenMarkovModel`) drawn uniformly, in all, for the data-driven
   * initialisation. When the shards hold no more than this, all are used, in order: the
   * initialisation `fit` makes. Default 20 000.
   */
  initSample?: number;
  /** Milliseconds within which the workers must finish one pass over all shards. Default 600 000. */
  passTimeoutMs?: number;
  /** Milliseconds Redis may stay unreachable (at the start or mid-fit) before the fit fails. Default 3 000. */
  connectTimeoutMs?: number;
  /** Called after each pass (1: the scan; then one per E-step) with the seconds it took. */
  onPass?: (pass: number, seconds: number) => void;
}

const KEYS = [
  'connection',
  'queue',
  'shards',
  'read',
  'initSample',
  'passTimeoutMs',
  'connectTimeoutMs',
  'onPass',
];
const POLL_MS = 5;

/**
 * Fits `model` by EM with the E-step as map–reduce over shards: a `GaussianMixture`; a Poisson,
 * Bernoulli, categorical, multinomial or regression mixture of `@em/mixtures`, unfitted or with
 * `warmStart` (a Poisson or logistic regression's Newton trials are further passes); a
 * `HiddenMarkovModel` of `@em/hmm`, whose E-step is forward–backward over each shard's sequences; an
 * item response model of `@em/irt`; a linear mixed model of `@em/mixed` (shards of whole groups);
 * a `StreamingMlem` of `@em/imaging`, whose shards are ranges of angles; or a `HaplotypeEMModel` of
 * `@em/genetics`, whose shards are tallied once into tables of distinct genotype rows (an
 * `AlleleFrequencyModel`'s, into phenotype counts). It runs
 * on BullMQ: each pass enqueues one job per shard with the current parameters and the
 * model's name in the workers' registry, workers
 * ({@link startWorker}, any number, on any machine) return each shard's statistics, and this
 * process adds them in shard order and runs the M-step. The first pass counts the rows and draws
 * the initialisation sample. Results equal a single-process `fit` on the concatenated shards to
 * rounding (1e-12 relative in the tests). Redis unreachable, lost mid-fit or restarted without its
 * data: a {@link ServiceUnavailableError} carrying a checkpoint (Gaussian mixtures); a shard nobody
 * can read: a {@link MissingShardError}.
 *
 * @example
 * ```ts
 * import { GaussianMixture } from '@em/gaussian';
 * import { fitDistributed } from '@em/distributed';
 * // `shards`: raw float64 files of 4 columns that every worker can read.
 * const model = new GaussianMixture({ nComponents: 3, randomState: 0 });
 * await fitDistributed(model, { connection: { port: 6390 }, shards, read: { format: 'float64', columns: 4 } });
 * model.converged; // true
 * model.means;     // the means model.fit(all rows) finds
 * ```
 */
export async function fitDistributed<M extends DistributedModel>(
  model: M,
  options: DistributedFitOptions,
): Promise<M> {
  const entry = shardModelFor(model);
  if (!entry) throw new InvalidInputError('model', KNOWN_MODELS, model);
  const seed = entry.seed(model);
  const settings = readOptions(options);
  const { connection, shards, read } = settings;
  await checkReachable(connection, settings.connectTimeoutMs);
  const queue = new Queue<ShardJob>(settings.queue, { connection: bullConnection(connection, true) });
  queue.on('error', () => undefined);
  const fit = `${Date.now().toString(36)}-${Math.floor(Math.random() * 2 ** 32).toString(36)}`;
  let pass = 0;
  let checkpoint: DistributedCheckpoint | undefined;

  /** One job per shard, their results in shard order. */
  const runPass = async <R>(job: (shard: number, location: string) => ShardJob): Promise<R[]> => {
    pass++;
    const started = performance.now();
    const ids = shards.map((_, shard) => `${fit}-${pass}-${shard}`);
    await guard(
      () =>
        queue.addBulk(
          shards.map((location, shard) => ({
            name: `pass-${pass}`,
            data: job(shard, location),
            opts: {
              jobId: ids[shard],
              attempts: 1,
              removeOnComplete: { age: 3600 },
              removeOnFail: { age: 3600 },
            },
          })),
        ),
      `enqueueing pass ${pass}`,
    );
    const results: R[] = new Array(shards.length);
    const pending = new Set(ids.keys());
    let unreachableSince: number | undefined;
    while (pending.size > 0) {
      if (performance.now() - started > settings.passTimeoutMs) {
        throw new ServiceUnavailableError(
          `No worker finished shard ${[...pending][0]} of pass ${pass} within ${settings.passTimeoutMs} ms: are workers running on queue '${settings.queue}'?`,
          checkpoint,
        );
      }
      try {
        for (const shard of [...pending]) {
          const found = await queue.getJob(ids[shard]!);
          if (!found) {
            throw new ServiceUnavailableError(
              `Redis at ${describeConnection(connection)} lost the job of shard ${shard} in pass ${pass} (restarted without persistence, or flushed).`,
              checkpoint,
            );
          }
          if (found.finishedOn === undefined) continue;
          if (found.failedReason) throw failure(shard, shards[shard]!, found.failedReason);
          results[shard] = found.returnvalue as R;
          pending.delete(shard);
          found.remove().catch(() => undefined);
        }
        unreachableSince = undefined;
      } catch (error) {
        if (error instanceof EMError) throw error;
        // A command failed: Redis is down or restarting. Give it connectTimeoutMs to come back.
        unreachableSince ??= performance.now();
        if (performance.now() - unreachableSince > settings.connectTimeoutMs) {
          throw new ServiceUnavailableError(
            `Lost the connection to Redis at ${describeConnection(connection)} during pass ${pass}: ${(error as Error).message}.`,
            checkpoint,
          );
        }
      }
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    settings.onPass?.(pass, (performance.now() - started) / 1000);
    return results;
  };

  const guard = async <T>(run: () => Promise<T>, what: string): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Redis at ${describeConnection(connection)} failed ${what}: ${(error as Error).message}.`,
        checkpoint,
      );
    }
  };

  try {
    const scans = await runPass<unknown>((shard, location) => ({
      kind: 'scan',
      model: entry.name,
      shard,
      location,
      read,
      sampleSize: settings.initSample,
      randomState: seed + shard,
    }));
    await entry.fit(model, {
      scans,
      initSample: settings.initSample,
      seed,
      statistics: (params) =>
        runPass<unknown>((shard, location) => ({
          kind: 'estep',
          model: entry.name,
          shard,
          location,
          read,
          params,
        })),
      checkpoint: (saved) => {
        checkpoint = saved as DistributedCheckpoint;
      },
    });
    return model;
  } finally {
    await queue.close().catch(() => undefined);
  }
}

function failure(shard: number, location: string, reason: string): EMError {
  if (reason.startsWith(MISSING_SHARD))
    return new MissingShardError(shard, location, reason.slice(MISSING_SHARD.length).trim());
  return new ShardFailedError(shard, location, reason);
}

function readOptions(options: DistributedFitOptions) {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) {
      throw new InvalidOptionError(
        key,
        `no such option of fitDistributed (known: ${KEYS.join(', ')})`,
        (options as unknown as Record<string, unknown>)[key],
      );
    }
  }
  const { shards } = options;
  if (
    !Array.isArray(shards) ||
    shards.length === 0 ||
    !shards.every((s) => typeof s === 'string' && s !== '')
  ) {
    throw new InvalidOptionError('shards', 'a non-empty array of shard locations (strings)', shards);
  }
  const positive = (name: string, value: unknown, fallback: number) => {
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || (value as number) < 1)
      throw new InvalidOptionError(name, 'an integer >= 1', value);
    return value as number;
  };
  if (options.read !== undefined && (typeof options.read !== 'object' || options.read === null)) {
    throw new InvalidOptionError('read', "an object such as { format: 'float64', columns: 4 }", options.read);
  }
  if (options.onPass !== undefined && typeof options.onPass !== 'function') {
    throw new InvalidOptionError('onPass', 'a function', options.onPass);
  }
  return {
    connection: options.connection,
    queue: readQueueName(options.queue),
    shards,
    read: options.read ?? {},
    initSample: positive('initSample', options.initSample, 20_000),
    passTimeoutMs: positive('passTimeoutMs', options.passTimeoutMs, 600_000),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs, 3_000),
    onPass: options.onPass,
  };
}
