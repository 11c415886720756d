import { EMError, InvalidOptionError } from '@em/core';
import type { Request, Response } from './protocol.js';
import { WorkerError } from './worker-error.js';
import { defaultWorkerUrl } from './worker-url/default.js';

/** One worker and the replies it owes, in order (a worker answers its messages in order). */
interface Endpoint {
  request(message: Request, transfer?: ArrayBuffer[]): Promise<Response>;
  terminate(): Promise<void>;
  /** True once the worker exited, threw or timed out: it answers nothing more. */
  readonly failed: boolean;
}

/** Default {@link WorkerPoolOptions.replyTimeoutMs}: 10 minutes, far above any one E-step's share. */
const DEFAULT_REPLY_TIMEOUT_MS = 600_000;

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
  /**
   * How long a worker may take to answer one message (a share of one E-step) before the fit
   * rejects with a {@link WorkerError} (`failure: 'timeout'`). Default 600 000 (10 minutes).
   */
  replyTimeoutMs?: number;
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
  private readonly replyTimeoutMs: number;
  private workers: Endpoint[] = [];
  private starting: Promise<Endpoint[]> | undefined;

  constructor(options: WorkerPoolOptions = {}) {
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object', options);
    const size = options.size ?? defaultSize();
    if (!Number.isInteger(size) || size < 1) throw new InvalidOptionError('size', 'an integer ≥ 1', size);
    const { workerUrl, replyTimeoutMs = DEFAULT_REPLY_TIMEOUT_MS } = options;
    if (workerUrl !== undefined && typeof workerUrl !== 'string' && !(workerUrl instanceof URL))
      throw new InvalidOptionError('workerUrl', 'a URL or a string (a path or a file:// URL)', workerUrl);
    if (!(typeof replyTimeoutMs === 'number' && replyTimeoutMs > 0 && replyTimeoutMs <= 2 ** 31 - 1))
      throw new InvalidOptionError('replyTimeoutMs', 'a number of milliseconds in (0, 2^31)', replyTimeoutMs);
    this.size = size;
    this.workerUrl = workerUrl ?? defaultWorkerUrl();
    this.replyTimeoutMs = replyTimeoutMs;
  }

  /**
   * @internal The first `count` workers (at most `size`), started on first use; workers that
   * failed are replaced (all of them, so no fit's data lingers in a half-used pool).
   */
  endpoints(count = this.size): Promise<Endpoint[]> {
    const wanted = Math.max(1, Math.min(count, this.size));
    const previous = this.starting ?? Promise.resolve([]);
    const next = previous.then(
      async () => {
        if (this.workers.some((worker) => worker.failed)) await this.stopAll();
        while (this.workers.length < wanted)
          this.workers.push(await startWorker(this.workerUrl, this.replyTimeoutMs));
        return this.workers.slice(0, wanted);
      },
      async (error: unknown) => {
        this.starting = undefined;
        throw error;
      },
    );
    this.starting = next.catch(() => []);
    return next;
  }

  /**
   * @internal Whether the first `count` workers (at most `size`) are running, none failed: a fit
   * on them starts none (starting one takes tens of milliseconds).
   */
  isRunning(count = this.size): boolean {
    const wanted = Math.max(1, Math.min(count, this.size));
    return this.workers.length >= wanted && !this.workers.some((worker) => worker.failed);
  }

  /** Stops the workers; the pool starts new ones if it is used again. */
  async close(): Promise<void> {
    await this.starting;
    await this.stopAll();
  }

  private async stopAll(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((endpoint) => endpoint.terminate().catch(() => undefined)));
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

/**
 * Threads that `workers: n` starts for a fit of `rows` rows: at most one per row (a thread with
 * no rows has nothing to do) and one per core (more only compete for the same cores).
 */
export async function workerThreadsFor(requested: number, rows: number): Promise<number> {
  return Math.max(1, Math.min(requested, rows, await availableCores()));
}

async function availableCores(): Promise<number> {
  if (isNode()) {
    const specifier = 'node:os';
    const os = (await import(/* @vite-ignore */ specifier)) as {
      availableParallelism?: () => number;
      cpus(): unknown[];
    };
    return os.availableParallelism?.() ?? os.cpus().length ?? 1;
  }
  return defaultSize();
}

const isNode = () => typeof process !== 'undefined' && typeof process.versions?.node === 'string';

interface NodeWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  on(event: 'message' | 'error' | 'exit' | 'messageerror', listener: (value: never) => void): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}

interface WebWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: Response }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  onmessageerror: ((event: unknown) => void) | null;
  terminate(): void;
}

/** Node reads a string as a path: a `file://` URL given as a string becomes a URL. */
const nodeWorkerTarget = (url: URL | string) =>
  typeof url === 'string' && /^file:/i.test(url) ? new URL(url) : url;

async function startWorker(url: URL | string, timeoutMs: number): Promise<Endpoint> {
  if (isNode()) {
    const specifier = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ specifier)) as {
      Worker: new (url: URL | string) => NodeWorker;
    };
    let worker: NodeWorker;
    try {
      worker = new Worker(nodeWorkerTarget(url));
    } catch (error) {
      throw new InvalidOptionError(
        'workerUrl',
        'the URL or path of a worker module (a file:// URL, an absolute path, or one starting with ./)',
        url,
        error instanceof Error ? error.message : undefined,
      );
    }
    worker.unref();
    return endpoint(
      (message, transfer) => worker.postMessage(message, transfer),
      (onReply, onFailure) => {
        worker.on('message', onReply);
        worker.on('error', (error: Error) => onFailure(new WorkerError('error', error.message)));
        worker.on('messageerror', (error: Error) => onFailure(new WorkerError('failed', error.message)));
        worker.on('exit', (code: number) => onFailure(new WorkerError('exit', `exit code ${code}`)));
      },
      // Only a worker with work pending keeps the process alive.
      (busy) => (busy ? worker.ref() : worker.unref()),
      async () => {
        await worker.terminate();
      },
      timeoutMs,
    );
  }
  const WorkerClass = (globalThis as { Worker?: new (url: URL | string, options: object) => WebWorker })
    .Worker;
  if (!WorkerClass) {
    throw new EMError(
      'INVALID_OPTION',
      'workers: this environment has neither worker_threads nor Web Workers',
    );
  }
  const worker = new WorkerClass(url, { type: 'module' });
  return endpoint(
    (message, transfer) => worker.postMessage(message, transfer),
    (onReply, onFailure) => {
      worker.onmessage = (event) => onReply(event.data);
      worker.onerror = (event) => onFailure(new WorkerError('error', event.message ?? 'worker error'));
      worker.onmessageerror = () => onFailure(new WorkerError('failed', 'a message could not be read'));
    },
    () => {},
    async () => worker.terminate(),
    timeoutMs,
  );
}

function endpoint(
  post: (message: Request, transfer?: ArrayBuffer[]) => void,
  listen: (onReply: (reply: Response) => void, onFailure: (error: WorkerError) => void) => void,
  setBusy: (busy: boolean) => void,
  terminate: () => Promise<void>,
  timeoutMs: number,
): Endpoint {
  const pending: { resolve: (reply: Response) => void; reject: (error: Error) => void }[] = [];
  let failure: WorkerError | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // One timer for the oldest unanswered message: each reply restarts it for the next.
  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0 || failure) return;
    timer = setTimeout(() => {
      fail(new WorkerError('timeout', `no answer within ${timeoutMs} ms`));
      terminate().catch(() => undefined);
    }, timeoutMs);
    (timer as { unref?: () => void }).unref?.();
  };
  const fail = (error: WorkerError) => {
    // After a failure the worker is done for: every message owed, and every later one, rejects.
    failure ??= error;
    for (const waiting of pending.splice(0)) waiting.reject(failure);
    arm();
    setBusy(false);
  };
  listen((reply) => {
    pending.shift()?.resolve(reply);
    arm();
    if (pending.length === 0) setBusy(false);
  }, fail);
  return {
    get failed() {
      return failure !== undefined;
    },
    request(message, transfer) {
      return new Promise((resolve, reject) => {
        if (failure) {
          reject(failure);
          return;
        }
        if (pending.length === 0) setBusy(true);
        pending.push({ resolve, reject });
        if (pending.length === 1) arm();
        try {
          post(message, transfer);
        } catch (error) {
          fail(new WorkerError('failed', error instanceof Error ? error.message : String(error)));
        }
      });
    },
    async terminate() {
      // A worker stopped on purpose answers nothing more, and that is no failure to report.
      failure ??= new WorkerError('exit', 'the pool was closed');
      for (const waiting of pending.splice(0)) waiting.reject(failure);
      arm();
      await terminate();
    },
  };
}
