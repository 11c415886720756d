import { EMError, InvalidOptionError } from '@em/core';
import type { Request, Response } from './protocol.js';

/** One worker and the replies it owes, in order (a worker answers its messages in order). */
interface Endpoint {
  request(message: Request, transfer?: ArrayBuffer[]): Promise<Response>;
  terminate(): Promise<void>;
}

/**
 * Options of {@link createWorkerPool}.
 *
 * @example
 * ```ts
 * import { createWorkerPool } from '@em/gaussian';
 * const pool = createWorkerPool({ size: 2 });
 * ```
 */
export interface WorkerPoolOptions {
  /** Number of worker threads. Default: `navigator.hardwareConcurrency`, or 2 where unknown. */
  size?: number;
  /**
   * The worker module. Default: `parallel-worker.js` next to this package's `index.js`, which
   * bundlers that understand `new URL('…', import.meta.url)` copy along.
   */
  workerUrl?: URL | string;
}

/**
 * A pool of worker threads (Node `worker_threads`, browser Web Workers) that run the E-step of
 * {@link GaussianMixture.fitAsync} on their share of the rows. Workers start on first use, keep
 * their share of the data for the length of a fit, and do not keep a Node process alive while
 * idle. Reuse one pool across fits; `close()` it when done.
 *
 * @example
 * ```ts
 * import { createWorkerPool, GaussianMixture } from '@em/gaussian';
 * const pool = createWorkerPool({ size: 2 });
 * const gmm = await new GaussianMixture({ nComponents: 3, workers: pool }).fitAsync(X);
 * await pool.close();
 * ```
 */
export class WorkerPool {
  /** Number of workers (each keeps its share of the rows for a whole fit). */
  readonly size: number;
  private readonly workerUrl: URL | string;
  private started: Promise<Endpoint[]> | undefined;

  constructor(options: WorkerPoolOptions = {}) {
    const size = options.size ?? defaultSize();
    if (!Number.isInteger(size) || size < 1) throw new InvalidOptionError('size', 'an integer ≥ 1', size);
    this.size = size;
    this.workerUrl = options.workerUrl ?? new URL('./parallel-worker.js', import.meta.url);
  }

  /** @internal The workers, started on the first call. */
  endpoints(): Promise<Endpoint[]> {
    this.started ??= startWorkers(this.size, this.workerUrl);
    return this.started;
  }

  /** Stops the workers; the pool starts new ones if it is used again. */
  async close(): Promise<void> {
    const started = this.started;
    this.started = undefined;
    if (started) await Promise.all((await started).map((endpoint) => endpoint.terminate()));
  }
}

/**
 * A {@link WorkerPool} of `size` workers (or with {@link WorkerPoolOptions}).
 *
 * @example
 * ```ts
 * import { createWorkerPool } from '@em/gaussian';
 * const pool = createWorkerPool(2);
 * ```
 */
export function createWorkerPool(options: number | WorkerPoolOptions = {}): WorkerPool {
  return new WorkerPool(typeof options === 'number' ? { size: options } : options);
}

function defaultSize(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return cores && cores > 0 ? cores : 2;
}

interface NodeWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  on(event: 'message' | 'error', listener: (value: never) => void): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}

interface WebWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: Response }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  terminate(): void;
}

async function startWorkers(size: number, url: URL | string): Promise<Endpoint[]> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (isNode) {
    const specifier = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ specifier)) as {
      Worker: new (url: URL | string) => NodeWorker;
    };
    return Array.from({ length: size }, () => {
      const worker = new Worker(url);
      worker.unref();
      return endpoint(
        (message, transfer) => worker.postMessage(message, transfer),
        (onReply, onFailure) => {
          worker.on('message', onReply);
          worker.on('error', (error: Error) => onFailure(error.message));
        },
        // Only a worker with work pending keeps the process alive.
        (busy) => (busy ? worker.ref() : worker.unref()),
        async () => {
          await worker.terminate();
        },
      );
    });
  }
  const WorkerClass = (globalThis as { Worker?: new (url: URL | string, options: object) => WebWorker })
    .Worker;
  if (!WorkerClass) {
    throw new EMError(
      'INVALID_OPTION',
      'workers: this environment has neither worker_threads nor Web Workers',
    );
  }
  return Array.from({ length: size }, () => {
    const worker = new WorkerClass(url, { type: 'module' });
    return endpoint(
      (message, transfer) => worker.postMessage(message, transfer),
      (onReply, onFailure) => {
        worker.onmessage = (event) => onReply(event.data);
        worker.onerror = (event) => onFailure(event.message ?? 'worker error');
      },
      () => {},
      async () => worker.terminate(),
    );
  });
}

function endpoint(
  post: (message: Request, transfer?: ArrayBuffer[]) => void,
  listen: (onReply: (reply: Response) => void, onFailure: (message: string) => void) => void,
  setBusy: (busy: boolean) => void,
  terminate: () => Promise<void>,
): Endpoint {
  const pending: { resolve: (reply: Response) => void; reject: (error: Error) => void }[] = [];
  listen(
    (reply) => {
      pending.shift()?.resolve(reply);
      if (pending.length === 0) setBusy(false);
    },
    (message) => {
      for (const waiting of pending.splice(0))
        waiting.reject(new EMError('NUMERICAL', `worker failed: ${message}`));
      setBusy(false);
    },
  );
  return {
    request(message, transfer) {
      return new Promise((resolve, reject) => {
        if (pending.length === 0) setBusy(true);
        pending.push({ resolve, reject });
        post(message, transfer);
      });
    },
    terminate,
  };
}
