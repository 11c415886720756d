// What the demo app asked for: a flat convergence curve that looks flat, fixed scatter domains, stable
// class/data hooks on every chart's marks, and readable uncertainty shading.
import { InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import {
  convergenceGeometry,
  convergenceSvg,
  histogramGeometry,
  histogramSvg,
  mixtureDensitySvg,
  modelSelectionGeometry,
  modelSelectionSvg,
  scatterGeometry,
  scatterMatrixSvg,
  scatterSvg,
} from '../src/index.js';
import { bicRows, bimodal, bimodalModel, fits, threeD, X2 } from './support/charts.js';

/** Attributes of every element whose class is exactly `cls`, in document order. */
function marks(svg: string, cls: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const m of svg.matchAll(/<\w+((?:\s+[\w-]+="[^"]*")*)\s*\/?>/g)) {
    const attrs = Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    if (attrs.class === cls) found.push(attrs);
  }
  return found;
}

/** A d3 tick label back to a number ("−1,868.5" → -1868.5). */
const parseLabel = (label: string) => Number(label.replace('−', '-').replace(/,/g, ''));

describe('convergence of a log-likelihood that barely changes', () => {
  const flat = [-3.22169498, -3.22169497];

  it('draws a 1e-8 change as a flat line, not across the whole height', () => {
    const g = convergenceGeometry(flat);
    const span = g.yDomain[1] - g.yDomain[0];
    expect(span).toBeGreaterThanOrEqual(1e-3 * 3.2216);
    const [a, b] = marks(convergenceSvg(flat), 'em-iteration');
    expect(Math.abs(Number(a!.cy) - Number(b!.cy))).toBeLessThan(0.5);
    expect(g.yDomain[0]).toBeLessThan(flat[0]!);
    expect(g.yDomain[1]).toBeGreaterThan(flat[1]!);
  });

  it('labels ticks with the decimals the tick step needs (at most 4 here), and each label reads back as its value', () => {
    const { yTicks } = convergenceGeometry(flat);
    expect(yTicks.length).toBeGreaterThanOrEqual(3);
    const step = yTicks[1]!.value - yTicks[0]!.value;
    // d3-format's precisionFixed(step): enough decimals to tell neighbouring ticks apart.
    const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    expect(decimals).toBeLessThanOrEqual(4);
    for (const t of yTicks) {
      expect(t.label.split('.')[1]?.length ?? 0).toBe(decimals);
      expect(parseLabel(t.label)).toBeCloseTo(t.value, 12);
    }
    expect(new Set(yTicks.map((t) => t.label)).size).toBe(yTicks.length);
  });

  it('a change larger than the floor still fills the chart', () => {
    const g = convergenceGeometry([-3.2, -3.19]);
    expect(g.yDomain[1] - g.yDomain[0]).toBeLessThan(0.03);
    const [a, b] = marks(convergenceSvg([-3.2, -3.19]), 'em-iteration');
    expect(Math.abs(Number(a!.cy) - Number(b!.cy))).toBeGreaterThan(100);
  });

  it('the floor scales with the magnitude: a total log-likelihood of -1868.9 changing by 0.01 is flat too', () => {
    const g = convergenceGeometry([-1868.93, -1868.92]);
    expect(g.yDomain[1] - g.yDomain[0]).toBeGreaterThanOrEqual(1.8689);
    for (const t of g.yTicks) expect(t.label.length).toBeLessThanOrEqual(8);
  });
});

describe('scatter with fixed domains', () => {
  const far = [...X2, [40, -40]];

  it('uses xDomain and yDomain exactly, so adding a point moves nothing', () => {
    const options = { model: fits[0]!, xDomain: [-5, 9] as const, yDomain: [-4, 6] as const };
    const before = scatterGeometry(X2, options);
    const after = scatterGeometry(far, options);
    expect(before.xDomain).toEqual([-5, 9]);
    expect(before.yDomain).toEqual([-4, 6]);
    expect(after.xDomain).toEqual(before.xDomain);
    expect(after.yDomain).toEqual(before.yDomain);
    expect(after.xTicks).toEqual(before.xTicks);
    expect(after.yTicks).toEqual(before.yTicks);
    for (const t of before.xTicks) expect(t.value >= -5 && t.value <= 9).toBe(true);
    // The same row is drawn at the same pixel.
    const at = (svg: string) => marks(svg, 'em-point').find((p) => p['data-index'] === '0')!;
    expect(at(scatterSvg(far, options))).toEqual(at(scatterSvg(X2, options)));
    // The outlying point stays in the geometry (the SVG clips it).
    expect(after.points.at(-1)).toMatchObject({ index: X2.length, x: 40, y: -40 });
  });

  it('without them the view follows the data (so the test above can fail)', () => {
    expect(scatterGeometry(far).xDomain).not.toEqual(scatterGeometry(X2).xDomain);
  });

  const bad: [string, unknown][] = [
    ['xDomain', [1]],
    ['xDomain', [2, 1]],
    ['xDomain', [1, 1]],
    ['yDomain', [0, Number.NaN]],
    ['yDomain', [Number.NEGATIVE_INFINITY, 0]],
    ['yDomain', '0,1'],
    ['xDomain', [0, 1, 2]],
    ['xDomain', ['0', 1]],
  ];
  for (const [option, value] of bad) {
    it(`rejects ${option} = ${JSON.stringify(value)} with InvalidOptionError`, () => {
      try {
        scatterGeometry(X2, { [option]: value });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidOptionError);
        expect((e as InvalidOptionError).option).toBe(option);
      }
    });
  }
});

describe('stable hooks on marks', () => {
  it('scatter: an em-ellipse per component and sd, an em-mean per component, an em-point per drawn row', () => {
    const model = fits[0]!;
    const svg = scatterSvg(X2, { model, nStd: [1, 2.5] });
    const g = scatterGeometry(X2, { model, nStd: [1, 2.5] });
    expect(marks(svg, 'em-ellipse').map((e) => [e['data-component'], e['data-nstd']])).toEqual([
      ['0', '1'],
      ['0', '2.5'],
      ['1', '1'],
      ['1', '2.5'],
    ]);
    // Halos are separate so that selecting .em-ellipse finds each ellipse once.
    expect(marks(svg, 'em-ellipse-halo')).toHaveLength(4);
    expect(marks(svg, 'em-mean').map((m) => m['data-component'])).toEqual(['0', '1']);
    const points = marks(svg, 'em-point');
    expect(points.map((p) => Number(p['data-index'])).sort((a, b) => a - b)).toEqual(X2.map((_, i) => i));
    // Each point sits in the group of its component.
    for (const [, component, inner] of svg.matchAll(
      /<g class="points" data-component="(\d+)"[^>]*>(.*?)<\/g>/g,
    )) {
      for (const p of marks(inner!, 'em-point'))
        expect(g.points[Number(p['data-index'])]!.component).toBe(Number(component));
    }
  });

  it('scatter: data-index is the row of X when the sample is subsampled', () => {
    const svg = scatterSvg(X2, { maxPoints: 25, seed: 3 });
    const g = scatterGeometry(X2, { maxPoints: 25, seed: 3 });
    expect(marks(svg, 'em-point').map((p) => Number(p['data-index']))).toEqual(g.points.map((p) => p.index));
  });

  it('scatter matrix: every off-diagonal panel carries the same hooks', () => {
    const { X, model } = threeD();
    const svg = scatterMatrixSvg(X, { model, nStd: [2] });
    // 3 × 2 ordered pairs, 3 components, one sd level.
    expect(marks(svg, 'em-ellipse')).toHaveLength(6 * 3);
    expect(marks(svg, 'em-mean')).toHaveLength(6 * 3);
    expect(marks(svg, 'em-point')).toHaveLength(6 * X.length);
  });

  it('histogram: a em-bar per non-empty bin, data-bin its index in the geometry', () => {
    const sample = [0, 0.1, 0.2, 2.9, 3];
    const g = histogramGeometry(sample, { bins: 6 });
    const bars = marks(histogramSvg(sample, { bins: 6 }), 'em-bar');
    const nonEmpty = g.bins.flatMap((b, i) => (b.count > 0 ? [String(i)] : []));
    expect(nonEmpty.length).toBeLessThan(g.bins.length);
    expect(bars.map((b) => b['data-bin'])).toEqual(nonEmpty);
  });

  it('mixture density: em-density per component and one em-density-total', () => {
    const svg = mixtureDensitySvg(bimodal, bimodalModel, { bins: 20 });
    expect(marks(svg, 'em-density').map((c) => c['data-component'])).toEqual(['0', '1']);
    expect(marks(svg, 'em-density-total')).toHaveLength(1);
    expect(marks(svg, 'em-bar').length).toBeGreaterThan(10);
  });

  it('convergence: one em-line and an em-iteration per iteration, counted from 1', () => {
    const svg = convergenceSvg([-10, -5, -4.9]);
    expect(marks(svg, 'em-line')).toHaveLength(1);
    expect(marks(svg, 'em-iteration').map((d) => d['data-iteration'])).toEqual(['1', '2', '3']);
  });

  it('model selection: em-line and em-marker per series, em-best on the best model', () => {
    const svg = modelSelectionSvg(bicRows);
    const best = modelSelectionGeometry(bicRows).best;
    expect(marks(svg, 'em-line').map((l) => l['data-series'])).toEqual(['full', 'tied', 'diag', 'spherical']);
    expect(marks(svg, 'em-marker')).toHaveLength(bicRows.length);
    expect(marks(svg, 'em-best')).toEqual([
      expect.objectContaining({
        'data-series': best.covarianceType,
        'data-components': String(best.nComponents),
      }),
    ]);
  });
});

describe('uncertainty shading', () => {
  const model = fits[0]!;
  const opacities = (svg: string) => marks(svg, 'em-point').map((p) => Number(p['fill-opacity']));

  it('draws the points the model is sure about at a readable opacity by default (0.5)', () => {
    const o = opacities(scatterSvg(X2, { model, uncertainty: true }));
    expect(Math.min(...o)).toBe(0.5);
    expect(Math.max(...o)).toBeLessThanOrEqual(1);
  });

  it('minOpacity sets it: opacity = min + (1 − min) · uncertainty / (1 − 1/K), for points and legend', () => {
    const svg = scatterSvg(X2, { model, uncertainty: true, minOpacity: 0.8 });
    const g = scatterGeometry(X2, { model, uncertainty: true });
    const byIndex = new Map(
      marks(svg, 'em-point').map((p) => [Number(p['data-index']), Number(p['fill-opacity'])]),
    );
    for (const p of g.points) {
      const expected = 0.8 + 0.2 * Math.min(1, p.uncertainty! / 0.5);
      expect(byIndex.get(p.index)).toBeCloseTo(expected, 2);
    }
    expect(svg).toMatch(/<circle [^>]*fill-opacity="0.8"\/><text [^>]*>certain<\/text>/);
    expect(Math.min(...opacities(scatterSvg(X2, { model, uncertainty: true, minOpacity: 0 })))).toBeLessThan(
      0.05,
    );
  });

  for (const value of [-0.1, 1.5, Number.NaN, '0.5']) {
    it(`rejects minOpacity = ${String(value)} with InvalidOptionError`, () => {
      try {
        scatterGeometry(X2, { model, uncertainty: true, minOpacity: value as never });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidOptionError);
        expect((e as InvalidOptionError).option).toBe('minOpacity');
      }
    });
  }
});
