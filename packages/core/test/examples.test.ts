// Every export has a TSDoc @example; every TSDoc example runs and the values its comments claim hold —
// through the doc-example harness all packages share (@em/testkit). The README's sections are run by
// readme.test.ts, against R's SQUAREM.
import { inspect } from 'node:util';
import { describeDocExamples } from '@em/testkit';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import * as numeric from '../src/numeric/index.js';
import * as stream from '../src/stream/index.js';

const models = new URL('./models/', import.meta.url).pathname;

/**
 * The names fragments of the docs take from elsewhere: `coins` is the two-coin model of the EMModel
 * example; `model`/`params` Hasselblad's Poisson mixture of the README; a chunked Poisson E-step for the
 * chunked examples; a stop button and a drawing function for the browser-side examples.
 */
const context: Record<string, string> = {
  coins: `import { twoCoins as __twoCoins } from '${models}two-coins.js'; const coins = __twoCoins();`,
  model: `import { hasselblad as __hasselblad } from '${models}hasselblad.js'; const model = __hasselblad();`,
  params: 'const params: [number, number, number] = [0.3, 1, 5];',
  initialParams: 'const initialParams: [number, number, number] = [0.3, 1, 5];',
  init: 'const init = (random: () => number): [number, number, number] => [0.1 + 0.8 * random(), 1 + random(), 4 + random()];',
  asyncModel: `import { hasselblad as __hasselblad2 } from '${models}hasselblad.js'; const asyncModel = __hasselblad2();`,
  workerModel: `import { hasselblad as __hasselblad3 } from '${models}hasselblad.js'; const workerModel = __hasselblad3();`,
  signal: 'const signal = new AbortController().signal;',
  stopButton: 'const stopButton = { onclick: null as null | (() => void) };',
  draw: 'const draw = (_params: unknown) => {};',
  sums: 'const sums = { zero: () => [0, 0], add: (into: number[], other: number[]) => [into[0]! + other[0]!, into[1]! + other[1]!] };',
  part1: 'const part1 = { stats: [3, 4], logLikelihood: -2 };',
  part2: 'const part2 = { stats: [5, 6], logLikelihood: -1 };',
  data: 'const data = Float64Array.from({ length: 1000 }, (_, i) => i % 7);',
  poissonStats:
    'const poissonStats = (rate: number, chunk: Float64Array) => ({ stats: [chunk.length, chunk.reduce((a, b) => a + b, 0)], logLikelihood: chunk.reduce((l, x) => l + x * Math.log(rate) - rate - Math.log(Array.from({ length: x }, (_, i) => i + 1).reduce((a, b) => a * b, 1)), 0) });',
  spec: 'const spec = { chunks: () => [data.subarray(0, 500), data.subarray(500)], eStepChunk: (rate: number, chunk: Float64Array) => poissonStats(rate, chunk), zero: () => [0, 0], add: (a: number[], b: number[]) => [a[0]! + b[0]!, a[1]! + b[1]!] };',
  mStep: 'const mStep = ([n, x]: number[]) => x! / n!;',
  chunks: 'const chunks = [[1, 2], [3]];',
  process: 'const process = (_chunk: number[]) => {};',
  readChunks:
    'async function* readChunks(_path: string) { yield data.subarray(0, 500); yield data.subarray(500); }',
  pool: 'const pool = { run: async ({ rate, chunk }: { rate: number; chunk: Float64Array }) => poissonStats(rate, chunk) };',
};

describeDocExamples({
  root: new URL('..', import.meta.url),
  entries: {
    '@em/core': 'src/index.ts',
    '@em/core/numeric': 'src/numeric/index.ts',
    '@em/core/stream': 'src/stream/index.ts',
  },
  api: { '@em/core': api, '@em/core/numeric': numeric, '@em/core/stream': stream },
  readme: false,
  context,
  skip: { 'src/restarts.ts › runEMWithRestarts': 'imports @em/sampling, which depends on @em/core' },
  minClaims: 30,
});

// The summaries' exact text (also claimed in their TSDoc examples).
describe('TSDoc examples of the model summaries', () => {
  it('inspectCustom: console.log prints what the hook returns', () => {
    const point = { x: 1, [api.inspectCustom]: () => 'Point(1)' };
    expect(inspect(point)).toBe('Point(1)');
  });

  it('SummaryValue: numbers, strings and booleans', () => {
    const fields: Record<string, api.SummaryValue> = { nComponents: 3, covarianceType: 'full', fitted: true };
    expect(api.modelSummary('M', fields)).toBe("M { nComponents: 3, covarianceType: 'full', fitted: true }");
  });

  it('modelSummary: one line, numbers to 6 significant digits', () => {
    expect(
      api.modelSummary('GaussianMixture', {
        nComponents: 3,
        covarianceType: 'full',
        fitted: true,
        meanLogLikelihood: -2.3456789,
      }),
    ).toBe(
      "GaussianMixture { nComponents: 3, covarianceType: 'full', fitted: true, meanLogLikelihood: -2.34568 }",
    );
  });
});
