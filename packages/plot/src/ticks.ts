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
  // A zero-width domain gets a unit of room so the scale stays invertible.
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const length = Math.abs(range[1] - range[0]);
  let count = Math.max(2, Math.floor(length / pixelsPerTick));
  for (;;) {
    const scale = scaleLinear().domain([lo, hi]).range(range);
    if (spec.nice) scale.nice(count);
    let values = scale.ticks(count);
    if (spec.integer) values = values.filter((v) => Number.isInteger(v));
    // d3's tickFormat is d3-format with the precision derived from the tick step (precisionFixed), so
    // labels carry as many decimals as the step needs and no more.
    const format = spec.integer ? (v: number) => String(v) : scale.tickFormat(count);
    const ticks = values.map((value) => ({ value, label: format(value) }));
    // Horizontal labels must not touch each other; vertical ones need a line of height each.
    const widest = Math.max(0, ...ticks.map((t) => textWidth(t.label, fontSize)));
    const needed = horizontal ? (widest + fontSize) * ticks.length : fontSize * 1.6 * ticks.length;
    if (needed <= length || count <= 2) return { scale, ticks };
    count = Math.max(2, Math.floor(count / 1.5));
  }
}

/**
 * Ticks at every whole number from `lo` to `hi` (numbers of components), or every 2nd, 5th, 10th, …
 * counting from `lo` when the labels would not fit side by side in `length` pixels.
 */
export function wholeNumberTicks(lo: number, hi: number, length: number, fontSize: number): Tick[] {
  const widest = textWidth(String(hi), fontSize) + fontSize;
  const steps = [1, 2, 5];
  for (let scale = 1; ; scale *= 10) {
    for (const base of steps) {
      const step = base * scale;
      const count = Math.floor((hi - lo) / step) + 1;
      if (count * widest <= length || count <= 2) {
        return Array.from({ length: count }, (_, i) => ({
          value: lo + i * step,
          label: String(lo + i * step),
        }));
      }
    }
  }
}
