import { InvalidInputError, InvalidOptionError } from '@em/core';
import { num, textWidth } from './format.js';
import { type ChartOptions, resolveOptions } from './options.js';
import { layoutChart, renderAxes, renderDocument } from './svg/chart.js';
import { el } from './svg/element.js';
import { componentColour } from './theme.js';
import type { Tick } from './ticks.js';

/**
 * What a caterpillar plot draws: one random effect's conditional modes (BLUPs) per level with their
 * conditional standard deviations — `@em/mixed`'s `ranef()` entries, or lme4's `ranef(…, condVar = TRUE)`.
 *
 * @example
 * ```ts
 * import type { CaterpillarInput } from '@em/plot';
 * const input: CaterpillarInput = { levels: ['A', 'B', 'C'], values: [-12.2, 3.1, 9.1], condSd: [4.1, 4.1, 4.3] };
 * ```
 */
export interface CaterpillarInput {
  /** Level labels. */
  levels: readonly string[];
  /** The effect of each level. */
  values: ArrayLike<number>;
  /** Conditional standard deviation of each level's effect; draws the intervals when given. */
  condSd?: ArrayLike<number>;
}

/**
 * Options of {@link caterpillarSvg}: the common chart options, the interval's coverage and the order.
 *
 * @example
 * ```ts
 * import type { CaterpillarOptions } from '@em/plot';
 * const options: CaterpillarOptions = { coverage: 0.95, sort: true, xLabel: 'Days' };
 * ```
 */
export interface CaterpillarOptions extends ChartOptions {
  /** Coverage of the normal intervals value ± z·condSd (default 0.95: z = 1.96). */
  coverage?: number;
  /** Sort levels by their effect, smallest at the bottom (default true); false keeps the given order. */
  sort?: boolean;
}

/**
 * The geometry of a caterpillar plot, in data units.
 *
 * @example
 * ```ts
 * import { caterpillarGeometry, type CaterpillarGeometry } from '@em/plot';
 * const g: CaterpillarGeometry = caterpillarGeometry({ levels: ['a', 'b'], values: [1, -1] });
 * g.rows.map((r) => r.level); // ['b', 'a']
 * ```
 */
export interface CaterpillarGeometry {
  /** One row per level, bottom (row 0) to top: the level, its effect and its interval. */
  rows: { row: number; level: string; value: number; lower: number; upper: number }[];
  /** z of the intervals (0 without condSd). */
  z: number;
  /** x range. */
  xDomain: [number, number];
  /** x ticks. */
  xTicks: Tick[];
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function build(input: CaterpillarInput, options: CaterpillarOptions | undefined) {
  if (typeof input !== 'object' || input === null)
    throw new InvalidInputError('input', 'an object { levels, values, condSd? }', input);
  const { levels, values, condSd } = input;
  if (!Array.isArray(levels) || levels.length === 0 || levels.length > 10_000)
    throw new InvalidInputError('input.levels', 'an array of 1 to 10 000 level labels', levels);
  const L = levels.length;
  if (!isArrayLike(values) || values.length !== L)
    throw new InvalidInputError('input.values', `${L} numbers (one per level)`, values);
  if (condSd !== undefined && (!isArrayLike(condSd) || condSd.length !== L))
    throw new InvalidInputError('input.condSd', `${L} numbers (one per level)`, condSd);
  const coverage = options?.coverage ?? 0.95;
  if (typeof coverage !== 'number' || !(coverage > 0 && coverage < 1))
    throw new InvalidOptionError('coverage', 'a number strictly between 0 and 1', coverage);
  const sort = options?.sort ?? true;
  if (typeof sort !== 'boolean') throw new InvalidOptionError('sort', 'true or false', sort);
  const z = condSd === undefined ? 0 : normalQuantile(0.5 + coverage / 2);
  const items = levels.map((level, i) => {
    if (typeof level !== 'string') throw new InvalidInputError('input.levels', 'a string', level, { row: i });
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InvalidInputError('input.values', 'a finite number', v, { row: i });
    const s = condSd === undefined ? 0 : condSd[i];
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0)
      throw new InvalidInputError('input.condSd', 'a finite number >= 0', s, { row: i });
    return { level, value: v, lower: v - z * s, upper: v + z * s };
  });
  const order = items.map((_, i) => i);
  if (sort) order.sort((a, b) => items[a]!.value - items[b]!.value || a - b);
  const rows = order.map((i, row) => ({ row, ...items[i]! }));
  let lo = 0;
  let hi = 0;
  for (const r of rows) {
    lo = Math.min(lo, r.lower);
    hi = Math.max(hi, r.upper);
  }
  if (lo === hi) [lo, hi] = [-1, 1];
  const fs = typeof options?.fontSize === 'number' && options.fontSize > 0 ? options.fontSize : 12;
  const widest = Math.max(
    ...levels.map((l) => textWidth(String(l), typeof fs === 'number' && fs > 0 ? fs : 12)),
  );
  const resolved = resolveOptions(
    {
      ...options,
      height: options?.height ?? Math.min(4000, Math.max(240, 90 + 14 * L)),
      // The level names are the y tick labels: make room for the widest (a bad margin is reported by resolveOptions).
      margin:
        options?.margin === undefined || (typeof options.margin === 'object' && options.margin !== null)
          ? {
              ...options?.margin,
              left: options?.margin?.left ?? 10 + (options?.yLabel ? fs + 12 : 0) + widest + 10,
            }
          : options.margin,
    },
    { xLabel: 'random effect', yLabel: '' },
  );
  const layout = layoutChart({
    kind: 'caterpillar',
    options: resolved,
    legend: [],
    x: { domain: [lo, hi], nice: true },
    y: { domain: [-0.5, L - 0.5] },
  });
  // Every level labelled while they fit (one per ~11 px), else every k-th.
  const every = Math.max(1, Math.ceil((L * resolved.fontSize * 0.95) / layout.plot.height));
  const yTicks: Tick[] = rows
    .filter((r) => r.row % every === 0)
    .map((r) => ({ value: r.row, label: r.level }));
  const geometry: CaterpillarGeometry = {
    rows,
    z,
    xDomain: layout.xScale.domain() as [number, number],
    xTicks: layout.xTicks,
  };
  const description =
    `${L} levels: effects from ${num(rows[0]!.value)} to ${num(rows[rows.length - 1]!.value)}` +
    (sort ? ', sorted' : '') +
    (z > 0 ? `, with ${num(coverage * 100)}% intervals (± ${num(z)} conditional SD).` : '.');
  return { geometry, layout, resolved, yTicks, description };
}

/**
 * Caterpillar-plot geometry: the rows in drawing order with their intervals, and the x axis.
 *
 * @example
 * ```ts
 * import { caterpillarGeometry } from '@em/plot';
 * const g = caterpillarGeometry({ levels: ['a', 'b'], values: [2, -1], condSd: [1, 1] });
 * g.rows[1]!.level; // 'a'
 * g.rows[1]!.upper; // ≈ 3.9599640 (2 + 1.96 × 1)
 * ```
 */
export function caterpillarGeometry(
  input: CaterpillarInput,
  options?: CaterpillarOptions,
): CaterpillarGeometry {
  return build(input, options).geometry;
}

/**
 * A caterpillar plot of random effects as a standalone SVG string (lme4's `dotplot(ranef(fit,
 * condVar = TRUE))`): one row per level, the conditional mode as a dot and its interval value ±
 * z·condSd as a line, sorted by value, with a reference line at zero.
 *
 * Marks carry stable hooks: each row is `g.em-level` with `data-level`, holding `line.em-interval` and
 * `circle.em-effect`.
 *
 * @example
 * ```ts
 * import { caterpillarSvg } from '@em/plot';
 * const svg = caterpillarSvg(
 *   { levels: ['308', '309', '310'], values: [2.3, -40.4, -39], condSd: [12.1, 12.1, 12.1] },
 *   { title: 'Subject intercepts', xLabel: '(Intercept)' },
 * );
 * ```
 */
export function caterpillarSvg(input: CaterpillarInput, options?: CaterpillarOptions): string {
  const { geometry, layout, resolved, yTicks, description } = build(input, options);
  const { theme } = resolved;
  const x = layout.xScale;
  const y = layout.yScale;
  const colour = componentColour(theme, 0);
  const zero =
    geometry.xDomain[0] <= 0 && geometry.xDomain[1] >= 0
      ? el('line', {
          x1: x(0),
          x2: x(0),
          y1: layout.plot.top,
          y2: layout.plot.top + layout.plot.height,
          stroke: theme.muted,
          'stroke-dasharray': '4 3',
        })
      : '';
  const r = geometry.rows.length > 200 ? 1.8 : 3;
  const body =
    zero +
    geometry.rows
      .map((row) =>
        el(
          'g',
          { class: 'em-level', 'data-level': row.level },
          (geometry.z > 0
            ? el('line', {
                class: 'em-interval',
                x1: x(row.lower),
                x2: x(row.upper),
                y1: y(row.row),
                y2: y(row.row),
                stroke: colour,
                'stroke-width': 1.5,
              })
            : '') + el('circle', { class: 'em-effect', cx: x(row.value), cy: y(row.row), r, fill: colour }),
        ),
      )
      .join('');
  return renderDocument({
    kind: 'caterpillar',
    options: resolved,
    description,
    legend: layout.legend,
    legendTop: layout.legendTop,
    frame: renderAxes(layout.plot, x, y, geometry.xTicks, yTicks, resolved, false),
    panels: [{ plot: layout.plot, body }],
    area: layout.plot,
  });
}
