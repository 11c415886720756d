/**
 * How the rows of a fit are cut into the jobs that workers take from a shared counter, one
 * E-step after another. Guided scheduling: the first jobs are large (few messages, few partial
 * sums) and they shrink towards the end of the rows, so that when one worker takes the last job
 * the other is at most a small job behind — the time a worker waits at the end of each E-step,
 * with nothing to do until every statistic is in, is the size of the last jobs, not of a fixed
 * share. The cut depends only on the rows and the number of workers, never on which worker took
 * which job, so the statistics (added in job order) are the same whoever did what.
 */

/** No job smaller than this many rows: below it a job's message and partial sums cost more than it saves. */
export const MIN_JOB_ROWS = 2048;

/**
 * The first row of each job and, last, `rows`: job j covers rows `bounds[j]` … `bounds[j + 1]`.
 * Each job is half of an even share of the rows still left (remaining / 2·workers), but no
 * smaller than {@link MIN_JOB_ROWS}; one worker (or few rows) gives a single job.
 */
export function jobBounds(rows: number, workers: number): number[] {
  const bounds = [0];
  if (workers <= 1) {
    bounds.push(rows);
    return bounds;
  }
  let start = 0;
  while (start < rows) {
    const remaining = rows - start;
    const size = Math.max(MIN_JOB_ROWS, Math.ceil(remaining / (2 * workers)));
    // A last piece smaller than a job joins the one before it.
    start = remaining - size < MIN_JOB_ROWS ? rows : start + size;
    bounds.push(start);
  }
  return bounds;
}
