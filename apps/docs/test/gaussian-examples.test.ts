import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

const numbers = (line: string | undefined) =>
  (line ?? '')
    .replace(/^[^:]*:/, '')
    .split(',')
    .map(Number);

describe('getting-started.ts (getting-started guide)', () => {
  it('recovers the two processes it sampled: weights 1/3 and 2/3, means 20 and 40, sd 5', async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'em-docs-'));
    process.chdir(dir); // the example writes mixture.svg into the current folder
    let lines: string[];
    try {
      lines = await runExample('getting-started');
    } finally {
      process.chdir(cwd);
    }
    const order =
      numbers(lines[1])[0]! < numbers(lines[1])[1]! ? [0, 1] : [1, 0];
    const [weights, means, sds] = [0, 1, 2].map((i) =>
      order.map((k) => numbers(lines[i])[k]!),
    ) as [number[], number[], number[]];
    // Sampling error of a mean of 4000 draws with sd 5 is 0.08; of the weights, well under 0.01.
    expect(Math.abs(weights[0]! - 1 / 3)).toBeLessThan(0.02);
    expect(Math.abs(means[0]! - 20)).toBeLessThan(0.5);
    expect(Math.abs(means[1]! - 40)).toBeLessThan(0.5);
    expect(Math.abs(sds[0]! - 5)).toBeLessThan(0.3);
    expect(Math.abs(sds[1]! - 5)).toBeLessThan(0.3);
    const svg = readFileSync(join(dir, 'mixture.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(existsSync(join(process.cwd(), 'mixture.svg'))).toBe(false);
    expectOutput('getting-started', lines);
  });
});

type SklearnRun = {
  initParams: string;
  means: number[];
  weights: number[];
  nIter: number;
};
const sklearn: { runs: SklearnRun[] } = JSON.parse(
  readFileSync(
    new URL('./fixtures/sklearn-seed.json', import.meta.url),
    'utf8',
  ),
);

describe('porting.ts (porting guide), against scikit-learn 1.2.1 on the same example', () => {
  const parse = (line: string | undefined) => {
    const match =
      /means ([\d.]+), ([\d.]+); weights ([\d.]+), ([\d.]+); (\d+) iterations/.exec(
        line ?? '',
      );
    if (!match) throw new Error(`unexpected line ${line}`);
    const [m0, m1, w0, w1, nIter] = match.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    return { means: [m0, m1].sort((a, b) => a - b), weights: [w0, w1], nIter };
  };

  it("with initParams 'random' stops early with both components on the overall mean, like scikit-learn", async () => {
    const ours = parse((await runExample('porting'))[0]);
    for (const theirs of sklearn.runs.filter(
      (run) => run.initParams === 'random',
    )) {
      // scikit-learn: both means near the overall mean 33.3, weights near 1/2, after 2 iterations.
      expect(Math.abs(theirs.means[0]! - 33.3)).toBeLessThan(0.5);
      expect(theirs.nIter).toBeLessThanOrEqual(3);
    }
    expect(Math.abs(ours.means[0]! - 33.3)).toBeLessThan(0.5);
    expect(Math.abs(ours.means[1]! - 33.3)).toBeLessThan(0.5);
    expect(Math.abs(ours.weights[0]! - 0.5)).toBeLessThan(0.02);
    expect(ours.nIter).toBeLessThanOrEqual(3);
  });

  it("with initParams 'kmeans' finds 20 and 40, as scikit-learn does", async () => {
    const lines = await runExample('porting');
    const ours = parse(lines[2]);
    for (const theirs of sklearn.runs.filter(
      (run) => run.initParams === 'kmeans',
    )) {
      expect(Math.abs(theirs.means[0]! - 20)).toBeLessThan(0.5);
      expect(Math.abs(theirs.means[1]! - 40)).toBeLessThan(0.5);
    }
    expect(Math.abs(ours.means[0]! - 20)).toBeLessThan(0.5);
    expect(Math.abs(ours.means[1]! - 40)).toBeLessThan(0.5);
    expectOutput('porting', lines);
  });
});

describe('covariance-types.ts (gaussian-mixtures guide)', () => {
  it('counts parameters, BIC and AIC by their closed forms, and prefers full covariances here', async () => {
    const lines = await runExample('covariance-types');
    const rows = lines.slice(1).map((line) => {
      const [type, p, ll, bic, aic] = line.trim().split(/\s+/);
      return {
        type,
        p: Number(p),
        ll: Number(ll),
        bic: Number(bic),
        aic: Number(aic),
      };
    });
    const n = 900;
    // K = 3 components in D = 2 dimensions: K − 1 weights, K·D means, and the covariance parameters.
    const expectedParameters = {
      full: 2 + 6 + 3 * 3,
      tied: 2 + 6 + 3,
      diag: 2 + 6 + 3 * 2,
      spherical: 2 + 6 + 3,
    };
    for (const row of rows) {
      expect(row.p).toBe(
        expectedParameters[row.type as keyof typeof expectedParameters],
      );
      expect(row.bic).toBeCloseTo(-2 * row.ll + row.p * Math.log(n), 0);
      expect(row.aic).toBeCloseTo(-2 * row.ll + 2 * row.p, 0);
    }
    const best = rows.reduce((a, b) => (b.bic < a.bic ? b : a));
    expect(best.type).toBe('full'); // the clusters are tilted, and differ in shape
    expectOutput('covariance-types', lines);
  });
});

describe('model-selection.ts (gaussian-mixtures guide)', () => {
  it('finds the three full-covariance clusters the data was drawn from', async () => {
    const lines = await runExample('model-selection');
    expect(lines.at(-1)).toBe("best: 3 components, covarianceType 'full'");
    const table = lines
      .slice(1, 7)
      .map((line) => line.trim().split(/\s+/).slice(1).map(Number));
    const smallest = Math.min(...table.flat());
    expect(table[2]![0]).toBe(smallest);
    expectOutput('model-selection', lines);
  });
});

describe('errors.ts (troubleshooting guide)', () => {
  it('gets a typed error, with a message naming the problem, for every bad input it tries', async () => {
    const lines = await runExample('errors');
    expect(lines).toHaveLength(6);
    expect(lines.some((line) => line.endsWith('no error'))).toBe(false);
    expect(lines[0]).toMatch(
      /InvalidInputError[\s\S]*row 1, column 1[\s\S]*NaN/,
    );
    expect(lines[1]).toMatch(/InvalidInputError[\s\S]*nComponents = 5/);
    expect(lines[2]).toMatch(/InvalidOptionError[\s\S]*maxIter/);
    expect(lines[3]).toMatch(
      /NotFittedError[\s\S]*This GaussianMixture is not fitted yet[\s\S]*predict/,
    );
    expect(lines[4]).toMatch(/InvalidInputError[\s\S]*2/);
    expect(lines[5]).toMatch(
      /SingularCovarianceError \(NUMERICAL\)[\s\S]*regCovar/,
    );
    expectOutput('errors', lines);
  });
});
