import { InvalidOptionError } from '@em/core';
import { Redis } from 'ioredis';
import { ServiceUnavailableError } from './errors.js';

/**
 * Where Redis is. Only the essentials: BullMQ opens its own connections from these.
 *
 * @example
 * ```ts
 * import type { RedisConnection } from '@em/distributed';
 * const connection: RedisConnection = { host: '127.0.0.1', port: 6390 };
 * ```
 */
export interface RedisConnection {
  /** Host name or address. Default `'127.0.0.1'`. */
  host?: string;
  /** Port. Default 6379. */
  port?: number;
  /** Password (Redis `AUTH`), if the server asks for one. */
  password?: string;
  /** User name (Redis 6 ACL), with `password`. */
  username?: string;
  /** Database number. Default 0. */
  db?: number;
}

/** The BullMQ connection options of `connection`; `failFast` for the coordinator's (no queued commands). */
export function bullConnection(connection: RedisConnection, failFast: boolean) {
  return {
    host: connection.host ?? '127.0.0.1',
    port: connection.port ?? 6379,
    password: connection.password,
    username: connection.username,
    db: connection.db,
    // Workers wait for Redis (BullMQ's requirement); the coordinator fails instead of hanging.
    ...(failFast ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null }),
  };
}

export function describeConnection(connection: RedisConnection): string {
  return `${connection.host ?? '127.0.0.1'}:${connection.port ?? 6379}`;
}

/**
 * Answers once Redis answers a PING within `timeoutMs`; otherwise a `ServiceUnavailableError`
 * (never a hang, never a retry loop).
 */
export async function checkReachable(connection: RedisConnection, timeoutMs: number): Promise<void> {
  if (typeof connection !== 'object' || connection === null) {
    throw new InvalidOptionError('connection', 'an object such as { host, port }', connection);
  }
  const client = new Redis({
    ...bullConnection(connection, true),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    throw new ServiceUnavailableError(
      `Redis at ${describeConnection(connection)} is unreachable: ${(error as Error).message}.`,
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** A queue name BullMQ accepts: a non-empty string without ':' (its key separator). */
export function readQueueName(queue: unknown): string {
  if (queue === undefined) return 'em-estep';
  if (typeof queue !== 'string' || queue === '' || queue.includes(':') || queue.length > 200) {
    throw new InvalidOptionError('queue', "a non-empty name without ':' (at most 200 characters)", queue);
  }
  return queue;
}
