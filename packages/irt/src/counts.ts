// The E-step of a fit whose persons are not all in memory: expected counts at the quadrature nodes,
// added chunk by chunk (response patterns are grouped within a chunk), at one or more parameter
// vectors at once — the EM iterate, or it and the probes of the standard errors in one pass.
import type { FlatMatrix } from '@em/core/numeric';
import { logProbTable, marginal } from './estep.js';
import type { Layout } from './layout.js';
import { type EmptyPersons, emptyPersons, groupPatterns } from './responses.js';

/** Expected counts at some parameter vectors, and what the last pass learned about the persons. */
export interface CountsAt {
  /** The expected counts (cells × Q) at each parameter vector, in order. */
  stats: Float64Array[];
  /** Σ log p(responses) over the persons under the first parameter vector (no prior). */
  logLikelihood: number;
  /** Persons with no response to an estimated item (when asked for). */
  empty: EmptyPersons;
}

/** The E-step's counts at `xs`: a pass over the data (one stream pass, or one call per shard and x). */
export type CountsSource = (xs: readonly Float64Array[], findEmpty: boolean) => Promise<CountsAt>;

/** The tables log P(Y_j = k | θ_q) at each parameter vector. */
export function probabilityTables(
  layout: Layout,
  xs: readonly Float64Array[],
  nodes: Float64Array,
): Float64Array[] {
  return xs.map((x) => {
    const table = new Float64Array(layout.cells * nodes.length);
    logProbTable(layout, x, nodes, table);
    return table;
  });
}

/**
 * Adds the expected counts of the persons in X under each table into the matching `stats` (the
 * patterns grouped once for all), and returns their log-likelihood under the first table.
 */
export function addChunkCounts(
  layout: Layout,
  tables: readonly Float64Array[],
  logPrior: Float64Array,
  X: FlatMatrix,
  stats: readonly Float64Array[],
): number {
  const patterns = groupPatterns(X, undefined, layout.active, layout.cell, logPrior.length);
  let logLikelihood = 0;
  tables.forEach((table, i) => {
    const ll = marginal(table, logPrior, patterns, stats[i]);
    if (i === 0) logLikelihood = ll;
  });
  return logLikelihood;
}

/** A pass's running total: counts at each vector, the log-likelihood and the empty persons. */
export function emptyCounts(layout: Layout, count: number, Q: number): CountsAt {
  return {
    stats: Array.from({ length: count }, () => new Float64Array(layout.cells * Q)),
    logLikelihood: 0,
    empty: { count: 0, first: [] },
  };
}

/** Adds one chunk (rows from `row` on) to a pass's running total. */
export function addChunk(
  layout: Layout,
  tables: readonly Float64Array[],
  logPrior: Float64Array,
  X: FlatMatrix,
  row: number,
  total: CountsAt,
  findEmpty: boolean,
): void {
  if (layout.size > 0) total.logLikelihood += addChunkCounts(layout, tables, logPrior, X, total.stats);
  if (findEmpty) emptyPersons(X, undefined, layout.active, row, total.empty);
}
