import { EMError, InvalidOptionError } from '@em/core';
import type { Request, Response } from './protocol.js';

/** One worker and the replies it owes, in order (a worker answers its messages in order). */
export interface Endpoint {
  request(message: Request, transfer?: ArrayBuffer[]): Promise<Response>;
}

/** Largest pool: far more threads than any machine has cores is a mistake, not a plan. */
const MAX_POOL_SIZE = 1024;

/**
 * A worker thread of {@link HiddenMarkovModel.fitAsync} failed: it threw outside the E-step (an
 * uncaught exception, a worker script that could not be loaded), it exited, or it did not answer
 * within the pool's `timeout`. The fit's promise
 * rejects with it and the model keeps its previous parameters; the pool drops that worker and
 * starts a fresh one when it is used again. (An E-step that fails in a worker for a numerical
 * reason rejects with the same `NumericalError` as `fit` would throw.)
 *
 * @example
 * ```ts
 * import { HiddenMarkovModel, WorkerFailedError } from '@em/hmm';
 * try {
 *   await new HiddenMarkovModel({ nStates: 2, workers: 2 }).fitAsync(sequences);
 * } catch (error) {
 *   if (error instanceof WorkerFailedError) console.error(error.reason, error.message);
 * }
 * ```
 */
export class WorkerFailedError extends EMError {
  /** `'WorkerFailedError'`: a literal, so it survives minification. */
  override name = 'WorkerFailedError';
  /**
   * `'error'`: the worker threw (or its script failed to load); `'exit'`: it exited; `'timeout'`: it
   * did not answer in time (it is stopped).
   */
  readonly reason: 'error' | 'exit' | 'timeout';

  constructor(reason: 'error' | 'exit' | 'timeout', detail: string) {
    const what = reason === 'exit' ? 'exited' : reason === 'timeout' ? 'did not answer' : 'failed';
    super('NUMERICAL', `A worker thread of fitAsync ${what}: ${detail}`);
    this.reason = reason;
  }
}

/**
 * Options of {@link createWorkerPool}.
 *
 * @example
 * ```ts
 * import { createWorkerPool } from '@em/hmm';
 * const pool = createWorkerPool({ size: 2 });
 * ```
 */
export interface WorkerPoolOptions {
  /**
   * Most worker threads the pool runs. Default: the number of cores (`navigator.hardwareConcurrency`,
   * Node's `os.availableParallelism()`), or 2 where unknown.
   */
  size?: number;
  /**
   * The worker module. Default: `parallel-worker.js` next to this package's `index.js`, which
   * bundlers that understand `new URL('…', import.meta.url)` copy along.
   */
  workerUrl?: URL | string;
  /**
   * Milliseconds a worker may take to answer one message (loading its sequences, or one E-step of its
   * share) before the fit fails with a {@link WorkerFailedError} (`reason: 'timeout'`) and the worker
   * is stopped: a thread that hangs must not hang the fit. Default 600,000 (ten minutes).
   */
  timeout?: number;
}

/** Longest `timeout`: setTimeout's own limit (about 24.8 days). */
const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * A pool of worker threads (Node `worker_threads`, browser Web Workers) that run the forward–backward
 * E-step of {@link HiddenMarkovModel.fitAsync} on their share of the sequences. Threads start on
 * first use — only as many as a fit can use: never more than `size` nor than the fit has sequences —
 * keep their sequences for the length of a fit, and do not keep a Node process alive while idle.
 * Reuse one pool across fits (and models); `close()` it when done.
 *
 * @example
 * ```ts
 * import { createWorkerPool, HiddenMarkovModel } from '@em/hmm';
 * const pool = createWorkerPool({ size: 2 });
 * const hmm = await new HiddenMarkovModel({ nStates: 3, workers: pool }).fitAsync(sequences);
 * await pool.close();
 * ```
 */
export class WorkerPool {
  /** Most threads this pool runs at once. */
  readonly size: number;
  private readonly workerUrl: URL | string;
  private readonly timeout: number;
  private workers: Worker_[] = [];
  private growing: Promise<unknown> = Promise.resolve();

  constructor(options: WorkerPoolOptions = {}) {
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object', options);
    const size = options.size ?? hardwareThreads();
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_POOL_SIZE)
      throw new InvalidOptionError('size', `an integer in 1…${MAX_POOL_SIZE}`, size);
    this.size = size;
    this.workerUrl = readWorkerUrl(options.workerUrl);
    const timeout = options.timeout ?? 600_000;
    if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT)
      throw new InvalidOptionError('timeout', `milliseconds: an integer in 1…${MAX_TIMEOUT}`, timeout);
    this.timeout = timeout;
  }

  /** Number of worker threads running now (0 before the first fit and after `close()`). */
  get threads(): number {
    return this.workers.length;
  }

  /** @internal `count` workers (at most `size`), starting those not running yet. */
  endpoints(count: number): Promise<Endpoint[]> {
    const wanted = Math.max(1, Math.min(count, this.size));
    const ready = this.growing.then(async () => {
      while (this.workers.length < wanted)
        this.workers.push(await startWorker(this.workerUrl, this.timeout, this.drop));
      return this.workers.slice(0, wanted);
    });
    this.growing = ready.catch(() => undefined);
    return ready;
  }

  /** Stops the workers; the pool starts new ones if it is used again. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  /** Forgets a worker that failed, so that the next fit starts a fresh one. */
  private readonly drop = (worker: Worker_) => {
    this.workers = this.workers.filter((w) => w !== worker);
  };
}

/** The worker module: a URL, a URL string (made a URL, as Node needs for `file:`), or a path. */
function readWorkerUrl(value: unknown): URL | string {
  if (value === undefined) return new URL('./parallel-worker.js', import.meta.url);
  if (value instanceof URL) return value;
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidOptionError('workerUrl', 'a URL, or a URL or path string, of the worker module', value);
  if (!/^[a-z][a-z\d+.-]*:/i.test(value)) return value;
  try {
    return new URL(value);
  } catch {
    throw new InvalidOptionError('workerUrl', 'a valid URL of the worker module', value);
  }
}

/**
 * A {@link WorkerPool} of at most `size` threads (or with {@link WorkerPoolOptions}).
 *
 * @example
 * ```ts
 * import { createWorkerPool } from '@em/hmm';
 * const pool = createWorkerPool(2);
 * pool.size; // 2
 * ```
 */
export function createWorkerPool(options: number | WorkerPoolOptions = {}): WorkerPool {
  return new WorkerPool(typeof options === 'number' ? { size: options } : options);
}

/** Logical cores: the browser's `navigator.hardwareConcurrency`, Node's `os.availableParallelism()`. */
export function hardwareThreads(): number {
  const g = globalThis as {
    navigator?: { hardwareConcurrency?: number };
    process?: { getBuiltinModule?: (id: string) => { availableParallelism?: () => number } | undefined };
  };
  const cores =
    g.navigator?.hardwareConcurrency ?? g.process?.getBuiltinModule?.('node:os')?.availableParallelism?.();
  return typeof cores === 'number' && cores > 0 ? cores : 2;
}

// --- the environment adapter: Node worker_threads or Web Workers, behind one small interface -----

interface Worker_ extends Endpoint {
  terminate(): Promise<void>;
}

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
  onerror: ((event: { message?: string; preventDefault?(): void }) => void) | null;
  onmessageerror: (() => void) | null;
  terminate(): void;
}

/** What a thread does, whatever the environment. */
interface Thread {
  post(message: Request, transfer?: ArrayBuffer[]): void;
  /** Reports replies, and failures (`'error'`, or an `'exit'` not asked for by `stop`). */
  listen(
    onReply: (reply: Response) => void,
    onFailure: (reason: 'error' | 'exit', detail: string) => void,
  ): void;
  /** Only a worker with work pending keeps a Node process alive. */
  setBusy(busy: boolean): void;
  stop(): Promise<void>;
}

let workerThreads: Promise<{ Worker: new (url: URL | string) => NodeWorker }> | undefined;

async function startThread(url: URL | string): Promise<Thread> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (isNode) {
    // A variable specifier keeps browser bundlers from resolving a Node built-in.
    const specifier = 'node:worker_threads';
    workerThreads ??= import(/* @vite-ignore */ specifier);
    const { Worker } = await workerThreads;
    let worker: NodeWorker;
    try {
      worker = new Worker(url);
    } catch (error) {
      // Node checks the path before it starts the thread (a relative path without './', say).
      throw new InvalidOptionError(
        'workerUrl',
        'a URL or an absolute path of the worker module',
        url,
        String(error),
      );
    }
    worker.unref();
    let stopping = false;
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      listen(onReply, onFailure) {
        worker.on('message', onReply);
        worker.on('error', (error: Error) => onFailure('error', error.message));
        worker.on('messageerror', (error: Error) => onFailure('error', error.message));
        worker.on('exit', (code: number) => {
          if (!stopping) onFailure('exit', `exit code ${code}`);
        });
      },
      setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
      async stop() {
        stopping = true;
        await worker.terminate();
      },
    };
  }
  const WorkerClass = (globalThis as { Worker?: new (url: URL | string, options: object) => WebWorker })
    .Worker;
  if (!WorkerClass)
    throw new InvalidOptionError(
      'workers',
      'no workers: this environment has neither worker_threads nor Web Workers',
      url,
      'Call fit instead.',
    );
  const worker = new WorkerClass(url, { type: 'module' });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen(onReply, onFailure) {
      worker.onmessage = (event) => onReply(event.data);
      worker.onerror = (event) => {
        event.preventDefault?.();
        onFailure('error', event.message ?? 'the worker script failed (was it served?)');
      };
      worker.onmessageerror = () => onFailure('error', 'a message could not be read');
    },
    setBusy: () => {},
    async stop() {
      worker.terminate();
    },
  };
}

async function startWorker(
  url: URL | string,
  timeout: number,
  drop: (worker: Worker_) => void,
): Promise<Worker_> {
  const thread = await startThread(url);
  const pending: { resolve: (reply: Response) => void; reject: (error: Error) => void }[] = [];
  let failure: WorkerFailedError | undefined;
  // One timer for the oldest unanswered message: a worker answers in order.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = () => {
    clearTimeout(timer);
    timer =
      pending.length === 0
        ? undefined
        : setTimeout(() => {
            fail(new WorkerFailedError('timeout', `no answer within ${timeout} ms; it was stopped`));
            void thread.stop().catch(() => undefined);
          }, timeout);
  };
  const self: Worker_ = {
    request(message, transfer) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        if (pending.length === 0) thread.setBusy(true);
        pending.push({ resolve, reject });
        if (pending.length === 1) watch();
        thread.post(message, transfer);
      });
    },
    async terminate() {
      fail(new WorkerFailedError('exit', 'its pool was closed'));
      await thread.stop();
    },
  };
  const fail = (error: WorkerFailedError) => {
    failure ??= error;
    for (const waiting of pending.splice(0)) waiting.reject(failure);
    watch();
    thread.setBusy(false);
    drop(self);
  };
  thread.listen(
    (reply) => {
      pending.shift()?.resolve(reply);
      watch();
      if (pending.length === 0) thread.setBusy(false);
    },
    (reason, detail) => {
      fail(new WorkerFailedError(reason, detail));
      // A thread that threw may still be running; stop it.
      if (reason === 'error') void thread.stop().catch(() => undefined);
    },
  );
  return self;
}
