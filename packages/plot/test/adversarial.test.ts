// Hostile input for every chart of @em/plot, in the shape of @em/testkit: each chart's documented input,
// tampered one place at a time (tamperedJson) or given extreme values, with hostile options — each call
// ends in a typed EMError or a chart whose geometry and text hold no NaN or Infinity. CI replays a fixed
// seed (test/setup.ts).
import {
  adversarialRecorder,
  expectTypedError,
  extremeFinite,
  hostileNumber,
  hostileOptions,
  hostileString,
  hostileValue,
  propertyTypedOrFinite,
  tamperedJson,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as plot from '../src/index.js';

const recorder = adversarialRecorder('@em/plot');
const svgText = { scanText: true };

const theta = [-2, -1, 0, 1, 2];
const model2d = {
  weights: [0.5, 0.5],
  means: [
    [0.5, 0.5],
    [5.5, 5.5],
  ],
  covariances: [
    [
      [0.25, 0.1],
      [0.1, 0.25],
    ],
    [
      [0.25, 0.1],
      [0.1, 0.25],
    ],
  ],
};
const X2 = [
  [0, 0],
  [1, 0.5],
  [0.5, 1],
  [5, 5],
  [6, 5.5],
  [5.5, 6],
];

/** Each chart: a valid input from its documentation, and how to draw it (geometry and SVG). */
const charts: [string, unknown, (input: never, options: never) => unknown[]][] = [
  ['histogram', [1, 2, 2, 3, 3, 3], (s, o) => [plot.histogramGeometry(s, o), plot.histogramSvg(s, o)]],
  [
    'caterpillar',
    { levels: ['308', '309', '310'], values: [2.3, -40.4, -39], condSd: [12.1, 12.1, 12.1] },
    (i, o) => [plot.caterpillarGeometry(i, o), plot.caterpillarSvg(i, o)],
  ],
  [
    'convergence',
    { history: [-120.5, -101.2, -99.8, -99.7], converged: true },
    (i, o) => [plot.convergenceGeometry(i, o), plot.convergenceSvg(i, o)],
  ],
  [
    'frequencyBars',
    [
      { label: 'A', value: 0.2136, standardError: 0.0135 },
      { label: 'O', value: 0.7363, standardError: 0.0145 },
    ],
    (i, o) => [plot.frequencyBarsGeometry(i, o), plot.frequencyBarsSvg(i, o)],
  ],
  [
    'itemCharacteristic',
    { theta, curves: [{ label: 'easy', values: [0.1, 0.3, 0.5, 0.7, 0.9] }] },
    (i, o) => [plot.itemCharacteristicGeometry(i, o), plot.itemCharacteristicSvg(i, o)],
  ],
  [
    'information',
    {
      theta,
      curves: [{ label: 'easy', values: [0.1, 0.2, 0.25, 0.2, 0.1] }],
      total: [0.1, 0.2, 0.25, 0.2, 0.1],
    },
    (i, o) => [plot.informationGeometry(i, o), plot.informationSvg(i, o)],
  ],
  [
    'mixtureDensity',
    {
      sample: [-1.2, -0.8, -1.1, 1.9, 2.2, 2.5],
      model: { weights: [0.4, 0.6], means: [-1.03, 2.08], variances: [0.03, 0.08] },
    },
    (i: { sample: never; model: never }, o) => [
      plot.mixtureDensityGeometry(i?.sample, i?.model, o),
      plot.mixtureDensitySvg(i?.sample, i?.model, o),
    ],
  ],
  [
    'modelSelection',
    [
      { covarianceType: 'full', nComponents: 1, value: 900 },
      { covarianceType: 'full', nComponents: 2, value: 700 },
      { covarianceType: 'spherical', nComponents: 2, value: 740 },
    ],
    (i, o) => [plot.modelSelectionGeometry(i, o), plot.modelSelectionSvg(i, o)],
  ],
  [
    'raster',
    { values: [0, 1, 1, 0, 0.5, 0.2], width: 3, height: 2 },
    (i, o) => [plot.rasterGeometry(i, o), plot.rasterSvg(i, o), plot.rasterDataUrl(i, o).length],
  ],
  [
    'regressionMixture',
    {
      x: [0, 1, 2, 0, 1, 2],
      y: [0, 1, 2, 10, 8, 6],
      labels: [0, 0, 0, 1, 1, 1],
      lines: [
        { intercept: 0, slope: 1 },
        { intercept: 10, slope: -2 },
      ],
    },
    (i, o) => [plot.regressionMixtureGeometry(i, o), plot.regressionMixtureSvg(i, o)],
  ],
  [
    'scatter',
    { X: X2, model: model2d, uncertainty: true },
    (i: { X: never }, o: object) => {
      const options = { ...(i as object), ...o, X: undefined };
      return [plot.scatterGeometry(i?.X, options as never), plot.scatterSvg(i?.X, options as never)];
    },
  ],
  [
    'scatterMatrix',
    { X: X2, labels: [0, 0, 0, 1, 1, 1] },
    (i: { X: never }, o: object) => {
      const options = { ...(i as object), ...o, X: undefined };
      return [
        plot.scatterMatrixGeometry(i?.X, options as never),
        plot.scatterMatrixSvg(i?.X, options as never),
      ];
    },
  ],
  [
    'stateSequence',
    {
      observations: [1, 6, 6, 3],
      states: [0, 1, 1, 0],
      posteriors: [
        [0.9, 0.1],
        [0.3, 0.7],
        [0.1, 0.9],
        [0.8, 0.2],
      ],
    },
    (i, o) => [plot.stateSequenceGeometry(i, o), plot.stateSequenceSvg(i, o)],
  ],
];

const OPTION_KEYS = [
  'width',
  'height',
  'margin',
  'theme',
  'palette',
  'title',
  'description',
  'xLabel',
  'yLabel',
  'fontSize',
  'bins',
  'normalize',
  'colorMap',
  'domain',
  'xDomain',
  'yDomain',
  'nStd',
  'maxPoints',
  'minOpacity',
  'stateLabels',
  'level',
  'pointRadius',
];

/** Whether some string in `value` contains the words NaN or Infinity (numbers do not count). */
function saysNonFinite(value: unknown): boolean {
  const text = JSON.stringify(value, (_key, v) =>
    typeof v === 'bigint' || typeof v === 'symbol' ? String(v) : v,
  );
  return /"[^"]*(NaN|Infinity)[^"]*"/.test(text ?? '');
}

/** Every number of a JSON document scaled to the edge of the doubles (the values near ±1e308 class). */
function scaledTo(document: unknown, factor: number): unknown {
  return JSON.parse(JSON.stringify(document), (_key, v) => (typeof v === 'number' ? v * factor : v));
}

describe('@em/plot under hostile input', () => {
  for (const [name, valid, draw] of charts) {
    it(`${name}: its documented input, tampered, with hostile options`, () => {
      propertyTypedOrFinite(
        recorder,
        // A label may say "NaN" (it is text): only numbers that become NaN count, so skip such labels.
        fc.tuple(
          tamperedJson(valid).filter((t) => !saysNonFinite(t.document)),
          hostileOptions(OPTION_KEYS).filter((o) => !saysNonFinite(o)),
        ),
        ([tampered, options]) => draw(tampered.document as never, options as never),
        svgText,
      );
    });

    it(`${name}: values scaled towards ±1e308, with a title of hostile text`, () => {
      propertyTypedOrFinite(
        recorder,
        fc.tuple(
          fc.constantFrom(1e150, 1e300, 1e307, -1e307, 1e-300, 5e-324),
          hostileString.filter((s) => !/NaN|Infinity/.test(s)), // a title is text, whatever it says
        ),
        ([factor, title]) => draw(scaledTo(valid, factor) as never, { title } as never),
        svgText,
      );
    });
  }

  it('binEdges, binCounts, subsampleIndices, colorMapRgb, covarianceEllipse, componentDensities, normalizeModel, escapeXml', () => {
    const sample = fc.oneof(fc.array(fc.oneof(extremeFinite, hostileNumber), { maxLength: 8 }), hostileValue);
    propertyTypedOrFinite(recorder, fc.tuple(sample, hostileValue), ([s, bins]) =>
      plot.binEdges(s as never, bins as never),
    );
    propertyTypedOrFinite(
      recorder,
      fc.tuple(sample, fc.oneof(fc.array(hostileNumber, { maxLength: 5 }), hostileValue)),
      ([s, edges]) => plot.binCounts(s as never, edges as never),
    );
    propertyTypedOrFinite(recorder, fc.tuple(hostileValue, hostileValue, hostileValue), ([n, size, seed]) =>
      plot.subsampleIndices(n as never, size as never, seed as never),
    );
    propertyTypedOrFinite(recorder, fc.tuple(hostileValue, hostileNumber), ([map, t]) =>
      plot.colorMapRgb(map as never, t),
    );
    propertyTypedOrFinite(recorder, fc.tuple(hostileValue, hostileValue, hostileValue), ([mean, cov, n]) =>
      plot.covarianceEllipse(mean as never, cov as never, n as never),
    );
    propertyTypedOrFinite(
      recorder,
      fc.tuple(tamperedJson({ weights: [0.4, 0.6], means: [0, 2], variances: [1, 0.5] }), hostileNumber),
      ([m, x]) => plot.componentDensities(m.document as never, x),
    );
    propertyTypedOrFinite(recorder, tamperedJson(model2d), (m) => plot.normalizeModel(m.document as never));
    propertyTypedOrFinite(
      recorder,
      fc.oneof(hostileString, hostileValue),
      (text) => plot.escapeXml(text as never),
      {
        check: (out) => expect(out).not.toMatch(/[<>"]/),
      },
    );
  });
});

describe('regressions (issue 23)', () => {
  it('binEdges([]) and binEdges([1, NaN]) are typed errors', () => {
    expectTypedError(recorder, () => plot.binEdges([]), ['sample']);
    expectTypedError(recorder, () => plot.binEdges([1, Number.NaN]), ['sample', 'row 1']);
  });

  it('binCounts refuses unsorted or non-finite edges', () => {
    expectTypedError(recorder, () => plot.binCounts([1, 2], [2, 0, 1]), ['edges[1]']);
    expectTypedError(recorder, () => plot.binCounts([1, 2], [0, Number.NaN]), ['edges[1]']);
  });

  it('bins: 1e6 and 1e9 are refused before allocating (no stack overflow, no out-of-heap crash)', () => {
    expectTypedError(recorder, () => plot.histogramSvg([1, 2, 3], { bins: 1e6 }), ['bins', '10000']);
    expectTypedError(recorder, () => plot.histogramSvg([1, 2, 3], { bins: 1e9 }), ['bins']);
    expect(plot.histogramGeometry([1, 2, 3], { bins: 10_000 }).bins).toHaveLength(10_000);
  });

  it('width: 1e9 is refused; 20,000 px still draws', () => {
    expectTypedError(recorder, () => plot.scatterSvg(X2, { width: 1e9 }), ['width']);
    expectTypedError(recorder, () => plot.histogramSvg([1, 2], { height: 1e9 }), ['height']);
    expect(plot.scatterSvg(X2, { width: 20_000 })).toContain('width="20000"');
  });

  it('values near ±1e308: drawn without NaN when their range is a double, a typed error when it is not', () => {
    const near = [1e308, 1.2e308, 1.5e308, 1.7e308];
    for (const svg of [
      plot.histogramSvg(near),
      plot.scatterSvg(near.map((v) => [v, -v])),
      plot.convergenceSvg({ history: near }),
    ]) {
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
    // Every value is drawn: 4 points, 4 observations in the bars.
    expect(plot.scatterGeometry(near.map((v) => [v, -v])).points).toHaveLength(4);
    const h = plot.histogramGeometry(near);
    expect(h.bins.reduce((n, b) => n + b.count, 0)).toBe(4);
    expectTypedError(
      recorder,
      () =>
        plot.scatterSvg([
          [-1e308, 0],
          [1e308, 1],
        ]),
      ['range'],
    );
    expectTypedError(recorder, () => plot.histogramSvg([-1e308, 1e308, 0]), ['range']);
  });

  it('probabilities outside [0, 1] are refused, not drawn as negative opacity', () => {
    expectTypedError(
      recorder,
      () =>
        plot.scatterSvg(X2.slice(0, 2), {
          probabilities: [
            [1.5, -0.5],
            [0.5, 0.5],
          ],
          uncertainty: true,
        }),
      ['probabilities', 'row 0'],
    );
  });
});
