import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

describe('two-coins.ts (custom-models guide)', () => {
  it('reproduces Do & Batzoglou (2008), Figure 1b: 0.71/0.58 after one step, 0.80/0.52 after ten', async () => {
    const lines = await runExample('two-coins');
    expect(lines[0]).toBe('1: θA = 0.71, θB = 0.58');
    expect(lines[9]).toBe('10: θA = 0.80, θB = 0.52');
    expect(lines[10]).toBe('stopped: maxIter after 10 iterations');
    expectOutput('two-coins', lines);
  });
});

// Log-likelihood of the Poisson mixture written out directly, independent of the example's E-step.
function logLikelihood(
  weights: number[],
  rates: number[],
  counts: number[],
): number {
  let total = 0;
  for (const x of counts) {
    let density = 0;
    let factorial = 1;
    for (let i = 2; i <= x; i++) factorial *= i;
    weights.forEach((w, k) => {
      density += (w * rates[k]! ** x * Math.exp(-rates[k]!)) / factorial;
    });
    total += Math.log(density);
  }
  return total;
}

function parseRates(line: string | undefined): number[] {
  const match = /rates ([\d.]+), ([\d.]+)/.exec(line ?? '');
  if (!match) throw new Error(`no rates in ${line}`);
  return [Number(match[1]), Number(match[2])];
}

describe('chunked.ts and streamed.ts (custom-models guide)', async () => {
  const { calls } = await import('../examples/poisson-mixture.js');

  it('gives the same fit over three chunks as over the whole array', async () => {
    const lines = await runExample('chunked');
    expect(lines[0]!.replace('whole:  ', '')).toBe(
      lines[1]!.replace('chunked:', ''),
    );
    expectOutput('chunked', lines);
  });

  it('finds a maximum of the likelihood: nudging either rate lowers it', async () => {
    const lines = await runExample('chunked');
    const rates = parseRates(lines[0]);
    const weights = (/weights ([\d.]+), ([\d.]+)/.exec(lines[0]!) ?? [])
      .slice(1)
      .map(Number);
    const best = logLikelihood(weights, rates, calls);
    for (const [k, step] of [
      [0, 0.05],
      [0, -0.05],
      [1, 0.05],
      [1, -0.05],
    ] as const) {
      const nudged = [...rates];
      nudged[k]! += step;
      expect(logLikelihood(weights, nudged, calls)).toBeLessThan(best);
    }
    // Two clearly separated groups: a quiet rate near 2 and a busy one near 8–9 calls a minute.
    expect(rates[0]).toBeGreaterThan(1);
    expect(rates[0]).toBeLessThan(3.5);
    expect(rates[1]).toBeGreaterThan(7);
    expect(rates[1]).toBeLessThan(10);
  });

  it('streams the same fit asynchronously', async () => {
    const chunked = parseRates((await runExample('chunked'))[1]);
    const lines = await runExample('streamed');
    expect(parseRates(lines[0])).toEqual(chunked);
    expect(lines[1]).toMatch(/^stopped: converged after \d+ iterations$/);
    expectOutput('streamed', lines);
  });
});

describe('restarts.ts (custom-models guide)', () => {
  it('keeps the run with the highest log-likelihood, which is the optimum found from a good start', async () => {
    const lines = await runExample('restarts');
    const runs = lines
      .slice(0, 5)
      .map((line) => Number(/log-likelihood (-[\d.]+)/.exec(line)?.[1]));
    const kept = Number(/kept run (\d)/.exec(lines[5]!)?.[1]);
    expect(runs[kept]).toBe(Math.max(...runs));
    expect(parseRates(lines[5])).toEqual(
      parseRates((await runExample('chunked'))[0]),
    );
    expectOutput('restarts', lines);
  });
});
