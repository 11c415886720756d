import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

const guideFile = new URL(
  '../../../docs/guide/hidden-markov-models.md',
  import.meta.url,
);
const CHART =
  /(<!-- chart: hmm-casino.svg -->\n)([\s\S]*?)(\n<!-- \/chart -->)/;

describe('hmm-casino.ts (hidden Markov models guide)', () => {
  it('recovers the dishonest casino (Durbin et al. 1998) and draws the chart the guide shows', async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'em-docs-hmm-'));
    process.chdir(dir);
    let lines: string[];
    try {
      lines = await runExample('hmm-casino');
    } finally {
      process.chdir(cwd);
    }
    const loaded = lines[2]!.split(/\s+/).slice(2).map(Number);
    expect(loaded[5]).toBeGreaterThan(0.42); // P(six) = 0.5 in the true loaded die
    expect(loaded[5]).toBeLessThan(0.55);
    const [, up, down] =
      /P\(fair → loaded\) = ([\d.]+), P\(loaded → fair\) = ([\d.]+)/
        .exec(lines[3]!)!
        .map(Number);
    expect(Math.abs(up! - 0.05)).toBeLessThan(0.02);
    expect(Math.abs(down! - 0.1)).toBeLessThan(0.03);
    expectOutput('hmm-casino', lines);
    // The guide embeds the chart inline: it must be exactly what the example draws.
    const svg = readFileSync(join(dir, 'hmm-casino.svg'), 'utf8');
    expect(svg).toContain('em-posterior');
    // UPDATE_EXAMPLES=1 rewrites it, as it does the outputs.
    if (process.env.UPDATE_EXAMPLES === '1')
      writeFileSync(
        guideFile,
        readFileSync(guideFile, 'utf8').replace(
          CHART,
          (_, a, _old, b) => a + svg + b,
        ),
      );
    const inline = CHART.exec(readFileSync(guideFile, 'utf8'));
    expect(inline?.[2]).toBe(svg);
  });
});

describe('hmm-letters.ts (hidden Markov models guide)', () => {
  it('separates vowels from consonants (Cave & Neuwirth 1980)', async () => {
    const lines = await runExample('hmm-letters');
    const a = lines[1]!.replace('state A: ', '').split(' ');
    const b = lines[2]!.replace('state B: ', '').split(' ');
    for (const v of 'aeiou') expect(a).toContain(v);
    const consonants = [...'bcdfghjklmnpqrstvwxyz'];
    expect(consonants.filter((c) => b.includes(c)).length).toBeGreaterThan(
      0.8 * consonants.length,
    );
    expectOutput('hmm-letters', lines);
  });
});

describe('hmm-porting.ts (hidden Markov models guide)', () => {
  it("ports hmmlearn's GaussianHMM tutorial", async () => {
    const lines = await runExample('hmm-porting');
    expect(lines[0]).toMatch(/^converged: true/);
    const means = lines
      .slice(1, 4)
      .map((l) =>
        /mean \[([-\d.]+), ([-\d.]+)\]/.exec(l)!.slice(1).map(Number),
      );
    [
      [0, 0],
      [3, -3],
      [5, 10],
    ].forEach((m, j) => {
      expect(Math.abs(means[j]![0]! - m[0]!)).toBeLessThan(0.4);
      expect(Math.abs(means[j]![1]! - m[1]!)).toBeLessThan(0.4);
    });
    const hits = Number(/recovers (\d+) of 100/.exec(lines[4]!)![1]);
    expect(hits).toBeGreaterThan(95);
    expectOutput('hmm-porting', lines);
  });
});

describe('hmm-workers.ts (hidden Markov models guide)', () => {
  it('fits many sequences on two worker threads, the same fit as on one', async () => {
    const lines = await runExample('hmm-workers');
    expect(lines[2]).toBe('the same fit as on one thread, bit for bit: true');
    const sixes = /P\(six\) in each state: ([\d.]+), ([\d.]+)/
      .exec(lines[1]!)!
      .slice(1)
      .map(Number);
    // One state is the loaded die (P(six) = 0.5), the other the fair one (1/6).
    expect(Math.abs(Math.max(...sixes) - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(Math.min(...sixes) - 1 / 6)).toBeLessThan(0.02);
    expectOutput('hmm-workers', lines);
  }, 60_000);
});

describe('hmm-online.ts (hidden Markov models guide): partialFit against the batch fit on held-out sequences', () => {
  it('five passes of online EM reach the batch fit to 1e-4 nats per step', async () => {
    const lines = await runExample('hmm-online');
    const nats = (line: string) =>
      Number(/held-out (-[\d.]+) nats/.exec(line)![1]);
    const target = nats(lines[0]!);
    const gaps = lines.slice(1).map((line) => Math.abs(target - nats(line)));
    expect(gaps).toHaveLength(3);
    expect(gaps[2]!).toBeLessThan(1e-4);
    expectOutput('hmm-online', lines);
  }, 60_000);
});
