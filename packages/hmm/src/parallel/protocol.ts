/** Messages between the main thread and a worker (see `worker.ts`). One fit = one `id`. */

import type { Params } from '../baum-welch.js';
import type { EmissionSpec } from '../emissions/spec.js';
import type { CountStats } from '../forward-backward.js';

export type Request =
  | {
      /** Once per fit: the sequences (or this worker's share of them) and how they are cut into jobs. */
      type: 'load';
      id: number;
      emission: EmissionSpec;
      /**
       * Observations, flat row-major: all the sequences on a SharedArrayBuffer (every worker reads
       * the same memory), or a copy of this worker's share (transferred) where memory cannot be shared.
       */
      data: Float64Array;
      /** Rows offsets[i] … offsets[i + 1] − 1 of `data` are sequence i (of `data`). */
      offsets: Int32Array;
      /** Index, among all the sequences of the fit, of the first sequence in `data` (for errors). */
      base: number;
      /** Job j covers sequences bounds[j] … bounds[j + 1] − 1 (of `data`). */
      bounds: Int32Array;
      /** Number of job 0 among all the jobs of the fit. */
      firstJob: number;
      /**
       * With shared sequences: a counter on a SharedArrayBuffer from which the workers take job
       * numbers (`Atomics.add`), so that a worker with a free core takes more of them. Absent: this
       * worker does all the jobs it was given.
       */
      jobCounter?: Int32Array;
    }
  | {
      /** Every iteration: only the parameters. */
      type: 'eStep';
      id: number;
      params: Params<unknown>;
    }
  | { type: 'release'; id: number };

/** One job's counts (transitions not yet multiplied by a_ij) and log-likelihood. */
export interface Part {
  job: number;
  stats: CountStats<unknown>;
  logLikelihood: number;
}

export type Response =
  | { ok: true; parts?: Part[] }
  | {
      ok: false;
      /** The error's `name` (`'NumericalError'` is rebuilt as one on the main thread). */
      name: string;
      message: string;
      suggestion?: string;
    };
