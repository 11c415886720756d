import { InvalidInputError, InvalidOptionError } from '@em/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { frequencyBarsGeometry, frequencyBarsSvg } from '../src/index.js';

// ABO allele frequencies and standard errors of Lange's (2002) duodenal-ulcer data.
const abo = [
  { label: 'A', value: 0.2136, standardError: 0.0135 },
  { label: 'B', value: 0.0501, standardError: 0.0068 },
  { label: 'O', value: 0.7363, standardError: 0.0145 },
];
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

describe('frequencyBarsGeometry', () => {
  it('intervals are value ± z·SE, clipped at 0, and the y domain holds them', () => {
    const g = frequencyBarsGeometry(abo);
    expect(g.bars[2]!.high).toBeCloseTo(0.7363 + 1.96 * 0.0145, 12);
    expect(g.bars[1]!.low).toBeCloseTo(0.0501 - 1.96 * 0.0068, 12);
    expect(frequencyBarsGeometry([{ label: 'x', value: 0.01, standardError: 0.1 }]).bars[0]!.low).toBe(0);
    expect(g.yDomain[0]).toBe(0);
    expect(g.yDomain[1]).toBeGreaterThanOrEqual(g.bars[2]!.high);
    expect(frequencyBarsGeometry(abo, { z: 1 }).bars[0]!.high).toBeCloseTo(0.2271, 12);
    expect(frequencyBarsGeometry([{ label: 'n', value: 3 }]).bars[0]).toMatchObject({ low: 3, high: 3 });
  });

  it('sorts descending on request, keeping input indices', () => {
    const g = frequencyBarsGeometry(abo, { sort: 'descending' });
    expect(g.bars.map((b) => [b.label, b.index])).toEqual([
      ['O', 2],
      ['A', 0],
      ['B', 1],
    ]);
  });

  it('rejects bad bars and options with typed errors', () => {
    expect(() => frequencyBarsGeometry([])).toThrow(InvalidInputError);
    expect(() => frequencyBarsGeometry([{ label: 'a', value: -1 }])).toThrow(/bars.value at row 0/);
    expect(() => frequencyBarsGeometry([{ label: 'a', value: Number.NaN }])).toThrow(InvalidInputError);
    expect(() =>
      frequencyBarsGeometry([{ label: 'a', value: 1, standardError: Number.POSITIVE_INFINITY }]),
    ).toThrow(/standardError/);
    expect(() => frequencyBarsGeometry([{ label: 3 as never, value: 1 }])).toThrow(InvalidInputError);
    expect(() => frequencyBarsGeometry([null as never])).toThrow(InvalidInputError);
    expect(() => frequencyBarsGeometry(abo, { z: -1 })).toThrow(InvalidOptionError);
    expect(() => frequencyBarsGeometry(abo, { sort: 'up' as never })).toThrow(InvalidOptionError);
  });
});

describe('frequencyBarsSvg', () => {
  const svg = frequencyBarsSvg(abo, { title: 'ABO allele frequencies, 95% intervals' });

  it('is well-formed, labelled, with one bar and one interval per estimate', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = parser.parse(svg).svg;
    expect(root.role).toBe('img');
    expect(String(root.desc['#text'])).toMatch(
      /3 frequencies with ±1\.96 standard-error intervals on 3; the largest is O at 0\.7363/,
    );
    expect(svg.match(/class="em-bar"/g)).toHaveLength(3);
    expect(svg.match(/class="em-interval"/g)).toHaveLength(3);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('bar heights are proportional to the values', () => {
    const heights = [
      ...svg.matchAll(
        /class="em-bar" data-index="(\d)" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g,
      ),
    ].map((m) => [Number(m[1]), Number(m[2])]);
    expect(heights).toHaveLength(3);
    const [a, b, o] = heights.map(([, h]) => h!);
    expect(o! / a!).toBeCloseTo(0.7363 / 0.2136, 1);
    expect(a! / b!).toBeCloseTo(0.2136 / 0.0501, 1);
  });

  it('escapes labels and rotates long ones into a taller bottom margin', () => {
    const evil = '</text><script>alert(1)</script>';
    const many = Array.from({ length: 12 }, (_, i) => ({
      label: `${evil}-haplotype-${i}`,
      value: (i + 1) / 78,
    }));
    const out = frequencyBarsSvg(many);
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).not.toContain('<script');
    expect(out).toContain('rotate(-45');
    expect(frequencyBarsSvg(abo)).not.toContain('rotate(-45');
  });

  it('is deterministic and matches its snapshot', async () => {
    expect(frequencyBarsSvg(abo, { title: 'ABO allele frequencies, 95% intervals' })).toBe(svg);
    await expect(svg).toMatchFileSnapshot('./__snapshots__/frequency-bars.svg');
  });
});
