import { InvalidInputError } from '@em/core';
import { line } from 'd3-shape';
import { num } from './format.js';
import { type ChartOptions, resolveOptions } from './options.js';
import { layoutChart, renderAxes, renderDocument } from './svg/chart.js';
import { el } from './svg/element.js';
import type { LegendItem } from './svg/legend.js';
import { componentColour } from './theme.js';
import type { Tick } from './ticks.js';

/**
 * Curves over ability θ, as an item response model gives them: one curve per item (or per category),
 * and for information charts optionally the test total. Plain arrays, so any model (`@em/irt`'s
 * `probabilities`, `itemInformation`, `testInformation`) or any other source can feed it.
 *
 * @example
 * ```ts
 * import type { ItemCurvesInput } from '@em/plot';
 * const theta = [-3, -1.5, 0, 1.5, 3];
 * const input: ItemCurvesInput = {
 *   theta,
 *   curves: [{ label: 'Item 1', values: theta.map((t) => 1 / (1 + Math.exp(-(1.2 * t + 0.5)))) }],
 * };
 * ```
 */
export interface ItemCurvesInput {
  /** Ability values, increasing (the x-axis). */
  theta: ArrayLike<number>;
  /** One curve per item or category: a label and one value per θ. */
  curves: readonly { label: string; values: ArrayLike<number> }[];
  /** Test information (or any total) drawn as a thick line; information charts only. */
  total?: ArrayLike<number>;
}

/**
 * The geometry of an item characteristic or information chart, in data units.
 *
 * @example
 * ```ts
 * import { itemCharacteristicGeometry, type ItemCurvesGeometry } from '@em/plot';
 * const g: ItemCurvesGeometry = itemCharacteristicGeometry({ theta: [-1, 0, 1], curves: [{ label: 'Q1', values: [0.2, 0.5, 0.8] }] });
 * g.curves[0]!.points; // [[-1, 0.2], [0, 0.5], [1, 0.8]]
 * ```
 */
export interface ItemCurvesGeometry {
  /** Each curve's label and `[θ, value]` points. */
  curves: { label: string; points: [number, number][] }[];
  /** The total's points (information charts with a `total`), else undefined. */
  total: [number, number][] | undefined;
  /** x range: the θ grid's. */
  xDomain: [number, number];
  /** y range: [0, 1] for characteristic curves; [0, max] rounded outwards for information. */
  yDomain: [number, number];
  /** θ ticks. */
  xTicks: Tick[];
  /** Value ticks. */
  yTicks: Tick[];
}

function values(argument: string, input: unknown, length: number, probability: boolean): number[] {
  if (!(Array.isArray(input) || (ArrayBuffer.isView(input) && !(input instanceof DataView))))
    throw new InvalidInputError(argument, `an array of ${length} numbers`, input);
  const array = input as ArrayLike<unknown>;
  if (array.length !== length)
    throw new InvalidInputError(argument, `an array of ${length} numbers (one per θ)`, input);
  return Array.from(array, (v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (probability && v > 1))
      throw new InvalidInputError(
        argument,
        probability ? 'a probability in [0, 1]' : 'a finite number >= 0',
        v,
        {
          row: i,
        },
      );
    return v;
  });
}

function build(input: ItemCurvesInput, options: ChartOptions | undefined, kind: 'icc' | 'information') {
  const probability = kind === 'icc';
  const resolved = resolveOptions(options, {
    xLabel: 'ability θ',
    yLabel: probability ? 'probability' : 'information',
  });
  if (typeof input !== 'object' || input === null)
    throw new InvalidInputError('input', '{ theta, curves, total? }', input);
  const thetaIn = input.theta;
  if (!(Array.isArray(thetaIn) || (ArrayBuffer.isView(thetaIn) && !(thetaIn instanceof DataView))))
    throw new InvalidInputError('theta', 'an array of ability values', thetaIn);
  const theta = Array.from(thetaIn as ArrayLike<unknown>, (v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InvalidInputError('theta', 'a finite ability value', v, { row: i });
    return v;
  });
  if (theta.length < 2) throw new InvalidInputError('theta', 'at least two ability values', thetaIn);
  for (let i = 1; i < theta.length; i++)
    if (!(theta[i]! > theta[i - 1]!))
      throw new InvalidInputError('theta', 'increasing ability values', theta[i], { row: i });
  if (!Array.isArray(input.curves))
    throw new InvalidInputError('curves', 'an array of { label, values }', input.curves);
  const curves = input.curves.map((curve, k) => {
    if (typeof curve !== 'object' || curve === null || typeof curve.label !== 'string')
      throw new InvalidInputError(`curves[${k}]`, '{ label: string, values }', curve);
    const ys = values(`curves[${k}].values`, curve.values, theta.length, probability);
    return { label: curve.label, points: theta.map((t, i): [number, number] => [t, ys[i]!]) };
  });
  const total =
    !probability && input.total !== undefined
      ? values('total', input.total, theta.length, false).map((v, i): [number, number] => [theta[i]!, v])
      : undefined;
  if (curves.length === 0 && !total)
    throw new InvalidInputError('curves', 'at least one curve', input.curves);
  const maxY = probability
    ? 1
    : Math.max(1e-9, ...curves.flatMap((c) => c.points.map((p) => p[1])), ...(total ?? []).map((p) => p[1]));
  const { theme } = resolved;
  const legend: LegendItem[] = curves.map((c, k) => ({
    label: c.label,
    colour: componentColour(theme, k),
    mark: 'line',
  }));
  if (total)
    legend.push({ label: 'test information', colour: theme.foreground, mark: 'line', strokeWidth: 3 });
  const layout = layoutChart({
    kind: probability ? 'item-characteristic' : 'information',
    options: resolved,
    legend,
    x: { domain: [theta[0]!, theta[theta.length - 1]!] },
    y: { domain: [0, maxY], nice: !probability },
  });
  const geometry: ItemCurvesGeometry = {
    curves,
    total,
    xDomain: layout.xScale.domain() as [number, number],
    yDomain: layout.yScale.domain() as [number, number],
    xTicks: layout.xTicks,
    yTicks: layout.yTicks,
  };
  const describe = (points: [number, number][]) => {
    const peak = points.reduce((best, p) => (p[1] > best[1] ? p : best));
    return `peaks at θ = ${num(peak[0])} (${num(peak[1])})`;
  };
  const description = probability
    ? `Item characteristic curves of ${curves.length} item${curves.length === 1 ? '' : 's'} over θ from ${num(theta[0]!)} to ${num(theta[theta.length - 1]!)}: ` +
      curves
        .map((c) => {
          const mid = c.points.find((p) => p[1] >= 0.5);
          return `${c.label} ${mid ? `reaches 0.5 at θ ≈ ${num(mid[0])}` : 'stays below 0.5'}`;
        })
        .join('; ') +
      '.'
    : `Information over θ from ${num(theta[0]!)} to ${num(theta[theta.length - 1]!)}: ` +
      [
        ...curves.map((c) => `${c.label} ${describe(c.points)}`),
        ...(total ? [`the test ${describe(total)}`] : []),
      ].join('; ') +
      '.';
  return {
    geometry,
    layout,
    resolved,
    description,
    kind: probability ? 'item-characteristic' : 'information',
  };
}

function render(built: ReturnType<typeof build>): string {
  const { geometry, layout, resolved, description, kind } = built;
  const { theme } = resolved;
  const path = line<[number, number]>()
    .x((p) => layout.xScale(p[0]))
    .y((p) => layout.yScale(p[1]))
    .digits(2);
  let body = '';
  geometry.curves.forEach((curve, k) => {
    body += el('path', {
      class: 'em-curve',
      'data-curve': k,
      d: path(curve.points) ?? '',
      fill: 'none',
      stroke: componentColour(theme, k),
      'stroke-width': 2,
    });
  });
  if (geometry.total)
    body += el('path', {
      class: 'em-total',
      d: path(geometry.total) ?? '',
      fill: 'none',
      stroke: theme.foreground,
      'stroke-width': 3,
    });
  return renderDocument({
    kind,
    options: resolved,
    description,
    legend: layout.legend,
    legendTop: layout.legendTop,
    frame: renderAxes(layout.plot, layout.xScale, layout.yScale, geometry.xTicks, geometry.yTicks, resolved),
    panels: [{ plot: layout.plot, body }],
    area: layout.plot,
  });
}

/**
 * Item characteristic curves geometry: probabilities over θ, y fixed to [0, 1].
 *
 * @example
 * ```ts
 * import { itemCharacteristicGeometry } from '@em/plot';
 * itemCharacteristicGeometry({ theta: [-2, 0, 2], curves: [{ label: 'Q1', values: [0.1, 0.5, 0.9] }] }).yDomain; // [0, 1]
 * ```
 */
export function itemCharacteristicGeometry(
  input: ItemCurvesInput,
  options?: ChartOptions,
): ItemCurvesGeometry {
  return build(input, options, 'icc').geometry;
}

/**
 * Item characteristic curves as a standalone SVG: the probability of a correct response (or of each
 * category) over ability θ, one coloured line per curve (`path.em-curve` with `data-curve`). Values
 * must be probabilities in [0, 1].
 *
 * @example
 * ```ts
 * import { itemCharacteristicSvg } from '@em/plot';
 * const theta = Array.from({ length: 61 }, (_, i) => -3 + i / 10);
 * const curve = (a: number, b: number) => theta.map((t) => 1 / (1 + Math.exp(-a * (t - b))));
 * const svg = itemCharacteristicSvg({
 *   theta,
 *   curves: [{ label: 'easy', values: curve(1, -1) }, { label: 'hard', values: curve(2, 1) }],
 * }, { title: 'Item characteristic curves' });
 * ```
 */
export function itemCharacteristicSvg(input: ItemCurvesInput, options?: ChartOptions): string {
  return render(build(input, options, 'icc'));
}

/**
 * Information curves geometry: item (and test) information over θ.
 *
 * @example
 * ```ts
 * import { informationGeometry } from '@em/plot';
 * const g = informationGeometry({ theta: [-1, 0, 1], curves: [{ label: 'Q1', values: [0.2, 0.25, 0.2] }], total: [0.2, 0.25, 0.2] });
 * g.total!.length; // 3
 * ```
 */
export function informationGeometry(input: ItemCurvesInput, options?: ChartOptions): ItemCurvesGeometry {
  return build(input, options, 'information').geometry;
}

/**
 * Item and test information curves as a standalone SVG: each item's information as a thin coloured
 * line (`path.em-curve`), the test information (`total`) as a thick one (`path.em-total`). Where the test
 * information is I, an ability estimate's standard error is about 1/√I.
 *
 * @example
 * ```ts
 * import { informationSvg } from '@em/plot';
 * const theta = Array.from({ length: 61 }, (_, i) => -3 + i / 10);
 * const info = (a: number, b: number) =>
 *   theta.map((t) => { const p = 1 / (1 + Math.exp(-a * (t - b))); return a * a * p * (1 - p); });
 * const [i1, i2] = [info(1, -1), info(2, 1)];
 * const svg = informationSvg({
 *   theta,
 *   curves: [{ label: 'easy', values: i1 }, { label: 'hard', values: i2 }],
 *   total: i1.map((v, i) => v + i2[i]!),
 * });
 * ```
 */
export function informationSvg(input: ItemCurvesInput, options?: ChartOptions): string {
  return render(build(input, options, 'information'));
}
