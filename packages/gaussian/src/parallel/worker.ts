/**
 * The worker side of the parallel E-step, for Node's `worker_threads` and browsers' Web Workers:
 * it keeps the rows of each fit (all of them, shared, or its own share) and answers each E-step
 * with statistics — of the jobs it took from the shared counter, or of its share — which add up on
 * the main thread, as @em/core's chunked E-steps do.
 */
import { EMError, NumericalError } from '@em/core';
import { SingularCovarianceError } from '../errors.js';
import { CHUNK_ROWS } from '../estep.js';
import { GaussianMixture, type RestartRun } from '../gaussian-mixture.js';
import { estimateFromBlocks } from '../init/block-means.js';
import { blockCount } from '../init/kmeans-blocks.js';
import type { KmeansReply } from '../init/kmeans-ops.js';
import { kernelFor } from '../kernels/index.js';
import { createFusedEStep, type FusedEStep } from '../kernels/specialized/index.js';
import type { CovarianceKernel } from '../kernels/types.js';
import { lockstepEStep } from './estep-lockstep.js';
import { type LockstepRun, runKmeansInLockstep } from './kmeans-lockstep.js';
import type { Request, Response, StatsMessage } from './protocol.js';
import { failExchange, ReplyExchange } from './reply-exchange.js';

interface Loaded {
  data: Float64Array;
  jobCounter: Int32Array | undefined;
  jobBounds: number[] | undefined;
  rows: number;
  cols: number;
  k: number;
  kernel: CovarianceKernel;
  eStep: FusedEStep;
}

interface Port {
  postMessage(message: Response, transfer?: ArrayBuffer[]): void;
}

const fits = new Map<number, Loaded>();

/** The replies of a k-means step list, posted with their label arrays transferred. */
function postKmeans(replies: KmeansReply[], port: Port): void {
  const buffers = replies.flatMap((reply) =>
    [reply.labels, reply.moments].flatMap((array) => (array ? [array.buffer as ArrayBuffer] : [])),
  );
  port.postMessage({ ok: true, kmeans: replies }, buffers);
}

/**
 * Answers a `kmeansRun` request: this worker's part of the whole k-means, in lockstep with the
 * others; with `fit`, of the whole fit (party 0 answers with the run).
 */
function kmeansRun(request: Extract<Request, { type: 'kmeansRun' }>, port: Port): void {
  const fit = fits.get(request.id);
  const jobBounds = fit?.jobBounds;
  if (!fit || !jobBounds) throw new Error(`no shared rows loaded for fit ${request.id}`);
  try {
    if (request.fit) {
      const run = fitInLockstep(fit, jobBounds, request.run, request.fit);
      port.postMessage(request.run.party === 0 ? { ok: true, run } : { ok: true });
      return;
    }
    postKmeans(runKmeansInLockstep(fit.data, fit.rows, fit.cols, request.run), port);
  } catch (error) {
    // The others wait for this one at their next step: they must stop too.
    failExchange(request.run.exchange);
    throw error;
  }
}

/** This worker's part of a whole fit in lockstep (`fit-in-lockstep.ts`): the k-means, then EM. */
function fitInLockstep(
  fit: Loaded,
  jobBounds: number[],
  run: LockstepRun,
  { options, memory }: NonNullable<Extract<Request, { type: 'kmeansRun' }>['fit']>,
): RestartRun {
  const { data, rows, cols, k } = fit;
  const exchange = new ReplyExchange(run.exchange, run.shares.length, run.party, run.slotDoubles);
  const X = { data, rows, cols };
  return new GaussianMixture(options).runInLockstep(X, {
    initial(kernel, regCovar) {
      const [counted, around] = runKmeansInLockstep(data, rows, cols, run);
      const blocks = blockCount(rows, run.blockRows);
      return {
        labels: run.labels,
        estimated: estimateFromBlocks(kernel, counted!, around!, blocks, rows, cols, k, regCovar),
      };
    },
    eStep: lockstepEStep(
      exchange,
      memory,
      { rows, jobBounds },
      fit.kernel,
      k,
      cols,
      (first, last, params, stats) => statistics(fit, first, last, params, stats),
    ),
  });
}

/**
 * Zero statistics for the jobs a worker takes, as views of a few buffers of `perBuffer` jobs each:
 * a reply transfers those buffers, where a buffer per array (three per job) made each reply
 * several times slower to post and to read.
 */
function statsBuffers(fit: Loaded, perBuffer: number): { buffers: ArrayBuffer[]; next(): StatsMessage } {
  const { k, cols } = fit;
  const size = k * (1 + cols) + fit.kernel.statsSize(k, cols);
  const buffers: ArrayBuffer[] = [];
  let slab = new Float64Array(0);
  let at = 0;
  return {
    buffers,
    next() {
      if (at === slab.length) {
        slab = new Float64Array(perBuffer * size);
        buffers.push(slab.buffer);
        at = 0;
      }
      const from = at;
      at += size;
      const s1 = from + k;
      const s2 = s1 + k * cols;
      return {
        n: 0,
        logLikelihood: 0,
        nk: slab.subarray(from, s1),
        s1: slab.subarray(s1, s2),
        s2: slab.subarray(s2, at),
      };
    },
  };
}

/** The statistics of rows [first, last) under the request's parameters, into zero `stats`. */
function statistics(
  fit: Loaded,
  first: number,
  last: number,
  parameters: { weights: Float64Array; means: Float64Array; precisionsCholesky: Float64Array },
  stats: StatsMessage,
): StatsMessage {
  // JavaScript kernels in chunks, as on the main thread: many short calls get the kernel optimised
  // at once, where one long call would run for a while in unoptimised code. The WebAssembly kernel
  // cuts its own chunks: one call per job loads the parameters and adds its sums out once.
  const step = fit.eStep.mode === 'wasm' ? last - first : CHUNK_ROWS;
  for (let start = first; start < last; start += step) {
    const end = Math.min(last, start + step);
    fit.eStep.run(
      fit.data,
      start,
      end,
      parameters.weights,
      parameters.means,
      parameters.precisionsCholesky,
      stats,
    );
  }
  return stats;
}

function handle(request: Request, port: Port): void {
  try {
    if (request.type === 'load') {
      const { data, jobCounter, jobBounds, rows, cols, covarianceType, nComponents: k, kernels } = request;
      const kernel = kernelFor(covarianceType, cols);
      // The number of rows chooses the kernel as on the calling thread, and lets the WebAssembly
      // kernels keep the rows this worker reads in their memory for the fit.
      const eStep = createFusedEStep(covarianceType, cols, k, kernels, undefined, undefined, rows);
      fits.set(request.id, { data, jobCounter, jobBounds, rows, cols, k, kernel, eStep });
      port.postMessage({ ok: true });
    } else if (request.type === 'eStep') {
      const fit = fits.get(request.id);
      if (!fit) throw new Error(`no data loaded for fit ${request.id}`);
      const { jobs } = request;
      if (jobs === undefined || !fit.jobCounter || !fit.jobBounds) {
        const slab = statsBuffers(fit, 1);
        const stats = statistics(fit, 0, fit.rows, request, slab.next());
        port.postMessage({ ok: true, stats }, slab.buffers);
        return;
      }
      // Room for half the jobs at a time: two workers take about that many each.
      const slab = statsBuffers(fit, Math.ceil(jobs / 2));
      const parts: { job: number; stats: StatsMessage }[] = [];
      for (let job = Atomics.add(fit.jobCounter, 0, 1); job < jobs; job = Atomics.add(fit.jobCounter, 0, 1)) {
        const { jobBounds } = fit;
        parts.push({
          job,
          stats: statistics(fit, jobBounds[job]!, jobBounds[job + 1]!, request, slab.next()),
        });
      }
      port.postMessage({ ok: true, parts }, slab.buffers);
    } else if (request.type === 'kmeansRun') {
      kmeansRun(request, port);
    } else if (request.type === 'fit') {
      const X = { data: request.data, rows: request.rows, cols: request.cols };
      const model = new GaussianMixture(request.options);
      if (request.from) port.postMessage({ ok: true, run: model.runFrom(X, request.from) });
      else port.postMessage({ ok: true, state: model.fit(X).fittedState });
    } else {
      fits.delete(request.id);
      port.postMessage({ ok: true });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof EMError) {
      const numerical = error instanceof NumericalError;
      const singular =
        error instanceof SingularCovarianceError
          ? { singular: { component: error.component, iteration: error.iteration } }
          : {};
      port.postMessage({
        ok: false,
        message,
        error: { name: error.name, code: error.code, numerical, ...singular },
      });
    } else port.postMessage({ ok: false, message });
  }
}

interface NodeWorkerThreads {
  parentPort: (Port & { on(event: 'message', listener: (request: Request) => void): void }) | null;
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
if (isNode) {
  const listen = ({ parentPort }: NodeWorkerThreads) => {
    const port = parentPort;
    port?.on('message', (request) => handle(request, port));
  };
  // No top-level await: bundlers may re-bundle this file as a classic (IIFE) worker, as Vite's
  // `?worker&url` does by default. Node ≥ 20.16 loads the built-in synchronously; before, messages
  // wait in the port until the listener is attached. (A variable specifier keeps browser bundlers
  // from resolving a Node built-in.)
  const specifier = 'node:worker_threads';
  const builtin = (
    process as { getBuiltinModule?: (id: string) => NodeWorkerThreads | undefined }
  ).getBuiltinModule?.(specifier);
  if (builtin) listen(builtin);
  else void (import(/* @vite-ignore */ specifier) as Promise<NodeWorkerThreads>).then(listen);
} else {
  const scope = globalThis as unknown as Port & { onmessage: (event: { data: Request }) => void };
  scope.onmessage = (event) => handle(event.data, scope);
}
