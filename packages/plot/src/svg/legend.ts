import { textWidth } from '../format.js';
import { el, text } from './element.js';

/** A legend entry: a label and the mark that stands for it. */
export interface LegendItem {
  label: string;
  colour: string;
  /** `swatch` a filled box, `line` a stroke, `point` a dot, `symbol` a d3 symbol path (on a line if `dash`). */
  mark: 'swatch' | 'line' | 'point' | 'symbol' | 'ellipse';
  /** `stroke-dasharray` of a `line` or `ellipse` mark. */
  dash?: string;
  /** Stroke width of a `line` or `ellipse` mark. */
  strokeWidth?: number;
  /** SVG path data centred on (0, 0) for `mark: 'symbol'`. */
  symbol?: string;
  opacity?: number;
}

export interface PlacedLegend {
  items: { item: LegendItem; x: number; y: number }[];
  height: number;
}

const markWidth = 22;

/** Lays legend items out left to right, wrapping to new rows when `maxWidth` is used up. */
export function placeLegend(
  items: LegendItem[],
  x0: number,
  maxWidth: number,
  fontSize: number,
): PlacedLegend {
  const rowHeight = fontSize * 1.6;
  const placed: PlacedLegend['items'] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = markWidth + 6 + textWidth(item.label, fontSize) + fontSize * 1.2;
    if (x > 0 && x + w > maxWidth) {
      row += 1;
      x = 0;
    }
    placed.push({ item, x: x0 + x, y: row * rowHeight });
    x += w;
  }
  return { items: placed, height: items.length === 0 ? 0 : (row + 1) * rowHeight };
}

/** Draws a placed legend; `top` is the y of the first row's centre line. */
export function renderLegend(
  legend: PlacedLegend,
  top: number,
  fontSize: number,
  textColour: string,
): string {
  const parts = legend.items.map(({ item, x, y }) => {
    const cy = top + y;
    const mid = x + markWidth / 2;
    let mark: string;
    switch (item.mark) {
      case 'swatch':
        mark = el('rect', {
          x,
          y: cy - 6,
          width: markWidth,
          height: 12,
          fill: item.colour,
          'fill-opacity': item.opacity,
        });
        break;
      case 'line':
        mark = el('line', {
          x1: x,
          x2: x + markWidth,
          y1: cy,
          y2: cy,
          stroke: item.colour,
          'stroke-width': item.strokeWidth ?? 2.5,
          'stroke-dasharray': item.dash,
        });
        break;
      case 'point':
        mark = el('circle', { cx: mid, cy, r: 4, fill: item.colour, 'fill-opacity': item.opacity });
        break;
      case 'ellipse':
        mark = el('ellipse', {
          cx: mid,
          cy,
          rx: 10,
          ry: 5,
          fill: 'none',
          stroke: item.colour,
          'stroke-width': item.strokeWidth ?? 1.5,
          'stroke-dasharray': item.dash,
        });
        break;
      case 'symbol':
        mark =
          (item.dash === undefined
            ? ''
            : el('line', {
                x1: x,
                x2: x + markWidth,
                y1: cy,
                y2: cy,
                stroke: item.colour,
                'stroke-width': 2,
                'stroke-dasharray': item.dash || undefined,
              })) +
          el('path', { d: item.symbol ?? '', transform: `translate(${mid},${cy})`, fill: item.colour });
        break;
    }
    return el(
      'g',
      {},
      mark + text({ x: x + markWidth + 6, y: cy, dy: '0.35em', fill: textColour }, item.label),
    );
  });
  return el('g', { class: 'legend', 'font-size': fontSize }, parts.join(''));
}
