/** Messages between the main thread and a worker (see `worker.ts`). One fit = one `id`. */

import type { FittedState, RestartRun } from '../gaussian-mixture.js';
import type { KmeansReply } from '../init/kmeans-ops.js';
import type { KernelMode } from '../kernels/specialized/types.js';
import type { CovarianceType, MixtureParams } from '../types.js';
import type { LockstepEStepMemory } from './estep-lockstep.js';
import type { WorkerFitOptions } from './fits.js';
import type { LockstepRun } from './kmeans-lockstep.js';

export type Request =
  | {
      type: 'load';
      id: number;
      /**
       * Rows of X, flat row-major: all of them on a SharedArrayBuffer (every worker reads the same
       * memory), or this worker's share (a copy, transferred) where memory cannot be shared.
       */
      data: Float64Array;
      /**
       * With shared rows: a counter on a SharedArrayBuffer from which the workers take job numbers
       * (`Atomics.add`), so that a faster worker takes more jobs.
       */
      jobCounter?: Int32Array;
      /** With shared rows: job j covers rows `jobBounds[j]` … `jobBounds[j + 1]` (see `jobs.ts`). */
      jobBounds?: number[];
      rows: number;
      cols: number;
      covarianceType: CovarianceType;
      nComponents: number;
      kernels: KernelMode;
    }
  | {
      type: 'eStep';
      id: number;
      /**
       * With shared rows, the number of jobs the rows are cut into (as the `jobBounds` of the
       * load): the worker takes jobs from the counter until none is left and answers with
       * `parts`. Absent: all the loaded rows, answered with `stats`.
       */
      jobs?: number;
      weights: Float64Array;
      means: Float64Array;
      precisionsCholesky: Float64Array;
    }
  | { type: 'release'; id: number }
  | {
      /**
       * The k-means initialisation over the rows loaded under `id` (shared rows only), run by the
       * workers in lockstep (`kmeans-lockstep.ts`), with the initial estimate's passes when
       * `run.estimate`; answered with `kmeans`, everyone's replies to those passes, merged.
       */
      type: 'kmeansRun';
      id: number;
      run: LockstepRun;
      /**
       * The whole fit from there (`fit-in-lockstep.ts`): the workers run EM together on the
       * memory they share for its E-steps, the k-means' `estimate` being set; answered with
       * `run` (party 0) once it ends.
       */
      fit?: { options: WorkerFitOptions; memory: LockstepEStepMemory };
    }
  | {
      /**
       * A whole fit on the worker (`fit`), or with `from` one restart of it from these initial
       * parameters (`runFrom`). The rows are shared memory or a copy, as for `load`.
       */
      type: 'fit';
      options: WorkerFitOptions;
      data: Float64Array;
      rows: number;
      cols: number;
      from?: MixtureParams;
    };

export interface StatsMessage {
  n: number;
  logLikelihood: number;
  nk: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
}

export type Response =
  | {
      ok: true;
      stats?: StatsMessage;
      parts?: { job: number; stats: StatsMessage }[];
      /** What a whole fit learned. */
      state?: FittedState;
      /** How one restart, or a fit in lockstep, ended. */
      run?: RestartRun;
      /** A `kmeansRun`'s replies to the initial estimate's `sum` and `moments` steps (everyone's, merged), in order. */
      kmeans?: KmeansReply[];
    }
  | {
      ok: false;
      message: string;
      /** The error a fit threw (@em/core's errors), to be thrown again on the calling thread. */
      error?: {
        name: string;
        code: string;
        numerical: boolean;
        /** A SingularCovarianceError's component and iteration. */
        singular?: { component: number; iteration: number };
      };
    };
