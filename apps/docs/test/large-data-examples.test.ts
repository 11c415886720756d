import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

const heldOut = (line?: string) =>
  Number(/held-out (-?[\d.]+)/.exec(line ?? '')?.[1]);

describe('online-heldout.ts (large-data guide): online EM against batch EM on held-out rows', () => {
  it('each pass gets closer to the batch fit; after five passes it is within 0.01 nats/row', async () => {
    const [batch, one, two, five] = await runExample('online-heldout');
    const target = heldOut(batch);
    const gaps = [one, two, five].map((line) => target - heldOut(line));
    expect(gaps[2]!).toBeLessThan(0.01);
    expect(gaps[2]!).toBeLessThanOrEqual(gaps[0]!);
    expectOutput('online-heldout', await runExample('online-heldout'));
  }, 60_000);
});

describe('stream-file.ts (large-data guide): fitStream on chunks equals fit', () => {
  it('bit for bit', async () => {
    const lines = await runExample('stream-file');
    expect(lines[2]).toBe('same parameters bit for bit: true');
    expectOutput('stream-file', lines);
  }, 60_000);
});

describe('bayesian-online-heldout.ts (Bayesian mixtures guide): stepwise VB against batch VB on held-out rows', () => {
  it('after five passes it is within 0.01 nats/row of the batch fit', async () => {
    const [batch, one, two, five] = await runExample('bayesian-online-heldout');
    const target = heldOut(batch);
    const gaps = [one, two, five].map((line) => target - heldOut(line));
    expect(gaps[2]!).toBeLessThan(0.01);
    const lines = await runExample('bayesian-online-heldout');
    expectOutput('bayesian-online-heldout', lines);
  }, 120_000);
});
