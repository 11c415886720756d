import { describe, expect, it } from 'vitest';
import { modelSelectionGeometry, modelSelectionSvg, type SelectionRow, ZOOM_FACTOR } from '../src/index.js';
import { bicRows } from './support/charts.js';

/** Attributes of every element whose class is exactly `cls`, in document order. */
function marks(svg: string, cls: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const m of svg.matchAll(/<\w+((?:\s+[\w-]+="[^"]*")*)\s*\/?>/g)) {
    const attrs = Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    if (attrs.class === cls) found.push(attrs);
  }
  return found;
}

const translate = (mark: Record<string, string>) =>
  /translate\(([-\d.]+),([-\d.]+)\)/.exec(mark.transform!)!.slice(1).map(Number) as [number, number];

/** The plotting area: the clip rectangle, 2 px larger on every side. */
function plotArea(svg: string) {
  const [x, y, w, h] = /<clipPath[^>]*><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/
    .exec(svg)!
    .slice(1)
    .map(Number) as [number, number, number, number];
  return { left: x + 2, top: y + 2, right: x + w - 2, bottom: y + h - 2 };
}

// Old Faithful's BIC table from mclust 6.0 (apps/cli/test/fixtures/faithful-mclust.json), rounded:
// the spherical curve runs from 4025 down to 2919 while the others stay within 2314–3056.
const faithful: SelectionRow[] = Object.entries({
  full: [2607.6, 2322.2, 2349.7, 2351.5, 2379.4, 2387.0, 2412.4, 2442.0, 2460.4],
  tied: [2607.6, 2325.2, 2314.3, 2331.2, 2360.7, 2347.4, 2369.3, 2376.1, 2389.6],
  diag: [3055.8, 2346.1, 2342.4, 2343.5, 2351.0, 2373.5, 2394.7, 2413.7, 2432.7],
  spherical: [4024.7, 3458.3, 3336.6, 3242.8, 3129.1, 3038.2, 2973.4, 2935.1, 2919.4],
}).flatMap(([covarianceType, values]) =>
  values.map((value, i) => ({ covarianceType, nComponents: i + 1, value })),
);

describe('model selection: fits that are not candidates', () => {
  const rows: SelectionRow[] = [
    { covarianceType: 'diag', nComponents: 1, value: 900 },
    { covarianceType: 'diag', nComponents: 2, value: 700 },
    // A collapsed component's BIC runs away downwards: it must neither win nor stretch the axis.
    { covarianceType: 'diag', nComponents: 3, value: -40_000, status: 'collapsed' },
    { covarianceType: 'diag', nComponents: 4, value: null },
    { covarianceType: 'diag', nComponents: 5, value: 760 },
    // Not fitted yet (a grid filling in): a gap, nothing to mark, but the axis still reaches K = 6.
    { covarianceType: 'diag', nComponents: 6, value: null, status: 'notFitted' },
  ];

  it('marks collapsed and failed fits with a cross on the bottom edge instead of dropping them', () => {
    const svg = modelSelectionSvg(rows);
    const g = modelSelectionGeometry(rows);
    expect(g.best).toEqual(rows[1]);
    expect(g.excluded).toEqual([
      { covarianceType: 'diag', nComponents: 3, status: 'collapsed' },
      { covarianceType: 'diag', nComponents: 4, status: 'failed' },
    ]);
    expect(g.yDomain[0]).toBeGreaterThan(0);
    const crosses = marks(svg, 'em-excluded');
    expect(crosses.map((c) => [c['data-components'], c['data-status']])).toEqual([
      ['3', 'collapsed'],
      ['4', 'failed'],
    ]);
    const area = plotArea(svg);
    for (const cross of crosses) expect(translate(cross)[1]).toBeCloseTo(area.bottom - 7, 1);
    // The line has a gap there: three markers, two line segments' worth of points.
    expect(marks(svg, 'em-marker')).toHaveLength(3);
    expect(g.xTicks.at(-1)!.value).toBe(6);
    expect(svg).toContain('collapsed or not estimable');
    expect(svg).toMatch(/Collapsed, not candidates: diag K = 3\. Not estimable: diag K = 4\./);
  });

  it('still fails with a typed error when no row is a candidate', () => {
    expect(() =>
      modelSelectionSvg([{ covarianceType: 'full', nComponents: 1, value: 1, status: 'collapsed' }]),
    ).toThrow(/rows\.value: expected at least one finite value of a candidate/);
    expect(() =>
      modelSelectionSvg([{ covarianceType: 'full', nComponents: 1, value: 1, status: 'odd' as never }]),
    ).toThrow(/rows\.status/);
  });
});

describe('model selection: a runaway curve does not squeeze the others', () => {
  it("zooms onto the good models and puts the runaway spherical curve's values on the top edge", () => {
    const g = modelSelectionGeometry(faithful);
    const svg = modelSelectionSvg(faithful);
    const best = 2314.3;
    const distances = faithful.map((r) => r.value! - best).sort((a, b) => a - b);
    // The lower quartile of the 36 distances (d3's R-7 quantile), times the zoom factor.
    const position = 0.25 * (distances.length - 1);
    const quartile =
      distances[Math.floor(position)]! +
      (position % 1) * (distances[Math.ceil(position)]! - distances[Math.floor(position)]!);
    const reach = ZOOM_FACTOR * quartile;
    const beyond = faithful.filter((r) => r.value! - best > reach);
    expect(beyond.length).toBeGreaterThan(0);
    expect(g.offScale).toEqual(beyond);
    expect(beyond.every((r) => r.covarianceType === 'spherical' || r.nComponents === 1)).toBe(true);
    // The axis ends near the reach, not at the runaway's 4025.
    expect(g.yDomain[1]).toBeLessThan(best + reach * 1.25);
    const area = plotArea(svg);
    const triangles = marks(svg, 'em-off-scale');
    expect(triangles).toHaveLength(beyond.length);
    // On the top edge; two at the same K (diag and spherical at K = 1) stack rather than overlap.
    const positions = triangles.map((t) => translate(t).join(','));
    expect(new Set(positions).size).toBe(triangles.length);
    for (const t of triangles) expect(translate(t)[1]).toBeGreaterThanOrEqual(area.top + 7 - 0.01);
    for (const t of triangles) expect(translate(t)[1]).toBeLessThan(area.top + 30);
    // Every drawn marker is inside the plotting area, and the good models use most of its height.
    const ys = marks(svg, 'em-marker').map((m) => translate(m)[1]);
    for (const y of ys) expect(y).toBeGreaterThanOrEqual(area.top - 0.01);
    expect(ys).toHaveLength(faithful.length - beyond.length);
    // The good models (full, tied, diag with K >= 2: 2314–2461) spread over at least a third of the height.
    const good = faithful.filter((r) => r.covarianceType !== 'spherical' && r.nComponents > 1);
    const scale = (area.bottom - area.top) / (g.yDomain[1] - g.yDomain[0]);
    const spread = (Math.max(...good.map((r) => r.value!)) - Math.min(...good.map((r) => r.value!))) * scale;
    expect(spread).toBeGreaterThan((area.bottom - area.top) / 3);
    const unzoomed = modelSelectionGeometry(faithful, { zoom: false }).yDomain;
    expect(g.yDomain[1] - g.yDomain[0]).toBeLessThan((unzoomed[1] - unzoomed[0]) / 2);
    const desc = /<desc[^>]*>([^<]*)</.exec(svg)![1]!;
    expect(desc).toContain('Off scale (drawn on the edge): ');
    expect(desc).toContain(`spherical K = 1 (BIC `);
  });

  it('without zoom shows every value, and does not zoom when nothing runs away', () => {
    const all = modelSelectionGeometry(faithful, { zoom: false });
    expect(all.offScale).toEqual([]);
    expect(all.yDomain[1]).toBeGreaterThanOrEqual(4024.7);
    expect(modelSelectionGeometry(bicRows).offScale).toEqual([]);
  });

  it('zooms the other way when higher is better (mclust sign)', () => {
    const mclustSign = faithful.map((r) => ({ ...r, value: -r.value! }));
    const g = modelSelectionGeometry(mclustSign, { better: 'higher' });
    const svg = modelSelectionSvg(mclustSign, { better: 'higher' });
    expect(g.offScale.length).toBe(modelSelectionGeometry(faithful).offScale.length);
    const area = plotArea(svg);
    for (const t of marks(svg, 'em-off-scale')) expect(translate(t)[1]).toBeGreaterThan(area.bottom - 30);
  });
});

describe('model selection: the K axis', () => {
  it.each([
    [1, 2, 320],
    [1, 9, 320],
    [1, 9, 640],
    [2, 30, 390],
  ])('has whole-number ticks only, from K = %i to %i, at width %i', (from, to, width) => {
    const rows = Array.from({ length: to - from + 1 }, (_, i) => ({
      covarianceType: 'full',
      nComponents: from + i,
      value: 100 + (from + i - 4) ** 2,
    }));
    const g = modelSelectionGeometry(rows, { width });
    expect(g.xTicks.length).toBeGreaterThanOrEqual(2);
    for (const tick of g.xTicks) {
      expect(Number.isInteger(tick.value)).toBe(true);
      expect(tick.label).toBe(String(tick.value));
      expect(tick.value).toBeGreaterThanOrEqual(from);
      expect(tick.value).toBeLessThanOrEqual(to);
    }
    // Ticks start at the smallest K, evenly spaced; with room, every K is labelled.
    expect(g.xTicks[0]!.value).toBe(from);
    const steps = new Set(g.xTicks.slice(1).map((t, i) => t.value - g.xTicks[i]!.value));
    expect(steps.size).toBe(1);
    if (to - from <= 8 && width >= 320) expect(g.xTicks).toHaveLength(to - from + 1);
  });
});
