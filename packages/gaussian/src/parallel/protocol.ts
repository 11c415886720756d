/** Messages between the main thread and a worker (see `worker.ts`). One fit = one `id`. */

import type { KernelMode } from '../kernels/specialized/types.js';
import type { CovarianceType } from '../types.js';

export type Request =
  | {
      type: 'load';
      id: number;
      /**
       * Rows of X, flat row-major: all of them on a SharedArrayBuffer (every worker reads the same
       * memory), or this worker's share (a copy, transferred) where memory cannot be shared.
       */
      data: Float64Array;
      rows: number;
      cols: number;
      covarianceType: CovarianceType;
      nComponents: number;
      kernels: KernelMode;
    }
  | {
      type: 'eStep';
      id: number;
      /** Rows [start, end) of the loaded data; all of them when absent. */
      start?: number;
      end?: number;
      weights: Float64Array;
      means: Float64Array;
      precisionsCholesky: Float64Array;
    }
  | { type: 'release'; id: number };

export type Response =
  | {
      ok: true;
      stats?: { n: number; logLikelihood: number; nk: Float64Array; s1: Float64Array; s2: Float64Array };
    }
  | { ok: false; message: string };
