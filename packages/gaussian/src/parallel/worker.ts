/**
 * The worker side of the parallel E-step, for Node's `worker_threads` and browsers' Web Workers:
 * it keeps its share of the rows of each fit and answers each E-step with that share's
 * statistics (which add up on the main thread, as @em/core's chunked E-steps do).
 */
import { CHUNK_ROWS, zeroStats } from '../estep.js';
import { kernelFor } from '../kernels/index.js';
import { createFusedEStep, type FusedEStep } from '../kernels/specialized/index.js';
import type { CovarianceKernel } from '../kernels/types.js';
import type { Request, Response } from './protocol.js';

interface Loaded {
  data: Float64Array;
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

function handle(request: Request, port: Port): void {
  try {
    if (request.type === 'load') {
      const { data, rows, cols, covarianceType, nComponents: k, kernels } = request;
      const kernel = kernelFor(covarianceType, cols);
      const eStep = createFusedEStep(covarianceType, cols, k, kernels);
      fits.set(request.id, { data, rows, cols, k, kernel, eStep });
      port.postMessage({ ok: true });
    } else if (request.type === 'eStep') {
      const fit = fits.get(request.id);
      if (!fit) throw new Error(`no data loaded for fit ${request.id}`);
      const stats = zeroStats(fit.kernel, fit.k, fit.cols);
      const first = request.start ?? 0;
      const last = request.end ?? fit.rows;
      // In chunks, as on the main thread: many short calls get the kernel optimised at once, where
      // one long call would run for a while in unoptimised code.
      for (let start = first; start < last; start += CHUNK_ROWS) {
        const end = Math.min(last, start + CHUNK_ROWS);
        fit.eStep.run(
          fit.data,
          start,
          end,
          request.weights,
          request.means,
          request.precisionsCholesky,
          stats,
        );
      }
      port.postMessage({ ok: true, stats }, [
        stats.nk.buffer,
        stats.s1.buffer,
        stats.s2.buffer,
      ] as ArrayBuffer[]);
    } else {
      fits.delete(request.id);
      port.postMessage({ ok: true });
    }
  } catch (error) {
    port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
}

interface NodeWorkerThreads {
  parentPort: (Port & { on(event: 'message', listener: (request: Request) => void): void }) | null;
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
if (isNode) {
  // A variable specifier keeps browser bundlers from resolving a Node built-in.
  const specifier = 'node:worker_threads';
  const { parentPort } = (await import(/* @vite-ignore */ specifier)) as NodeWorkerThreads;
  const port = parentPort;
  port?.on('message', (request) => handle(request, port));
} else {
  const scope = globalThis as unknown as Port & { onmessage: (event: { data: Request }) => void };
  scope.onmessage = (event) => handle(event.data, scope);
}
