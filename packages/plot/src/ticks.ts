import { InvalidInputError } from '@em/core';
import { type ScaleLinear, scaleLinear } from 'd3-scale';
import { textWidth } from './format.js';

/**
 * One axis tick: its value in data units and the label drawn next to it.
 *
 * @example
 * ```ts
 * import { histogramGeometry, type Tick } from '@em/plot';
 * const ticks: Tick[] = histogramGeometry([1, 2, 3, 4]).xTicks; // e.g. { value: 2, label: '2.0' }
 * ```
 */
export interface Tick {
  /** Position of the tick in data units (the axis's domain units, not pixels). */
  value: number;
  /** Text drawn at the tick: `value` with the decimals the tick step needs (integers on integer axes). */
  label: string;
}

/** How an axis maps data to pixels. */
export interface AxisSpec {
  domain: [number, number];
  /** Extend the domain to round tick values (d3's `nice`). */
  nice?: boolean;
  /** Only whole-number ticks (iterations, component counts). */
  integer?: boolean;
  /** The argument the domain comes from, named by the error when its span overflows. Default `'data'`. */
  argument?: string;
}

/**
 * d3's ticks, or the domain's ends where d3 cannot step: its tick step is a power of ten, which does not
 * exist for spans among the subnormals (5e-324) or near the largest doubles (an array of invalid length).
 */
function ticksOf(scale: ScaleLinear<number, number>, count: number): number[] {
  let values: number[] = [];
  try {
    values = scale.ticks(count).filter(Number.isFinite);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  if (values.length > 0) return values;
  const [lo, hi] = scale.domain() as [number, number];
  return lo === hi ? [lo] : [lo, hi];
}

/** d3's tick format, or three significant digits where d3's precision is not a number. */
function formatOf(scale: ScaleLinear<number, number>, count: number): (value: number) => string {
  const d3 = scale.tickFormat(count);
  return (value) => {
    const label = d3(value);
    return /NaN|Infinity/.test(label) ? String(Number(value.toPrecision(3))) : label;
  };
}

/** A linear scale and its ticks for `length` pixels, with no more ticks than fit. */
export function axisTicks(
  spec: AxisSpec,
  range: [number, number],
  pixelsPerTick: number,
  fontSize: number,
  horizontal: boolean,
): { scale: ScaleLinear<number, number>; ticks: Tick[] } {
  let [lo, hi] = spec.domain;
  // Pixels are (x − lo) / (hi − lo): a span past the largest double would put every mark at NaN.
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(hi - lo))
    throw new InvalidInputError(
      spec.argument ?? 'data',
      'values whose range (largest − smallest) is a finite number (below 1.8e308)',
      `values from ${lo} to ${hi}`,
    );
  // A zero-width domain gets room so the scale stays invertible (inward at the edge of the doubles).
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    if (Number.isFinite(hi + pad)) hi += pad;
    if (Number.isFinite(lo - pad)) lo -= pad;
  }
  const length = Math.abs(range[1] - range[0]);
  let count = Math.max(2, Math.floor(length / pixelsPerTick));
  for (;;) {
    const scale = scaleLinear().domain([lo, hi]).range(range);
    if (spec.nice) scale.nice(count);
    // Rounding outward can overflow near ±1.8e308: keep the exact domain then.
    if (!scale.domain().every(Number.isFinite)) scale.domain([lo, hi]);
    let values = ticksOf(scale, count);
    if (spec.integer) values = values.filter((v) => Number.isInteger(v));
    // d3's tickFormat is d3-format with the precision derived from the tick step (precisionFixed), so
    // labels carry as many decimals as the step needs and no more.
    const format = spec.integer ? (v: number) => String(v) : formatOf(scale, count);
    const ticks = values.map((value) => ({ value, label: format(value) }));
    // Horizontal labels must not touch each other; vertical ones need a line of height each.
    const widest = Math.max(0, ...ticks.map((t) => textWidth(t.label, fontSize)));
    const needed = horizontal ? (widest + fontSize) * ticks.length : fontSize * 1.6 * ticks.length;
    if (needed <= length || count <= 2) return { scale, ticks };
    count = Math.max(2, Math.floor(count / 1.5));
  }
}
