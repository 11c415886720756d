import { InvalidInputError, InvalidOptionError } from '@em/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { regressionMixtureGeometry, regressionMixtureSvg } from '../src/index.js';

const input = {
  x: [0, 1, 2, 3, 0, 1, 2, 3],
  y: [0.1, 1, 2.1, 2.9, 10, 8.1, 6, 4.1],
  labels: [0, 0, 0, 0, 1, 1, 1, 1],
  lines: [
    { intercept: 0, slope: 1 },
    { intercept: 10, slope: -2 },
  ],
};
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

describe('regressionMixtureGeometry', () => {
  it('straight lines from the intercept and slope over the x range; domains hold points and lines', () => {
    const g = regressionMixtureGeometry(input);
    expect(g.curves[1]!.points).toEqual([
      { x: 0, y: 10 },
      { x: 3, y: 4 },
    ]);
    expect(g.points[4]).toEqual({ x: 0, y: 10, component: 1 });
    expect(g.xDomain[0]).toBeLessThanOrEqual(0);
    expect(g.yDomain[1]).toBeGreaterThanOrEqual(10);
  });
  it('curves through the inverse link (log, logit)', () => {
    const g = regressionMixtureGeometry({ ...input, link: 'log' });
    expect(g.curves[0]!.points).toHaveLength(64);
    expect(g.curves[0]!.points[63]!.y).toBeCloseTo(Math.exp(3), 12);
    const l = regressionMixtureGeometry({ ...input, y: [0, 0, 1, 1, 1, 1, 0, 0], link: 'logit' });
    expect(l.curves[0]!.points[0]!.y).toBeCloseTo(0.5, 12);
  });
  it('typed errors naming the bad value', () => {
    expect(() => regressionMixtureGeometry({ ...input, y: [1] })).toThrow(InvalidInputError);
    expect(() => regressionMixtureGeometry({ ...input, labels: [0, 0, 0, 0, 1, 1, 1, 2] })).toThrow(
      /labels at row 7/,
    );
    expect(() => regressionMixtureGeometry({ ...input, x: [0, 1, Number.NaN, 3, 0, 1, 2, 3] })).toThrow(
      /x at row 2/,
    );
    expect(() => regressionMixtureGeometry({ ...input, lines: [] })).toThrow(InvalidInputError);
    expect(() => regressionMixtureGeometry({ ...input, link: 'probit' as never })).toThrow(
      InvalidOptionError,
    );
    expect(() => regressionMixtureGeometry(null as never)).toThrow(InvalidInputError);
  });
});

describe('regressionMixtureSvg', () => {
  const svg = regressionMixtureSvg(input, { title: '<Two> lines & "points"' });
  it('is well-formed, described, one point per row and one line per component, coloured by component', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = parser.parse(svg).svg;
    expect(root.role).toBe('img');
    expect(String(root.desc['#text'])).toMatch(/8 points coloured by 2 regression components/);
    expect(svg.match(/class="em-point"/g)).toHaveLength(8);
    expect(svg.match(/class="em-regression-line"/g)).toHaveLength(2);
    const colour = (k: number) =>
      new RegExp(`class="em-regression-line" data-component="${k}" d="[^"]+" stroke="([^"]+)"`).exec(svg)![1];
    expect(colour(0)).not.toBe(colour(1));
    expect(svg).toContain(`data-component="1" cx`);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).toContain('&lt;Two&gt;');
  });
});
