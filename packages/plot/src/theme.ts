import { InvalidOptionError } from '@em/core';

/**
 * Colours of a chart. Every value is written into an attribute as-is (escaped), so any CSS colour works.
 *
 * @example
 * ```ts
 * import { themes, type Theme } from '@em/plot';
 * const sepia: Theme = { ...themes.light, background: '#f4ecd8', bar: '#d8c8a8' };
 * ```
 */
export interface Theme {
  /** Canvas fill; `'none'` for a transparent chart. */
  background: string;
  /** Titles, the total density, means. */
  foreground: string;
  /** Axes, tick labels, axis titles. */
  muted: string;
  /** Grid lines. */
  grid: string;
  /** Histogram bars. */
  bar: string;
  /** Outline of histogram bars. */
  barStroke: string;
  /** Component colours, in order; reused cyclically when there are more components. */
  palette: readonly string[];
  /** CSS font-family list. */
  fontFamily: string;
}

/**
 * Okabe & Ito's colour-blind-safe palette (Color Universal Design), black left out because it is the
 * text colour, ordered so that the first colours stay apart under every common colour-vision deficiency.
 *
 * @example
 * ```ts
 * import { okabeIto } from '@em/plot';
 * okabeIto[0]; // '#0072B2'
 * ```
 */
export const okabeIto: readonly string[] = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
];

const fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/**
 * The built-in themes. `dark` uses the same hues with the lightest first, since deep blue on
 * a near-black background has too little contrast.
 *
 * @example
 * ```ts
 * import { histogramSvg, themes } from '@em/plot';
 * const svg = histogramSvg([1, 2, 2, 3], { theme: { ...themes.dark, background: 'none' } });
 * ```
 */
export const themes: { readonly light: Theme; readonly dark: Theme } = {
  light: {
    background: '#ffffff',
    foreground: '#1a1a1a',
    muted: '#4d4d4d',
    grid: '#e6e6e6',
    bar: '#c9c9c9',
    barStroke: '#ffffff',
    palette: okabeIto,
    fontFamily,
  },
  dark: {
    background: '#16181d',
    foreground: '#f0f0f0',
    muted: '#b8b8b8',
    grid: '#2e323a',
    bar: '#4a4f59',
    barStroke: '#16181d',
    palette: ['#56B4E9', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#F0E442', '#0072B2'],
    fontFamily,
  },
};

/** Resolves the `theme` and `palette` options into a complete theme. */
export function resolveTheme(theme: unknown, palette: unknown): Theme {
  let base: Theme;
  if (theme === undefined || theme === 'light') base = themes.light;
  else if (theme === 'dark') base = themes.dark;
  else if (typeof theme === 'object' && theme !== null)
    base = { ...themes.light, ...(theme as Partial<Theme>) };
  else throw new InvalidOptionError('theme', "'light', 'dark' or a Theme object", theme);
  const colours = palette ?? base.palette;
  if (!Array.isArray(colours) || colours.length === 0 || colours.some((c) => typeof c !== 'string'))
    throw new InvalidOptionError('palette', 'a non-empty array of CSS colour strings', colours);
  for (const key of [
    'background',
    'foreground',
    'muted',
    'grid',
    'bar',
    'barStroke',
    'fontFamily',
  ] as const) {
    if (typeof base[key] !== 'string') throw new InvalidOptionError(`theme.${key}`, 'a string', base[key]);
  }
  return { ...base, palette: colours };
}

/** Colour of component `k` (0-based). */
export function componentColour(theme: Theme, k: number): string {
  return theme.palette[k % theme.palette.length]!;
}
