import { EMError, InvalidInputError } from '@em/core';
import type { DistributedCheckpoint } from './checkpoint.js';

/**
 * Redis (or the workers behind it) cannot do what the fit needs: the server does not answer, the
 * connection was lost mid-fit, the queue lost the fit's jobs (a restart without persistence), or no
 * worker finished a job in time. Code `'UNAVAILABLE'`. When the fit had completed iterations,
 * `checkpoint` holds the parameters after the last of them, to resume from.
 *
 * @example
 * ```ts
 * import { ServiceUnavailableError } from '@em/distributed';
 * const error = new ServiceUnavailableError('Redis at 127.0.0.1:6390 is unreachable.');
 * error.code;       // 'UNAVAILABLE'
 * error.checkpoint; // undefined (no iteration had completed)
 * ```
 */
export class ServiceUnavailableError extends EMError {
  /** `'ServiceUnavailableError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'ServiceUnavailableError';
  /** The parameters after the last completed iteration, if any completed. */
  readonly checkpoint: DistributedCheckpoint | undefined;

  constructor(message: string, checkpoint?: DistributedCheckpoint) {
    const resume = checkpoint
      ? ` Completed iterations: ${checkpoint.iteration}; resume from error.checkpoint (see resumeOptions).`
      : '';
    super('UNAVAILABLE', `${message}${resume}`);
    this.checkpoint = checkpoint;
  }
}

/**
 * A worker could not compute a shard's statistics: its rows are not valid data (a ragged CSV line,
 * a non-finite value, the wrong number of columns). Names the shard by its index and location and
 * gives the worker's reason in full. Not retried: bad data does not get better.
 *
 * @example
 * ```ts
 * import { ShardFailedError } from '@em/distributed';
 * const error = new ShardFailedError(0, 'part-0.csv', 'Invalid source line 7 at row 6: expected 4 fields');
 * error.shard; // 0
 * error.code;  // 'INVALID_INPUT'
 * ```
 */
export class ShardFailedError extends InvalidInputError {
  /** `'ShardFailedError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'ShardFailedError';
  /** 0-based index of the shard in `shards`. */
  readonly shard: number;
  /** Its location, as given. */
  readonly location: string;
  /** The worker's reason. */
  readonly reason: string;

  constructor(shard: number, location: string, reason: string, expected = 'rows a worker can read') {
    super(`shards[${shard}]`, expected, reason);
    this.message = `Shard ${shard} (${JSON.stringify(location)}) failed on a worker: ${reason}`;
    this.shard = shard;
    this.location = location;
    this.reason = reason;
  }
}

/**
 * A shard the workers cannot open (no such file, no permission, or the workers' `openShard`
 * failed): names the shard by its index and location.
 *
 * @example
 * ```ts
 * import { MissingShardError } from '@em/distributed';
 * const error = new MissingShardError(2, '/data/part-2.f64', 'ENOENT: no such file or directory');
 * error.shard; // 2
 * ```
 */
export class MissingShardError extends ShardFailedError {
  /** `'MissingShardError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'MissingShardError';

  constructor(shard: number, location: string, reason: string) {
    super(shard, location, reason, 'a shard every worker can open');
    this.message = `Shard ${shard} (${JSON.stringify(location)}) is missing: ${reason}`;
  }
}
