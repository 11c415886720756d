import { InvalidInputError, InvalidOptionError } from '@em/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { type CaterpillarInput, caterpillarGeometry, caterpillarSvg } from '../src/index.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

// lme4's ranef(fm1)$Subject[, "(Intercept)"] for the first six sleepstudy subjects, with condVar SDs.
const input: CaterpillarInput = {
  levels: ['308', '309', '310', '330', '331', '332'],
  values: [2.2575, -40.3987, -38.9604, 23.6906, 22.2603, 9.0395],
  condSd: [12.07, 12.07, 12.07, 12.07, 12.07, 12.07],
};

describe('caterpillarSvg', () => {
  const svg = caterpillarSvg(input, { title: 'Subject', xLabel: '(Intercept)' });

  it('is well-formed SVG with one dot and one interval per level, in sorted order', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = parser.parse(svg).svg;
    expect(root.role).toBe('img');
    expect(String(root.desc['#text'])).toMatch(
      /6 levels: effects from -40\.4 to 23\.69, sorted, with 95% intervals/,
    );
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg.match(/<circle class="em-effect"/g)).toHaveLength(6);
    expect(svg.match(/<line class="em-interval"/g)).toHaveLength(6);
    const order = [...svg.matchAll(/data-level="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['309', '310', '308', '332', '331', '330']);
    for (const level of input.levels) expect(svg).toContain(`>${level}<`);
  });

  it('puts the smallest effect lowest and intervals at value ± 1.96 SD', () => {
    const g = caterpillarGeometry(input);
    expect(g.z).toBeCloseTo(1.959964, 6);
    expect(g.rows[0]!.level).toBe('309');
    expect(g.rows[0]!.lower).toBeCloseTo(-40.3987 - 1.959964 * 12.07, 4);
    expect(g.rows[5]!.upper).toBeCloseTo(23.6906 + 1.959964 * 12.07, 4);
    expect(g.xDomain[0]).toBeLessThanOrEqual(g.rows[0]!.lower);
    expect(g.xDomain[1]).toBeGreaterThanOrEqual(g.rows[5]!.upper);
    const svgY = (level: string) =>
      Number(new RegExp(`data-level="${level}"><line[^>]* y1="([\\d.]+)"`).exec(svg)![1]);
    expect(svgY('309')).toBeGreaterThan(svgY('330')); // SVG y grows downwards
    expect(caterpillarGeometry(input, { coverage: 0.5 }).z).toBeCloseTo(0.67449, 4);
    expect(caterpillarGeometry(input, { sort: false }).rows.map((r) => r.level)).toEqual(input.levels);
  });

  it('draws without intervals, escapes user strings and is deterministic', () => {
    const bare = caterpillarSvg({ levels: ['a', 'b'], values: [1, -1] });
    expect(bare).not.toContain('em-interval');
    expect(caterpillarSvg(input, { title: 'Subject', xLabel: '(Intercept)' })).toBe(svg);
    const evil = '</text><script>alert(1)</script>&';
    const out = caterpillarSvg({ levels: [evil, 'b'], values: [0, 1] }, { title: evil });
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).not.toContain('<script>');
  });

  it('thins level labels when there are too many to print', () => {
    const L = 400;
    const many = caterpillarSvg(
      {
        levels: Array.from({ length: L }, (_, i) => `L${i}`),
        values: Array.from({ length: L }, (_, i) => Math.sin(i)),
      },
      { height: 400 },
    );
    expect(many.match(/<circle class="em-effect"/g)).toHaveLength(L);
    const labels = many.match(/>L\d+</g)!.length;
    expect(labels).toBeLessThan(L);
    expect(labels).toBeGreaterThan(10);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => caterpillarSvg({ levels: [], values: [] })).toThrow(InvalidInputError);
    expect(() => caterpillarSvg({ levels: ['a'], values: [1, 2] })).toThrow(InvalidInputError);
    expect(() => caterpillarSvg({ levels: ['a'], values: [Number.NaN] })).toThrow(/input\.values at row 0/);
    expect(() => caterpillarSvg({ levels: ['a'], values: [1], condSd: [-1] })).toThrow(InvalidInputError);
    expect(() => caterpillarSvg(input, { coverage: 1 })).toThrow(InvalidOptionError);
    expect(() => caterpillarSvg(input, { margin: 'wide' as never })).toThrow(InvalidOptionError);
    expect(() => caterpillarSvg(null as never)).toThrow(InvalidInputError);
  });
});
