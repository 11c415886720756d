import type { ScaleLinear } from 'd3-scale';
import { escapeXml as escapeText } from '../escape.js';
import { textWidth } from '../format.js';
import type { Margin, ResolvedOptions } from '../options.js';
import { type AxisSpec, axisTicks, type Tick } from '../ticks.js';
import { el, text } from './element.js';
import { type LegendItem, type PlacedLegend, placeLegend, renderLegend } from './legend.js';

/** What a single-panel chart needs before its body can be drawn. */
export interface ChartSpec {
  kind: string;
  options: ResolvedOptions;
  legend: LegendItem[];
  x: AxisSpec;
  y: AxisSpec;
}

/** Where everything goes, in pixels, and the scales that map data into the plotting area. */
export interface Layout {
  margin: Margin;
  plot: { left: number; top: number; width: number; height: number };
  xScale: ScaleLinear<number, number>;
  yScale: ScaleLinear<number, number>;
  xTicks: Tick[];
  yTicks: Tick[];
  legend: PlacedLegend;
  legendTop: number;
}

const pad = 10;

/** What `<title>` says when the caller gave no title, so screen readers still announce the chart. */
const defaultTitles: Record<string, string> = {
  histogram: 'Histogram',
  density: 'Mixture density',
  scatter: 'Scatter plot by component',
  'scatter-matrix': 'Scatter matrix by component',
  convergence: 'Log-likelihood per iteration',
  'model-selection': 'Model selection',
};
const tickSize = 5;

/** The title broken into lines that fit the chart's width (a single word wider than that stays whole). */
export function titleLines(options: ResolvedOptions): string[] {
  if (!options.title) return [];
  const size = options.fontSize * 1.35;
  const room = options.width - 2 * pad;
  const lines: string[] = [];
  let current = '';
  for (const word of options.title.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    // Bold text runs about 8% wider than the regular text textWidth measures.
    if (current && textWidth(candidate, size) * 1.08 > room) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Height taken by the title and the legend above the plot. */
export function headerLayout(options: ResolvedOptions, legendItems: LegendItem[]) {
  const fs = options.fontSize;
  const lines = titleLines(options);
  const titleHeight = lines.length === 0 ? 0 : fs * 1.35 * (1 + 1.25 * (lines.length - 1)) + 10;
  const legend = placeLegend(legendItems, pad, options.width - 2 * pad, fs);
  const legendTop = pad + titleHeight + fs * 0.8;
  const height = pad + titleHeight + legend.height + (legend.height > 0 ? 6 : 0);
  return { legend, legendTop, height };
}

/** Sizes margins to fit title, legend, tick labels and axis titles, unless the caller fixed them. */
export function layoutChart(spec: ChartSpec): Layout {
  const { options } = spec;
  const fs = options.fontSize;
  const header = headerLayout(options, spec.legend);
  const top = options.margin.top ?? header.height + fs * 0.6;
  const bottom = options.margin.bottom ?? pad + tickSize + 4 + fs + (options.xLabel ? 10 + fs : 0);
  const plotHeight = Math.max(10, options.height - top - bottom);
  const y = axisTicks(spec.y, [top + plotHeight, top], 45, fs, false);
  const widestY = Math.max(0, ...y.ticks.map((t) => textWidth(t.label, fs)));
  const left = options.margin.left ?? pad + (options.yLabel ? fs + 12 : 0) + widestY + tickSize + 5;
  const right = options.margin.right ?? pad + 16;
  const plotWidth = Math.max(10, options.width - left - right);
  const x = axisTicks(spec.x, [left, left + plotWidth], 80, fs, true);
  return {
    margin: { top, right, bottom, left },
    plot: { left, top, width: plotWidth, height: plotHeight },
    xScale: x.scale,
    yScale: y.scale,
    xTicks: x.ticks,
    yTicks: y.ticks,
    legend: header.legend,
    legendTop: header.legendTop,
  };
}

/** FNV-1a, so element ids are unique per content yet identical across runs. */
function hash(input: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** Axes with ticks and grid lines for one panel. */
export function renderAxes(
  plot: Layout['plot'],
  xScale: ScaleLinear<number, number>,
  yScale: ScaleLinear<number, number>,
  xTicks: Tick[] | null,
  yTicks: Tick[] | null,
  options: ResolvedOptions,
  grid = true,
): string {
  const { theme, fontSize: fs } = options;
  const bottom = plot.top + plot.height;
  const right = plot.left + plot.width;
  let out = '';
  if (grid) {
    for (const t of yTicks ?? []) {
      const py = yScale(t.value);
      out += el('line', { x1: plot.left, x2: right, y1: py, y2: py, stroke: theme.grid });
    }
  }
  if (xTicks) {
    out += el('line', { x1: plot.left, x2: right, y1: bottom, y2: bottom, stroke: theme.muted });
    const ticks = xTicks
      .map((t) => {
        const px = xScale(t.value);
        return (
          el('line', { x1: px, x2: px, y1: bottom, y2: bottom + tickSize, stroke: theme.muted }) +
          text({ x: px, y: bottom + tickSize + 3, dy: '0.71em', 'text-anchor': 'middle' }, t.label)
        );
      })
      .join('');
    out += el('g', { class: 'x-axis', fill: theme.muted, 'font-size': fs }, ticks);
  }
  if (yTicks) {
    out += el('line', { x1: plot.left, x2: plot.left, y1: plot.top, y2: bottom, stroke: theme.muted });
    const ticks = yTicks
      .map((t) => {
        const py = yScale(t.value);
        return (
          el('line', { x1: plot.left - tickSize, x2: plot.left, y1: py, y2: py, stroke: theme.muted }) +
          text({ x: plot.left - tickSize - 3, y: py, dy: '0.32em', 'text-anchor': 'end' }, t.label)
        );
      })
      .join('');
    out += el('g', { class: 'y-axis', fill: theme.muted, 'font-size': fs }, ticks);
  }
  return out;
}

/** The complete standalone document: root, title, desc, background, header, axes and clipped body. */
export function renderDocument(args: {
  kind: string;
  options: ResolvedOptions;
  description: string;
  legend: PlacedLegend;
  legendTop: number;
  /** Axes, grid and anything drawn outside the clipped plotting area. */
  frame: string;
  /** Panels to clip the body to, and the body drawn inside each. */
  panels: { plot: Layout['plot']; body: string }[];
  /** Axis titles placed against this area (the whole grid for a scatter matrix). */
  area: Layout['plot'];
}): string {
  const { options, kind } = args;
  const { theme, width, height, fontSize: fs } = options;
  const titleText = options.title ?? '';
  const desc = [options.description, args.description].filter(Boolean).join(' ');
  const id = `em-${kind}-${hash(JSON.stringify([titleText, desc, args.frame, args.panels.map((p) => p.body)]))}`;
  let defs = '';
  let bodies = '';
  args.panels.forEach((panel, i) => {
    const clip = `${id}-clip${i}`;
    // Clip a little outside the plotting area so strokes on its edge are not cut in half.
    defs += el(
      'clipPath',
      { id: clip },
      el('rect', {
        x: panel.plot.left - 2,
        y: panel.plot.top - 2,
        width: panel.plot.width + 4,
        height: panel.plot.height + 4,
      }),
    );
    bodies += el('g', { 'clip-path': `url(#${clip})` }, panel.body);
  });
  let labels = '';
  const area = args.area;
  if (options.xLabel)
    labels += text(
      {
        x: area.left + area.width / 2,
        y: height - 10,
        'text-anchor': 'middle',
        fill: theme.muted,
        'font-size': fs,
      },
      options.xLabel,
    );
  if (options.yLabel)
    labels += text(
      {
        transform: `translate(${10 + fs * 0.85},${area.top + area.height / 2}) rotate(-90)`,
        'text-anchor': 'middle',
        fill: theme.muted,
        'font-size': fs,
      },
      options.yLabel,
    );
  const title = titleLines(options)
    .map((line, i) =>
      text(
        {
          x: pad,
          y: pad + fs * 1.15 + i * fs * 1.35 * 1.25,
          'font-size': fs * 1.35,
          'font-weight': 600,
          fill: theme.foreground,
        },
        line,
      ),
    )
    .join('');
  const children = [
    el('title', { id: `${id}-title` }, escapeText(titleText || defaultTitles[kind] || kind)),
    el('desc', { id: `${id}-desc` }, escapeText(desc)),
    el('defs', {}, defs),
    theme.background === 'none' ? '' : el('rect', { width, height, fill: theme.background }),
    title,
    renderLegend(args.legend, args.legendTop, fs, theme.foreground),
    args.frame,
    bodies,
    labels,
  ].join('');
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${Math.round(width * 100) / 100} ${Math.round(height * 100) / 100}`,
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
      'font-family': theme.fontFamily,
    },
    children,
  );
}
