import { InvalidInputError, InvalidOptionError } from '@em/core';
import { num } from './format.js';
import { type ChartOptions, resolveOptions } from './options.js';
import { base64, encodePng } from './png.js';
import { headerLayout, renderDocument } from './svg/chart.js';
import { el, text } from './svg/element.js';
import { axisTicks, type Tick } from './ticks.js';

/**
 * What a raster chart draws: a grey-level (scalar) image — a reconstruction, a density, a label map —
 * shown through a colour map with a colour bar, or a colour image given as RGBA bytes (as
 * `ImageData.data`). Row-major, row 0 at the top.
 *
 * @example
 * ```ts
 * import type { RasterInput } from '@em/plot';
 * const scalar: RasterInput = { values: new Float64Array(64 * 64), width: 64, height: 64 };
 * const colour: RasterInput = { rgba: new Uint8ClampedArray(4 * 4 * 4), width: 4, height: 4 };
 * ```
 */
export type RasterInput =
  | { values: ArrayLike<number>; width: number; height: number }
  | { rgba: ArrayLike<number>; width: number; height: number };

/**
 * A colour map for scalar rasters: `'gray'` (black → white) or `'viridis'` (perceptually uniform,
 * colour-blind safe; van der Walt & Smith's matplotlib default).
 *
 * @example
 * ```ts
 * import type { ColorMap } from '@em/plot';
 * const map: ColorMap = 'viridis';
 * ```
 */
export type ColorMap = 'gray' | 'viridis';

/**
 * Options of {@link rasterSvg}: the common chart options plus the colour scale.
 *
 * @example
 * ```ts
 * import type { RasterOptions } from '@em/plot';
 * const options: RasterOptions = { colorMap: 'gray', domain: [0, 1], colorBarLabel: 'activity' };
 * ```
 */
export interface RasterOptions extends ChartOptions {
  /** Colour map of scalar images. Default `'gray'`. */
  colorMap?: ColorMap;
  /** Values mapped to the ends of the colour map (outside values are clamped); default [min, max]. */
  domain?: [number, number];
  /** Draw the colour bar beside a scalar image. Default true. */
  colorBar?: boolean;
  /** Title of the colour bar. */
  colorBarLabel?: string;
  /** Smooth (interpolated) display instead of square pixels. Default false. */
  smooth?: boolean;
}

/**
 * The geometry of a raster chart, in pixels of the SVG, for drawing it with any library.
 *
 * @example
 * ```ts
 * import { rasterGeometry, type RasterGeometry } from '@em/plot';
 * const g: RasterGeometry = rasterGeometry({ values: [0, 1, 2, 3], width: 2, height: 2 });
 * g.domain; // [0, 3]
 * ```
 */
export interface RasterGeometry {
  /** Image width and height in image pixels. */
  width: number;
  /** Image height in image pixels. */
  height: number;
  /** Where the image is drawn (square pixels: its aspect ratio is kept). */
  image: { left: number; top: number; width: number; height: number };
  /** The colour bar's rectangle, or undefined (colour images, or `colorBar: false`). */
  colorBar: { left: number; top: number; width: number; height: number } | undefined;
  /** Value range mapped onto the colour map (scalar images; [0, 255] for colour ones). */
  domain: [number, number];
  /** Colour bar ticks (empty without a colour bar). */
  ticks: Tick[];
  /** Tick positions along the bar, in SVG pixels (same order as `ticks`). */
  tickPositions: number[];
}

// viridis sampled at 9 evenly spaced points (matplotlib's _viridis_data), interpolated linearly.
const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/**
 * The colour of position t ∈ [0, 1] on a colour map, as [r, g, b] bytes.
 *
 * @example
 * ```ts
 * import { colorMapRgb } from '@em/plot';
 * colorMapRgb('gray', 0.5);  // [128, 128, 128]
 * colorMapRgb('viridis', 0); // [68, 1, 84]
 * ```
 */
export function colorMapRgb(map: ColorMap, t: number): [number, number, number] {
  const u = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
  if (map === 'gray') {
    const v = Math.round(255 * u);
    return [v, v, v];
  }
  const x = u * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + f * (b[k]! - a[k]!))) as [number, number, number];
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function readInput(input: RasterInput) {
  if (typeof input !== 'object' || input === null)
    throw new InvalidInputError('input', 'an object { values | rgba, width, height }', input);
  const { width, height } = input;
  if (typeof width !== 'number' || !Number.isInteger(width) || width < 1 || width > 8192)
    throw new InvalidInputError('input.width', 'an integer in 1…8192', width);
  if (typeof height !== 'number' || !Number.isInteger(height) || height < 1 || height > 8192)
    throw new InvalidInputError('input.height', 'an integer in 1…8192', height);
  const n = width * height;
  if ('values' in input) {
    const { values } = input;
    if (!isArrayLike(values) || values.length !== n)
      throw new InvalidInputError('input.values', `${n} values (width × height)`, values);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new InvalidInputError('input.values', 'a finite number', v, {
          row: Math.floor(i / width),
          column: i % width,
        });
    }
    return { kind: 'scalar' as const, width, height, values };
  }
  if ('rgba' in input) {
    const { rgba } = input;
    if (!isArrayLike(rgba) || rgba.length !== 4 * n)
      throw new InvalidInputError('input.rgba', `${4 * n} bytes (4 per pixel)`, rgba);
    return { kind: 'rgba' as const, width, height, rgba };
  }
  throw new InvalidInputError('input', 'an object with values (scalar) or rgba (colour)', input);
}

function build(input: RasterInput, options: RasterOptions | undefined) {
  const data = readInput(input);
  const resolved = resolveOptions(options, {});
  const o = options ?? {};
  const colorMap = o.colorMap ?? 'gray';
  if (colorMap !== 'gray' && colorMap !== 'viridis')
    throw new InvalidOptionError('colorMap', "'gray' or 'viridis'", colorMap);
  const showBar = data.kind === 'scalar' && (o.colorBar ?? true);
  if (o.colorBarLabel !== undefined && typeof o.colorBarLabel !== 'string')
    throw new InvalidOptionError('colorBarLabel', 'a string', o.colorBarLabel);
  let domain: [number, number] = [0, 255];
  if (data.kind === 'scalar') {
    if (o.domain !== undefined) {
      const d = o.domain;
      if (!Array.isArray(d) || d.length !== 2 || !d.every(Number.isFinite) || !(d[0] < d[1]))
        throw new InvalidOptionError('domain', 'two finite numbers [low, high] with low < high', d);
      domain = [d[0], d[1]];
    } else {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < data.values.length; i++) {
        const v = data.values[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      domain = [lo, hi];
    }
  }
  const fs = resolved.fontSize;
  const header = headerLayout(resolved, []);
  const pad = 10;
  const top = resolved.margin.top ?? header.height + fs * 0.4;
  const bottom = resolved.margin.bottom ?? pad + (resolved.xLabel ? fs + 10 : 0);
  const left = resolved.margin.left ?? pad + (resolved.yLabel ? fs + 12 : 0);
  const barWidth = 14;
  let barRoom = 0;
  let ticks: Tick[] = [];
  const availableHeight = Math.max(10, resolved.height - top - bottom);
  if (showBar) {
    const probe = axisTicks({ domain }, [availableHeight, 0], 40, fs, false);
    const widest = Math.max(0, ...probe.ticks.map((t) => t.label.length * fs * 0.6));
    barRoom = 16 + barWidth + 8 + widest + (o.colorBarLabel ? fs + 10 : 0);
  }
  const right = resolved.margin.right ?? pad + barRoom;
  const availableWidth = Math.max(10, resolved.width - left - right);
  const scale = Math.min(availableWidth / data.width, availableHeight / data.height);
  const image = {
    left: left + (availableWidth - data.width * scale) / 2,
    top,
    width: data.width * scale,
    height: data.height * scale,
  };
  let colorBar: RasterGeometry['colorBar'];
  let tickPositions: number[] = [];
  if (showBar) {
    colorBar = { left: image.left + image.width + 16, top: image.top, width: barWidth, height: image.height };
    const axis = axisTicks({ domain }, [image.top + image.height, image.top], 40, fs, false);
    ticks = axis.ticks.filter((t) => t.value >= domain[0] && t.value <= domain[1]);
    tickPositions = ticks.map((t) => axis.scale(t.value));
  }
  const geometry: RasterGeometry = {
    width: data.width,
    height: data.height,
    image,
    colorBar,
    domain,
    ticks,
    tickPositions,
  };
  return { data, resolved, geometry, colorMap, header, smooth: o.smooth ?? false, barLabel: o.colorBarLabel };
}

/**
 * Raster geometry: where the image and colour bar go, the value domain and the colour-bar ticks.
 *
 * @example
 * ```ts
 * import { rasterGeometry } from '@em/plot';
 * const g = rasterGeometry({ values: [0, 0.5, 1, 0.25], width: 2, height: 2 }, { width: 300, height: 240 });
 * g.image.width === g.image.height; // true: square pixels
 * ```
 */
export function rasterGeometry(input: RasterInput, options?: RasterOptions): RasterGeometry {
  return build(input, options).geometry;
}

/**
 * The image as a PNG data URL (`data:image/png;base64,…`): scalar images through the colour map
 * (8-bit palette PNG), colour images as RGBA. Use it for an `<img>` or a canvas-free download.
 *
 * @example
 * ```ts
 * import { rasterDataUrl } from '@em/plot';
 * const url = rasterDataUrl({ values: [0, 1, 1, 0], width: 2, height: 2 }, { colorMap: 'viridis' });
 * url.startsWith('data:image/png;base64,'); // true
 * ```
 */
export function rasterDataUrl(
  input: RasterInput,
  options?: Pick<RasterOptions, 'colorMap' | 'domain'>,
): string {
  const { data, geometry, colorMap } = build(input, options);
  return pngDataUrl(data, geometry.domain, colorMap);
}

function pngDataUrl(
  data: ReturnType<typeof readInput>,
  domain: [number, number],
  colorMap: ColorMap,
): string {
  const n = data.width * data.height;
  let png: Uint8Array;
  if (data.kind === 'scalar') {
    const palette = new Uint8Array(256 * 3);
    for (let i = 0; i < 256; i++) palette.set(colorMapRgb(colorMap, i / 255), i * 3);
    const index = new Uint8Array(n);
    const span = domain[1] - domain[0] || 1;
    for (let i = 0; i < n; i++) {
      const t = (data.values[i]! - domain[0]) / span;
      index[i] = Math.round(255 * Math.min(1, Math.max(0, t)));
    }
    png = encodePng(data.width, data.height, index, palette);
  } else {
    const bytes = new Uint8Array(4 * n);
    for (let i = 0; i < 4 * n; i++) {
      const v = Number(data.rgba[i]);
      bytes[i] = Number.isFinite(v) ? Math.min(255, Math.max(0, Math.round(v))) : 0;
    }
    png = encodePng(data.width, data.height, bytes);
  }
  return `data:image/png;base64,${base64(png)}`;
}

/**
 * An image as a standalone SVG string: the raster embedded as a PNG `<image>` (a data URL, square
 * pixels unless `smooth`), scalar images through a colour map with a colour bar and its ticks.
 * For tomographic reconstructions, phantoms, segmentation masks and photos.
 *
 * Marks carry stable hooks: the raster is `image.em-raster` with `data-width` and `data-height`, the
 * colour bar `rect.em-color-bar`.
 *
 * @example
 * ```ts
 * import { rasterSvg } from '@em/plot';
 * const values = Array.from({ length: 32 * 32 }, (_, i) => Math.hypot((i % 32) - 16, Math.floor(i / 32) - 16));
 * const svg = rasterSvg({ values, width: 32, height: 32 }, { title: 'Distance from the centre', colorMap: 'viridis' });
 * ```
 */
export function rasterSvg(input: RasterInput, options?: RasterOptions): string {
  const { data, resolved, geometry, colorMap, header, smooth, barLabel } = build(input, options);
  const { theme } = resolved;
  const fs = resolved.fontSize;
  const { image, colorBar } = geometry;
  const body = el('image', {
    class: 'em-raster',
    'data-width': data.width,
    'data-height': data.height,
    x: image.left,
    y: image.top,
    width: image.width,
    height: image.height,
    preserveAspectRatio: 'none',
    style: smooth ? undefined : 'image-rendering:pixelated;image-rendering:crisp-edges',
    href: pngDataUrl(data, geometry.domain, colorMap),
  });
  let frame = '';
  let description = `${data.width} × ${data.height} ${data.kind === 'scalar' ? 'grey-level' : 'colour'} image`;
  if (data.kind === 'scalar')
    description += `, values from ${num(geometry.domain[0])} to ${num(geometry.domain[1])} shown in ${colorMap}.`;
  else description += '.';
  if (colorBar) {
    const id = `em-raster-bar-${data.width}x${data.height}-${colorMap}`;
    const stops = Array.from({ length: 11 }, (_, i) => {
      const [r, g, b] = colorMapRgb(colorMap, i / 10);
      return el('stop', { offset: `${i * 10}%`, 'stop-color': `rgb(${r},${g},${b})` });
    }).join('');
    frame += el('defs', {}, el('linearGradient', { id, x1: 0, y1: 1, x2: 0, y2: 0 }, stops));
    frame += el('rect', {
      class: 'em-color-bar',
      x: colorBar.left,
      y: colorBar.top,
      width: colorBar.width,
      height: colorBar.height,
      fill: `url(#${id})`,
      stroke: theme.muted,
      'stroke-width': 0.5,
    });
    const right = colorBar.left + colorBar.width;
    frame += el(
      'g',
      { class: 'em-color-bar-ticks', fill: theme.muted, 'font-size': fs },
      geometry.ticks
        .map(
          (t, i) =>
            el('line', {
              x1: right,
              x2: right + 4,
              y1: geometry.tickPositions[i]!,
              y2: geometry.tickPositions[i]!,
              stroke: theme.muted,
            }) + text({ x: right + 7, y: geometry.tickPositions[i]!, dy: '0.32em' }, t.label),
        )
        .join(''),
    );
    if (barLabel) {
      const x = resolved.width - 10 - fs * 0.3;
      const y = colorBar.top + colorBar.height / 2;
      frame += text(
        {
          transform: `translate(${x},${y}) rotate(90)`,
          'text-anchor': 'middle',
          fill: theme.muted,
          'font-size': fs,
        },
        barLabel,
      );
    }
  }
  return renderDocument({
    kind: 'raster',
    options: resolved,
    description,
    legend: header.legend,
    legendTop: header.legendTop,
    frame,
    panels: [{ plot: image, body }],
    area: image,
  });
}
