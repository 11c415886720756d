import { InvalidOptionError } from '@em/core';
import { resolveTheme, type Theme } from './theme.js';

/**
 * Space around the plotting area, in pixels.
 *
 * @example
 * ```ts
 * import { histogramSvg, type Margin } from '@em/plot';
 * const margin: Margin = { top: 10, right: 10, bottom: 30, left: 40 };
 * histogramSvg([1, 2, 3], { margin });
 * ```
 */
export interface Margin {
  /** Pixels from the top edge of the SVG to the plotting area; holds the title and legend. */
  top: number;
  /** Pixels from the plotting area to the right edge of the SVG. */
  right: number;
  /** Pixels from the plotting area to the bottom edge of the SVG; holds x tick labels and axis title. */
  bottom: number;
  /** Pixels from the left edge of the SVG to the plotting area; holds y tick labels and axis title. */
  left: number;
}

/**
 * Options every chart accepts.
 *
 * @example
 * ```ts
 * import { convergenceSvg, type ChartOptions } from '@em/plot';
 * const common: ChartOptions = { width: 480, height: 300, theme: 'dark', title: 'Fit' };
 * convergenceSvg([-12, -10, -9.9], common);
 * ```
 */
export interface ChartOptions {
  /** Width of the SVG in pixels (default 640). */
  width?: number;
  /** Height of the SVG in pixels (default 400). */
  height?: number;
  /**
   * Space around the plotting area. Sides left out are sized automatically to fit the title, legend,
   * tick labels and axis titles.
   */
  margin?: Partial<Margin>;
  /** `'light'` (default), `'dark'`, or a theme object (missing keys come from the light theme). */
  theme?: 'light' | 'dark' | Partial<Theme>;
  /** Component colours; defaults to the theme's colour-blind-safe palette. */
  palette?: readonly string[];
  /** Chart title, shown on top and written into `<title>`. */
  title?: string;
  /** Text for `<desc>`, placed before the automatic description of what the chart shows. */
  description?: string;
  /** x-axis title. */
  xLabel?: string;
  /** y-axis title. */
  yLabel?: string;
  /** Base font size in pixels (default 12). */
  fontSize?: number;
}

/** Chart options after validation, with defaults filled in. */
export interface ResolvedOptions {
  width: number;
  height: number;
  margin: Partial<Margin>;
  theme: Theme;
  title: string | undefined;
  description: string | undefined;
  xLabel: string | undefined;
  yLabel: string | undefined;
  fontSize: number;
}

/**
 * The largest width, height and font size a chart accepts: 20,000 px is a poster; 1e9 px would run out
 * of memory laying out ticks and pixels.
 */
export const MAX_PIXELS = 20_000;

function positive(name: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > MAX_PIXELS)
    throw new InvalidOptionError(name, `a number from ${min} to ${MAX_PIXELS}`, value);
  return value;
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidOptionError(name, 'a string', value);
  return value;
}

/** Validates the options shared by every chart. */
export function resolveOptions(
  options: ChartOptions | undefined,
  defaults: { xLabel?: string; yLabel?: string } = {},
): ResolvedOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null))
    throw new InvalidOptionError('options', 'an object', options);
  const o = options ?? {};
  const margin: Partial<Margin> = {};
  if (o.margin !== undefined) {
    if (typeof o.margin !== 'object' || o.margin === null)
      throw new InvalidOptionError('margin', 'an object { top, right, bottom, left }', o.margin);
    for (const side of ['top', 'right', 'bottom', 'left'] as const) {
      const value = o.margin[side];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw new InvalidOptionError(`margin.${side}`, 'a finite number >= 0', value);
      margin[side] = value;
    }
  }
  return {
    width: positive('width', o.width, 640, 80),
    height: positive('height', o.height, 400, 60),
    margin,
    theme: resolveTheme(o.theme, o.palette),
    title: optionalString('title', o.title),
    description: optionalString('description', o.description),
    xLabel: optionalString('xLabel', o.xLabel) ?? defaults.xLabel,
    yLabel: optionalString('yLabel', o.yLabel) ?? defaults.yLabel,
    fontSize: positive('fontSize', o.fontSize, 12, 4),
  };
}
