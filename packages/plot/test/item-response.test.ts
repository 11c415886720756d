import { InvalidInputError, InvalidOptionError } from '@em/core';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  informationGeometry,
  informationSvg,
  itemCharacteristicGeometry,
  itemCharacteristicSvg,
} from '../src/index.js';

const theta = Array.from({ length: 61 }, (_, i) => -3 + i / 10);
const logistic = (a: number, b: number) => theta.map((t) => 1 / (1 + Math.exp(-a * (t - b))));
const info = (a: number, b: number) => logistic(a, b).map((p) => a * a * p * (1 - p));
const icc = {
  theta,
  curves: [
    { label: 'easy', values: logistic(1, -1) },
    { label: 'hard', values: logistic(2, 1) },
  ],
};
const information = {
  theta,
  curves: [
    { label: 'easy', values: info(1, -1) },
    { label: 'hard', values: info(2, 1) },
  ],
  total: info(1, -1).map((v, i) => v + info(2, 1)[i]!),
};

/** Attributes of every element whose class is exactly `cls`. */
function marks(svg: string, cls: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const m of svg.matchAll(/<\w+((?:\s+[\w-]+="[^"]*")*)\s*\/?>/g)) {
    const attrs = Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    if (attrs.class === cls) found.push(attrs);
  }
  return found;
}

describe('item characteristic curves', () => {
  it('geometry: the points as given, y on [0, 1], θ range as given', () => {
    const g = itemCharacteristicGeometry(icc);
    expect(g.curves.map((c) => c.label)).toEqual(['easy', 'hard']);
    expect(g.curves[1]!.points[40]).toEqual([theta[40], logistic(2, 1)[40]]);
    expect(g.yDomain).toEqual([0, 1]);
    expect(g.xDomain[0]).toBeCloseTo(-3, 12);
    expect(g.xDomain[1]).toBeCloseTo(3, 12);
    expect(g.total).toBeUndefined();
  });
  it('SVG: valid, one em-curve per item, a description that says where each crosses 0.5', () => {
    const svg = itemCharacteristicSvg(icc, { title: 'ICC' });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(marks(svg, 'em-curve').map((m) => m['data-curve'])).toEqual(['0', '1']);
    expect(svg).toMatch(/easy reaches 0\.5 at θ ≈ -1/);
    expect(svg).toMatch(/hard reaches 0\.5 at θ ≈ 1/);
    expect(svg).toContain('<title');
    // The hard item's curve lies below the easy one's everywhere: higher y pixel at mid θ.
    expect(svg).toContain('probability');
  });
  it('rejects values outside [0, 1], wrong lengths, non-increasing θ, bad options', () => {
    expect(() =>
      itemCharacteristicSvg({ theta, curves: [{ label: 'x', values: theta.map(() => 1.2) }] }),
    ).toThrow(InvalidInputError);
    expect(() => itemCharacteristicSvg({ theta, curves: [{ label: 'x', values: [0.5] }] })).toThrow(
      /one per θ/,
    );
    expect(() =>
      itemCharacteristicSvg({ theta: [0, 0], curves: [{ label: 'x', values: [0.1, 0.2] }] }),
    ).toThrow(/increasing/);
    expect(() => itemCharacteristicSvg({ theta: [0, Number.NaN], curves: [] })).toThrow(InvalidInputError);
    expect(() => itemCharacteristicSvg({ theta, curves: [] })).toThrow(/at least one curve/);
    expect(() => itemCharacteristicSvg(null as never)).toThrow(InvalidInputError);
    expect(() => itemCharacteristicSvg(icc, { width: -1 })).toThrow(InvalidOptionError);
  });
});

describe('information curves', () => {
  it('geometry: the total, and a y-axis from 0 covering the largest value', () => {
    const g = informationGeometry(information);
    expect(g.total).toHaveLength(61);
    expect(g.yDomain[0]).toBe(0);
    expect(g.yDomain[1]).toBeGreaterThanOrEqual(Math.max(...information.total));
    // 2PL information peaks at the difficulty with a²/4.
    const hard = g.curves[1]!.points.reduce((best, p) => (p[1] > best[1] ? p : best));
    expect(hard[0]).toBeCloseTo(1, 10);
    expect(hard[1]).toBeCloseTo(1, 10);
  });
  it('SVG: item curves and a thick total; the description names the peaks', () => {
    const svg = informationSvg(information, { theme: 'dark' });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(marks(svg, 'em-curve')).toHaveLength(2);
    expect(marks(svg, 'em-total')[0]!['stroke-width']).toBe('3');
    expect(svg).toMatch(/hard peaks at θ = 1 \(1\)/);
    expect(svg).toContain('test information');
  });
  it('rejects negative or non-finite information', () => {
    expect(() => informationSvg({ theta: [0, 1], curves: [{ label: 'x', values: [0, -1] }] })).toThrow(
      InvalidInputError,
    );
    expect(() => informationSvg({ theta: [0, 1], curves: [], total: [0, Number.POSITIVE_INFINITY] })).toThrow(
      InvalidInputError,
    );
  });
});
