import { InvalidInputError, InvalidOptionError } from '@em/core';
import { scaleLinear } from 'd3-scale';
import { area } from 'd3-shape';
import { num } from './format.js';
import { type ChartOptions, resolveOptions } from './options.js';
import { layoutChart, renderAxes, renderDocument } from './svg/chart.js';
import { el, text } from './svg/element.js';
import type { LegendItem } from './svg/legend.js';
import { componentColour } from './theme.js';
import type { Tick } from './ticks.js';

/**
 * What a state-sequence chart draws: a hidden Markov model's observations over time, each coloured by
 * its decoded state, and under them a band of the posterior probability of every state at every step.
 * Plain arrays, so it takes any model's output (`@em/hmm`'s `predict` and `predictProba`, or another
 * library's).
 *
 * @example
 * ```ts
 * import type { StateSequenceInput } from '@em/plot';
 * const input: StateSequenceInput = {
 *   observations: [1, 6, 6, 2],
 *   states: [0, 1, 1, 0],
 *   posteriors: [[0.9, 0.1], [0.2, 0.8], [0.1, 0.9], [0.7, 0.3]],
 * };
 * ```
 */
export interface StateSequenceInput {
  /** One value per step (a univariate observation, a symbol's number, a count). */
  observations: ArrayLike<number>;
  /** The decoded state of every step: integers 0…nStates−1 (Viterbi or posterior decoding). */
  states: ArrayLike<number>;
  /** P(state j at step t | all observations), T × nStates; draws the band when given. */
  posteriors?: ArrayLike<ArrayLike<number>>;
}

/**
 * Options of {@link stateSequenceSvg}: the common chart options plus state names and the number of
 * steps drawn before thinning.
 *
 * @example
 * ```ts
 * import type { StateSequenceOptions } from '@em/plot';
 * const options: StateSequenceOptions = { stateLabels: ['fair', 'loaded'], yLabel: 'roll', maxPoints: 1000 };
 * ```
 */
export interface StateSequenceOptions extends ChartOptions {
  /** Legend label of each state; default "state 0", "state 1", … */
  stateLabels?: readonly string[];
  /**
   * At most this many steps are drawn (default 2000): longer sequences are thinned to every k-th
   * step, so the SVG stays small whatever T is.
   */
  maxPoints?: number;
}

/**
 * The geometry of a state-sequence chart, in data units, for drawing it with any library.
 *
 * @example
 * ```ts
 * import { stateSequenceGeometry, type StateSequenceGeometry } from '@em/plot';
 * const g: StateSequenceGeometry = stateSequenceGeometry({ observations: [1, 2], states: [0, 1] });
 * g.points; // [{ step: 0, value: 1, state: 0 }, { step: 1, value: 2, state: 1 }]
 * ```
 */
export interface StateSequenceGeometry {
  /** The steps drawn (all of them, or every `stride`-th): step index, observation, decoded state. */
  points: { step: number; value: number; state: number }[];
  /** Every how many steps a point is drawn (1 unless thinned). */
  stride: number;
  /** Number of states: the largest state seen + 1, or the posteriors' width. */
  nStates: number;
  /**
   * For each state, the band's lower and upper edge at each drawn step: the posteriors stacked in
   * state order, so state j fills [Σ_{i<j} p_i, Σ_{i≤j} p_i]. Empty without posteriors.
   */
  band: { step: number; lower: number; upper: number }[][];
  /** x-axis range in steps. */
  xDomain: [number, number];
  /** y-axis range of the observations. */
  yDomain: [number, number];
  /** Step ticks. */
  xTicks: Tick[];
  /** Observation ticks. */
  yTicks: Tick[];
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function build(input: StateSequenceInput, options: StateSequenceOptions | undefined) {
  if (typeof input !== 'object' || input === null)
    throw new InvalidInputError('input', 'an object { observations, states, posteriors? }', input);
  const { observations, states, posteriors } = input;
  if (!isArrayLike(observations) || observations.length === 0)
    throw new InvalidInputError('input.observations', 'a non-empty array of numbers', observations);
  const t = observations.length;
  if (!isArrayLike(states) || states.length !== t)
    throw new InvalidInputError('input.states', `an array of ${t} states (one per observation)`, states);
  const maxPoints = options?.maxPoints ?? 2000;
  if (!Number.isInteger(maxPoints) || maxPoints < 2)
    throw new InvalidOptionError('maxPoints', 'an integer >= 2', maxPoints);
  const labels = options?.stateLabels;
  if (labels !== undefined && (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')))
    throw new InvalidOptionError('stateLabels', 'an array of strings', labels);
  let nStates = 0;
  for (let i = 0; i < t; i++) {
    const v = observations[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InvalidInputError('input.observations', 'a finite number', v, { row: i });
    const s = states[i];
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > 1023)
      throw new InvalidInputError('input.states', 'a state: an integer in 0…1023', s, { row: i });
    if (s + 1 > nStates) nStates = s + 1;
  }
  if (posteriors !== undefined) {
    if (!isArrayLike(posteriors) || posteriors.length !== t)
      throw new InvalidInputError(
        'input.posteriors',
        `an array of ${t} rows (one per observation)`,
        posteriors,
      );
    const first = posteriors[0];
    if (!isArrayLike(first) || first.length < nStates || first.length > 1024)
      throw new InvalidInputError('input.posteriors', `rows of at least ${nStates} probabilities`, first, {
        row: 0,
      });
    nStates = first.length;
  }
  const stride = Math.max(1, Math.ceil(t / maxPoints));
  const points: StateSequenceGeometry['points'] = [];
  const band: StateSequenceGeometry['band'] = posteriors ? Array.from({ length: nStates }, () => []) : [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < t; i++) {
    const v = observations[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  for (let i = 0; i < t; i += stride) {
    points.push({ step: i, value: observations[i] as number, state: states[i] as number });
    if (posteriors) {
      const row = posteriors[i];
      if (!isArrayLike(row) || row.length !== nStates)
        throw new InvalidInputError('input.posteriors', `a row of ${nStates} probabilities`, row, { row: i });
      let acc = 0;
      for (let j = 0; j < nStates; j++) {
        const p = row[j];
        if (typeof p !== 'number' || !(p >= 0 && p <= 1 + 1e-9))
          throw new InvalidInputError('input.posteriors', 'a probability in [0, 1]', p, {
            row: i,
            column: j,
          });
        const lower = Math.min(acc, 1);
        acc += p;
        band[j]!.push({ step: i, lower, upper: Math.min(acc, 1) });
      }
    }
  }
  const resolved = resolveOptions(options, { xLabel: 'step', yLabel: 'observation' });
  const legend: LegendItem[] = Array.from({ length: nStates }, (_, j) => ({
    label: labels?.[j] ?? `state ${j}`,
    colour: componentColour(resolved.theme, j),
    mark: 'point',
  }));
  const last = Math.max(1, t - 1);
  const layout = layoutChart({
    kind: 'state-sequence',
    options: resolved,
    legend,
    x: { domain: [0, last], integer: true },
    y: { domain: [lo, hi], nice: true },
  });
  // The band takes the top quarter of the plotting area when there are posteriors.
  const bandHeight = posteriors ? Math.max(24, Math.round(layout.plot.height * 0.22)) : 0;
  const gap = posteriors ? 10 : 0;
  const bandPlot = { ...layout.plot, height: bandHeight };
  const obsPlot = {
    ...layout.plot,
    top: layout.plot.top + bandHeight + gap,
    height: Math.max(10, layout.plot.height - bandHeight - gap),
  };
  const yDomain = layout.yScale.domain() as [number, number];
  const yScale = scaleLinear()
    .domain(yDomain)
    .range([obsPlot.top + obsPlot.height, obsPlot.top]);
  const bandScale = scaleLinear()
    .domain([0, 1])
    .range([bandPlot.top + bandPlot.height, bandPlot.top]);
  // Fewer observation ticks when the band takes room: no closer than ~40 px.
  const room = Math.max(2, Math.floor(obsPlot.height / 40));
  const step = Math.ceil(layout.yTicks.length / room);
  const yTicks = layout.yTicks.filter((_, i) => i % step === 0);
  const geometry: StateSequenceGeometry = {
    points,
    stride,
    nStates,
    band,
    xDomain: layout.xScale.domain() as [number, number],
    yDomain,
    xTicks: layout.xTicks,
    yTicks,
  };
  const counts = new Array<number>(nStates).fill(0);
  for (let i = 0; i < t; i++) counts[states[i] as number]!++;
  const shares = counts.map((c, j) => `${legend[j]!.label} ${num((100 * c) / t)}%`).join(', ');
  const description =
    `${t} observations from ${num(lo)} to ${num(hi)}, coloured by decoded state (${shares})` +
    (stride > 1 ? `; every ${stride}th step drawn` : '') +
    (posteriors ? '; the band above shows the posterior probability of each state at each step.' : '.');
  return { geometry, layout, resolved, description, yScale, bandScale, bandPlot, obsPlot };
}

/**
 * State-sequence geometry: the drawn points with their decoded states, the stacked posterior band,
 * domains and ticks.
 *
 * @example
 * ```ts
 * import { stateSequenceGeometry } from '@em/plot';
 * const g = stateSequenceGeometry({
 *   observations: [1, 6, 6],
 *   states: [0, 1, 1],
 *   posteriors: [[0.8, 0.2], [0.3, 0.7], [0.1, 0.9]],
 * });
 * g.band[1]![0]; // { step: 0, lower: 0.8, upper: 1 }
 * ```
 */
export function stateSequenceGeometry(
  input: StateSequenceInput,
  options?: StateSequenceOptions,
): StateSequenceGeometry {
  return build(input, options).geometry;
}

/**
 * A hidden Markov model's decoding as a standalone SVG string: the observations over time as dots
 * coloured by decoded state and, when posteriors are given, a band above them whose coloured heights
 * are the posterior probabilities of the states at each step (where the band is mixed, the decoding
 * is uncertain). Sequences longer than `maxPoints` are thinned.
 *
 * Marks carry stable hooks: each dot is `circle.em-step` with `data-step` and `data-state`; each
 * state's band is `path.em-posterior` with `data-state`.
 *
 * @example
 * ```ts
 * import { stateSequenceSvg } from '@em/plot';
 * const svg = stateSequenceSvg(
 *   { observations: [1, 6, 6, 6, 3], states: [0, 1, 1, 1, 0], posteriors: [[0.9, 0.1], [0.3, 0.7], [0.1, 0.9], [0.2, 0.8], [0.8, 0.2]] },
 *   { title: 'The dishonest casino', stateLabels: ['fair', 'loaded'], yLabel: 'roll' },
 * );
 * ```
 */
export function stateSequenceSvg(input: StateSequenceInput, options?: StateSequenceOptions): string {
  const { geometry, layout, resolved, description, yScale, bandScale, bandPlot, obsPlot } = build(
    input,
    options,
  );
  const { theme } = resolved;
  const x = layout.xScale;
  const r = geometry.points.length > 600 ? 1.6 : 2.6;
  const dots = geometry.points
    .map((p) =>
      el('circle', {
        class: 'em-step',
        'data-step': p.step,
        'data-state': p.state,
        cx: x(p.step),
        cy: yScale(p.value),
        r,
        fill: componentColour(theme, p.state),
      }),
    )
    .join('');
  const bandArea = area<{ step: number; lower: number; upper: number }>()
    .x((q) => x(q.step))
    .y0((q) => bandScale(q.lower))
    .y1((q) => bandScale(q.upper))
    .digits(2);
  const bands = geometry.band
    .map((points, j) =>
      el('path', {
        class: 'em-posterior',
        'data-state': j,
        d: bandArea(points) ?? '',
        fill: componentColour(theme, j),
        'fill-opacity': 0.85,
      }),
    )
    .join('');
  const bandTicks: Tick[] = [
    { value: 0, label: '0' },
    { value: 1, label: '1' },
  ];
  const frame =
    renderAxes(obsPlot, x, yScale, geometry.xTicks, geometry.yTicks, resolved) +
    (geometry.band.length > 0
      ? renderAxes(bandPlot, x, bandScale, null, bandTicks, resolved, false) +
        text(
          {
            x: bandPlot.left + 4,
            y: bandPlot.top - 3,
            fill: theme.muted,
            'font-size': resolved.fontSize * 0.85,
          },
          'P(state | data)',
        )
      : '');
  const panels = [{ plot: obsPlot, body: dots }];
  if (geometry.band.length > 0) panels.push({ plot: bandPlot, body: bands });
  return renderDocument({
    kind: 'state-sequence',
    options: resolved,
    description,
    legend: layout.legend,
    legendTop: layout.legendTop,
    frame,
    panels,
    area: layout.plot,
  });
}
