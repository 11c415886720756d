import { InvalidInputError, InvalidOptionError } from '@em/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  convergenceSvg,
  escapeXml,
  histogramGeometry,
  histogramSvg,
  mixtureDensitySvg,
  modelSelectionGeometry,
  modelSelectionSvg,
  scatterMatrixSvg,
  scatterSvg,
} from '../src/index.js';
import { allCharts, bicRows, bimodal, bimodalModel, fits, threeD, X2 } from './support/charts.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

describe('every chart', () => {
  const charts = allCharts();

  for (const [name, svg] of charts) {
    it(`${name}: is well-formed XML with a labelled <svg> root, <title> and <desc>`, () => {
      expect(XMLValidator.validate(svg)).toBe(true);
      const root = parser.parse(svg).svg;
      expect(root.xmlns).toBe('http://www.w3.org/2000/svg');
      expect(root.role).toBe('img');
      const [titleId, descId] = root['aria-labelledby'].split(' ');
      expect(root.title.id).toBe(titleId);
      expect(root.desc.id).toBe(descId);
      expect(String(root.desc['#text']).length).toBeGreaterThan(40);
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    });

    it(`${name}: matches its snapshot`, async () => {
      await expect(svg).toMatchFileSnapshot(`./__snapshots__/${name}.svg`);
    });
  }

  it('is deterministic: the same input gives byte-identical output', () => {
    expect(allCharts()).toEqual(charts);
  });
});

describe('user strings are escaped everywhere', () => {
  const evil = `</text><script>alert("x")</script><text a='b'>&amp; ]]>`;
  const evilColour = `red" onload="alert(1)`;
  const svgs = [
    histogramSvg(bimodal, { title: evil, description: evil, xLabel: evil, yLabel: evil }),
    mixtureDensitySvg(bimodal, bimodalModel, { title: evil, componentLabels: [evil, evil] }),
    scatterSvg(X2, {
      model: fits[0]!,
      title: evil,
      dimensionNames: [evil, evil],
      componentLabels: [evil, evil],
      palette: [evilColour],
      theme: { background: evilColour, fontFamily: evil },
    }),
    scatterMatrixSvg(threeD().X, {
      title: evil,
      dimensionNames: [evil, 'b', 'c'],
      labels: threeD().X.map(() => 0),
    }),
    convergenceSvg([1, 2], { title: evil, xLabel: evil }),
    modelSelectionSvg([{ covarianceType: evil, nComponents: 1, value: 3 }], { title: evil, criterion: evil }),
  ];
  for (const [i, svg] of svgs.entries()) {
    it(`chart ${i}: stays well-formed, with no injected element or attribute, and the text intact`, () => {
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).not.toContain('<script');
      expect(svg).not.toMatch(/\sonload="/);
      const parsed = parser.parse(svg);
      expect(parsed.svg.title).toMatchObject({
        '#text': expect.stringContaining('<script>alert("x")</script>'),
      });
    });
  }

  it('escapeXml drops characters XML cannot carry', () => {
    expect(escapeXml('a\u0000b\u0007c\uFFFEd')).toBe('abcd');
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});

describe('layout options', () => {
  it('width, height and margins are honoured', () => {
    const svg = histogramSvg([1, 2, 3], {
      width: 300,
      height: 200,
      margin: { top: 5, right: 7, bottom: 30, left: 40 },
    });
    const root = parser.parse(svg).svg;
    expect(root.width).toBe('300');
    expect(root.height).toBe('200');
    expect(root.viewBox).toBe('0 0 300 200');
    // The clip rectangle is the plotting area widened by 2 px on each side.
    expect(root.defs.clipPath.rect).toMatchObject({ x: '38', y: '3', width: '257', height: '169' });
  });

  it('themes change the colours', () => {
    const light = histogramSvg([1, 2, 3]);
    const dark = histogramSvg([1, 2, 3], { theme: 'dark' });
    expect(light).toContain('fill="#ffffff"');
    expect(dark).toContain('fill="#16181d"');
    expect(histogramSvg([1, 2, 3], { theme: { background: 'none' } })).not.toContain('<rect width="640"');
  });

  it('ticks carry readable labels and stay inside the domain', () => {
    const g = histogramGeometry(bimodal, { bins: 50 });
    expect(g.xTicks.length).toBeGreaterThanOrEqual(4);
    for (const t of g.xTicks) {
      expect(t.value).toBeGreaterThanOrEqual(g.xDomain[0]);
      expect(t.value).toBeLessThanOrEqual(g.xDomain[1]);
      expect(t.label.length).toBeLessThan(8);
    }
    expect(g.yDomain[0]).toBe(0);
  });

  it('bad options throw InvalidOptionError naming the option', () => {
    const cases: [unknown, string][] = [
      [{ width: 0 }, 'width'],
      [{ height: Number.NaN }, 'height'],
      [{ margin: { left: -1 } }, 'margin.left'],
      [{ theme: 'blue' }, 'theme'],
      [{ palette: [] }, 'palette'],
      [{ title: 3 }, 'title'],
      [{ normalize: 'percent' }, 'normalize'],
    ];
    for (const [options, option] of cases) {
      try {
        histogramSvg([1, 2], options as never);
        expect.unreachable(option);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidOptionError);
        expect((e as InvalidOptionError).option).toBe(option);
      }
    }
  });
});

describe('convergence and model selection', () => {
  it('convergence takes a history or an EM result, and rejects empty or non-finite ones', () => {
    const a = convergenceSvg([-10, -5, -4.9]);
    const b = convergenceSvg({ history: [-10, -5, -4.9], converged: true });
    expect(parser.parse(b).svg.desc['#text']).toContain('Converged.');
    expect(a).not.toBe(b);
    expect(() => convergenceSvg([])).toThrow(InvalidInputError);
    try {
      convergenceSvg({ history: [-10, Number.NaN] });
      expect.unreachable();
    } catch (e) {
      expect((e as InvalidInputError).argument).toBe('result.history');
      expect((e as InvalidInputError).row).toBe(1);
    }
  });

  it('marks the lowest value by default, the highest with better: "higher", and skips failed fits', () => {
    expect(modelSelectionGeometry(bicRows).best).toEqual({
      covarianceType: 'full',
      nComponents: 2,
      value: 905,
    });
    const rows = [
      { covarianceType: 'VVV', nComponents: 1, value: -500 },
      { covarianceType: 'VVV', nComponents: 2, value: null },
      { covarianceType: 'VVV', nComponents: 3, value: -420 },
    ];
    const g = modelSelectionGeometry(rows, { better: 'higher' });
    expect(g.best).toEqual(rows[2]);
    expect(g.series[0]!.points).toEqual([
      [1, -500],
      [2, null],
      [3, -420],
    ]);
    expect(g.xTicks.map((t) => t.value)).toEqual([1, 2, 3]);
  });

  it('rejects bad rows with InvalidInputError naming the field and row', () => {
    const cases: [unknown, string, number | undefined][] = [
      [[], 'rows', undefined],
      [[{ covarianceType: 'full', nComponents: 0, value: 1 }], 'rows.nComponents', 0],
      [
        [
          { covarianceType: 'full', nComponents: 1, value: 1 },
          { covarianceType: 'full', nComponents: 2, value: Number.NaN },
        ],
        'rows.value',
        1,
      ],
      [[{ covarianceType: 7, nComponents: 1, value: 1 }], 'rows.covarianceType', 0],
      [[{ covarianceType: 'full', nComponents: 1, value: null }], 'rows.value', undefined],
      [
        [
          { covarianceType: 'full', nComponents: 1, value: 1 },
          { covarianceType: 'full', nComponents: 1, value: 2 },
        ],
        'rows',
        1,
      ],
    ];
    for (const [rows, argument, row] of cases) {
      try {
        modelSelectionSvg(rows as never);
        expect.unreachable(argument);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidInputError);
        expect((e as InvalidInputError).argument).toBe(argument);
        expect((e as InvalidInputError).row).toBe(row);
      }
    }
  });
});
