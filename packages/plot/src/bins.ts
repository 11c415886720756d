import { InvalidOptionError } from '@em/core';
import { bin, deviation, extent, quantileSorted } from 'd3-array';

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

function linspace(start: number, stop: number, n: number): number[] {
  // Same arithmetic as numpy.linspace, so edges (and so counts at the boundaries) agree with numpy.
  const step = (stop - start) / n;
  const edges = Array.from({ length: n + 1 }, (_, i) => start + i * step);
  edges[n] = stop;
  return edges;
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
  if (Array.isArray(bins)) {
    if (bins.length < 2) throw new InvalidOptionError('bins', 'at least 2 edges', bins);
    bins.forEach((edge, i) => {
      if (typeof edge !== 'number' || !Number.isFinite(edge))
        throw new InvalidOptionError(`bins[${i}]`, 'a finite number', edge);
      if (i > 0 && !(edge > bins[i - 1]!))
        throw new InvalidOptionError(`bins[${i}]`, `an edge greater than ${bins[i - 1]}`, edge);
    });
    return bins.slice();
  }
  const [min, max] = extent(Array.from(sample)) as [number, number];
  const [lo, hi] = min === max ? [min - 0.5, max + 0.5] : [min, max];
  if (typeof bins === 'number') {
    if (!Number.isInteger(bins) || bins < 1) throw new InvalidOptionError('bins', 'an integer >= 1', bins);
    return linspace(lo, hi, bins);
  }
  if (bins !== 'auto' && bins !== 'sturges' && bins !== 'freedman-diaconis' && bins !== 'scott')
    throw new InvalidOptionError(
      'bins',
      "an integer >= 1, an array of edges, or 'auto' | 'sturges' | 'freedman-diaconis' | 'scott'",
      bins,
    );
  const sorted = Array.from(sample).sort((x, y) => x - y);
  const width = ruleWidth(bins, sorted);
  const count = width > 0 ? Math.ceil((hi - lo) / width) : 1;
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
  const binner = bin()
    .domain([edges[0]!, edges[edges.length - 1]!])
    .thresholds(edges.slice(1, -1));
  return binner(Array.from(sample)).map((b) => b.length);
}
