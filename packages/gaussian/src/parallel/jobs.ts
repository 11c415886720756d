/**
 * How the rows of a fit are cut into the jobs that workers take from a shared counter, one
 * E-step after another. Guided scheduling: the first jobs are large (few messages, few partial
 * sums) and they shrink towards the end of the rows, so that when one worker takes the last job
 * the other is at most a small job behind — the time a worker waits at the end of each E-step,
 * with nothing to do until every statistic is in, is the size of the last jobs, not of a fixed
 * share. The cut depends only on the rows, the number of workers and the E-step's shape, never on
 * which worker took which job, so the statistics (added in job order) are the same whoever did what.
 */

import type { CovarianceType } from '../types.js';

/**
 * The smallest job by default, and the most {@link minJobRows} asks for: with few features, below
 * it a job's message and partial sums cost more than it saves.
 */
export const MIN_JOB_ROWS = 2048;

/** No last job smaller than this: each job's statistics (k·d² numbers for full) are added on the calling thread. */
export const MIN_JOB_ROWS_FLOOR = 128;

/** The work of {@link MIN_JOB_ROWS} rows of 2 features, 5 full components (≈ 0.1 ms), in the units of {@link rowWork}. */
const MIN_JOB_WORK = MIN_JOB_ROWS * 5 * (2 * 2 + 8 * 2 + 32);

/**
 * The E-step's work per row, roughly proportional to its time: per component, the d × d
 * triangular product and second moments for full and tied covariances, a few passes over the d
 * features for diagonal ones, and the exponential and sums (the constant).
 */
function rowWork(covarianceType: CovarianceType, d: number, k: number): number {
  const perComponent = covarianceType === 'full' || covarianceType === 'tied' ? d * d + 8 * d : 8 * d;
  return k * (perComponent + 32);
}

/**
 * The smallest job for an E-step of this shape: as many rows as take about as long as the last
 * jobs of 2 features (the time a worker may wait at the end of an E-step), between
 * {@link MIN_JOB_ROWS_FLOOR} and {@link MIN_JOB_ROWS}. With 8 features and 8 full components that
 * is 416 rows, with 32 features 128, where 2 048 rows made a worker wait up to 0.5 and 2.4 ms.
 */
export function minJobRows(covarianceType: CovarianceType, d: number, k: number): number {
  const rows = Math.ceil(MIN_JOB_WORK / rowWork(covarianceType, d, k));
  return Math.max(MIN_JOB_ROWS_FLOOR, Math.min(MIN_JOB_ROWS, rows));
}

/**
 * The first row of each job and, last, `rows`: job j covers rows `bounds[j]` … `bounds[j + 1]`.
 * Each job is half of an even share of the rows still left (remaining / 2·workers), but no
 * smaller than `minRows` (default {@link MIN_JOB_ROWS}; {@link minJobRows} for an E-step); one
 * worker (or few rows) gives a single job.
 */
export function jobBounds(rows: number, workers: number, minRows = MIN_JOB_ROWS): number[] {
  const bounds = [0];
  if (workers <= 1) {
    bounds.push(rows);
    return bounds;
  }
  let start = 0;
  while (start < rows) {
    const remaining = rows - start;
    const size = Math.max(minRows, Math.ceil(remaining / (2 * workers)));
    // A last piece smaller than a job joins the one before it.
    start = remaining - size < minRows ? rows : start + size;
    bounds.push(start);
  }
  return bounds;
}
