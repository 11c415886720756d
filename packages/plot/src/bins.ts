import { InvalidInputError, InvalidOptionError } from '@em/core';
import { bin, deviation, extent, quantileSorted } from 'd3-array';
import { toSample } from './validate.js';

/**
 * Rules that choose the number of equal-width bins from the data, as numpy's `histogram_bin_edges`
 * defines them: `'sturges'` (log₂ n + 1 bins), `'freedman-diaconis'` (width 2·IQR·n^(−1/3)), `'scott'`
 * (width 3.49·σ·n^(−1/3)), and `'auto'` (the smaller width of Sturges and Freedman–Diaconis).
 *
 * @example
 * ```ts
 * import { binEdges, type BinRule } from '@em/plot';
 * const rule: BinRule = 'freedman-diaconis';
 * binEdges([1, 2, 2, 3, 3, 3, 4, 4, 5], rule);
 * ```
 */
export type BinRule = 'auto' | 'sturges' | 'freedman-diaconis' | 'scott';

/**
 * A number of equal-width bins, explicit increasing edges, or a rule.
 *
 * @example
 * ```ts
 * import { histogramSvg, type Bins } from '@em/plot';
 * for (const bins of [10, [0, 1, 5], 'sturges'] as Bins[]) histogramSvg([0.5, 1.5, 4.5], { bins });
 * ```
 */
export type Bins = number | readonly number[] | BinRule;

/** The most bins a histogram draws: beyond it bars are thinner than a pixel, and memory runs out. */
export const MAX_BINS = 10_000;

function linspace(start: number, stop: number, n: number): number[] {
  // Same arithmetic as numpy.linspace, so edges (and so counts at the boundaries) agree with numpy.
  const step = (stop - start) / n;
  // A range wider than the largest double (−1e308 to 1e308) overflows: interpolate instead.
  const edges = Number.isFinite(step)
    ? Array.from({ length: n + 1 }, (_, i) => start + i * step)
    : Array.from({ length: n + 1 }, (_, i) => start * (1 - i / n) + stop * (i / n));
  edges[n] = stop;
  return edges;
}

/** Explicit edges: at least 2, finite, strictly increasing, at most MAX_BINS + 1. */
function checkEdges(edges: unknown, name: string): number[] {
  if (!Array.isArray(edges) || edges.length < 2)
    throw new InvalidOptionError(name, 'an array of at least 2 edges, increasing', edges);
  if (edges.length > MAX_BINS + 1)
    throw new InvalidOptionError(name, `at most ${MAX_BINS + 1} edges (${MAX_BINS} bins)`, edges);
  edges.forEach((edge, i) => {
    if (typeof edge !== 'number' || !Number.isFinite(edge))
      throw new InvalidOptionError(`${name}[${i}]`, 'a finite number', edge);
    if (i > 0 && !(edge > edges[i - 1]))
      throw new InvalidOptionError(
        `${name}[${i}]`,
        `an edge greater than ${edges[i - 1]} (edges increase)`,
        edge,
      );
  });
  return edges.slice();
}

function ruleWidth(rule: BinRule, sorted: number[]): number {
  const n = sorted.length;
  const range = sorted[n - 1]! - sorted[0]!;
  const sturges = range / (Math.log2(n) + 1);
  const iqr = quantileSorted(sorted, 0.75)! - quantileSorted(sorted, 0.25)!;
  const fd = (2 * iqr) / Math.cbrt(n);
  switch (rule) {
    case 'sturges':
      return sturges;
    case 'freedman-diaconis':
      return fd;
    case 'scott': {
      // numpy uses the population standard deviation (ddof 0); d3's deviation is the sample one.
      const sd = n > 1 ? (deviation(sorted) ?? 0) * Math.sqrt((n - 1) / n) : 0;
      return Math.cbrt((24 * Math.sqrt(Math.PI)) / n) * sd;
    }
    case 'auto':
      return fd > 0 ? Math.min(fd, sturges) : sturges;
  }
}

/**
 * The bin edges for a sample: `bins` equal-width bins over its range, the given edges, or a rule's choice.
 * A sample whose values are all equal gets the range value ± 0.5, as numpy does.
 *
 * @example
 * ```ts
 * import { binEdges } from '@em/plot';
 * binEdges([0, 1, 2, 3, 4], 4);          // [0, 1, 2, 3, 4]
 * binEdges([0, 1, 2, 3, 4], 'sturges');  // 4 bins: ceil(log2(5) + 1)
 * ```
 */
export function binEdges(sample: ArrayLike<number>, bins: Bins = 'auto'): number[] {
  if (Array.isArray(bins)) return checkEdges(bins, 'bins');
  const values = toSample(sample, 'sample');
  const [min, max] = extent(values) as [number, number];
  // ±0.5 around a single value, as numpy; near ±MAX_VALUE the half step is lost, so widen relatively.
  const half = Math.max(0.5, Math.abs(min) * Number.EPSILON);
  const [lo, hi] = min === max ? [min - half, max + half] : [min, max];
  if (typeof bins === 'number') {
    if (!Number.isInteger(bins) || bins < 1 || bins > MAX_BINS)
      throw new InvalidOptionError('bins', `an integer from 1 to ${MAX_BINS}`, bins);
    return linspace(lo, hi, bins);
  }
  if (bins !== 'auto' && bins !== 'sturges' && bins !== 'freedman-diaconis' && bins !== 'scott')
    throw new InvalidOptionError(
      'bins',
      "an integer >= 1, an array of edges, or 'auto' | 'sturges' | 'freedman-diaconis' | 'scott'",
      bins,
    );
  const sorted = Array.from(values).sort((x, y) => x - y);
  const width = ruleWidth(bins, sorted);
  // Range and width in one unit of the range, so that ±1e308 data does not overflow the ratio.
  const span = hi - lo;
  const count =
    width > 0 ? Math.ceil(Number.isFinite(span) ? span / width : hi / width - lo / width || 1) : 1;
  if (!(count <= MAX_BINS))
    throw new InvalidInputError(
      'sample',
      `data for which the '${bins}' rule gives at most ${MAX_BINS} bins`,
      `${Number.isFinite(count) ? count : 'unboundedly many'} bins`,
    );
  return linspace(lo, hi, count);
}

/**
 * Counts of `sample` in each bin. Bins are half-open `[edge_i, edge_i+1)` except the last, which also
 * holds its upper edge (numpy's convention); values outside the edges are not counted.
 *
 * @example
 * ```ts
 * import { binCounts } from '@em/plot';
 * binCounts([0, 0.5, 1, 2], [0, 1, 2]); // [2, 2]
 * ```
 */
export function binCounts(sample: ArrayLike<number>, edges: readonly number[]): number[] {
  const values = toSample(sample, 'sample');
  checkEdges(edges, 'edges');
  const binner = bin()
    .domain([edges[0]!, edges[edges.length - 1]!])
    .thresholds(edges.slice(1, -1));
  return binner(Array.from(values)).map((b) => b.length);
}
