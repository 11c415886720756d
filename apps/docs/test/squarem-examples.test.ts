import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

// R 4.2.2 with SQUAREM 2021.1 on the same data and start (packages/core/test/fixtures/
// make-squarem-fixture.R): fpiter (plain EM) and squarem with tol 1e-8.
const r: {
  em: { negLogLik: number; fpevals: number };
  squarem: { negLogLik: number; fpevals: number; objfevals: number };
} = JSON.parse(
  readFileSync(
    new URL(
      '../../../packages/core/test/fixtures/squarem-poisson.json',
      import.meta.url,
    ),
    'utf8',
  ),
);
// scikit-learn 1.2.1's plain EM from the same initial parameters
// (fixtures/sklearn-squarem-seed.mjs).
const sklearn: { nIter: number; lowerBound: number; means: number[] } =
  JSON.parse(
    readFileSync(
      new URL('./fixtures/sklearn-squarem-seed.json', import.meta.url),
      'utf8',
    ),
  );

const field = (line: string | undefined, pattern: RegExp) => {
  const match = pattern.exec(line ?? '');
  if (!match) throw new Error(`${pattern} not in ${line}`);
  return Number(match[1]);
};
const eSteps = (line?: string) => field(line, /(\d+) E-steps/);
const negLogLik = (line?: string) => field(line, /−log L ([\d.]+)/);

describe("squarem.ts (speeding-up guide): Hasselblad's Poisson mixture, against R's SQUAREM", () => {
  it('reaches R’s optimum to 1e-7 in under 100 E-steps, where plain EM takes over 1000', async () => {
    const [plain, fast, saved] = await runExample('squarem');
    expect(r.squarem.fpevals + r.squarem.objfevals).toBeLessThan(100);
    expect(r.em.fpevals).toBeGreaterThan(1000);
    expect(eSteps(fast)).toBeLessThan(100);
    expect(eSteps(plain)).toBeGreaterThan(1000);
    expect(Math.abs(negLogLik(fast) - r.squarem.negLogLik)).toBeLessThan(1e-7);
    // Plain EM stops where its steps get small, short of the optimum.
    expect(negLogLik(plain) - r.em.negLogLik).toBeGreaterThan(1e-7);
    expect(negLogLik(plain) - r.em.negLogLik).toBeLessThan(1e-5);
    expect(field(saved, /saved: ([\d.]+)×/)).toBeGreaterThan(10);
    expectOutput('squarem', await runExample('squarem'));
  });
});

describe('stop-rules.ts (speeding-up guide)', () => {
  it('plain EM: |Δℓ| < 1e-3 stops 0.1 short of the optimum, Aitken within 1e-3 of it', async () => {
    const lines = await runExample('stop-rules');
    const [absolute, relative, aitken, squarem, squaremAitken] = lines.map(
      (line) => negLogLik(line) - r.em.negLogLik,
    );
    expect(absolute).toBeGreaterThan(0.1);
    expect(relative).toBeGreaterThan(absolute!);
    expect(aitken).toBeGreaterThan(0);
    expect(aitken).toBeLessThan(1e-3);
    // SQUAREM does not converge linearly, so Aitken's estimate does not apply to it.
    expect(squarem).toBeLessThan(0.01);
    expect(squaremAitken).toBeGreaterThan(0.1);
    expectOutput('stop-rules', lines);
  });
});

describe('em-steps.ts (speeding-up guide)', () => {
  it('yields SQUAREM cycles of 3 or 4 E-steps with a log-likelihood that never decreases', async () => {
    const lines = await runExample('em-steps');
    expect(lines).toHaveLength(5);
    const logL = lines.map((line) => field(line, /log L (-[\d.]+)/));
    const steps = lines.map((line) => eSteps(line));
    for (let i = 1; i < lines.length; i++) {
      expect(logL[i]).toBeGreaterThanOrEqual(logL[i - 1]!);
      expect([3, 4]).toContain(steps[i]! - steps[i - 1]!);
    }
    expectOutput('em-steps', lines);
  });
});

describe('squarem-gaussian.ts and fit-steps.ts (speeding-up guide), against scikit-learn', () => {
  const parse = (line?: string) => ({
    tol: field(line, /^tol ([\d.e-]+)/),
    nEStep: eSteps(line),
    nIter: field(line, /in (\d+) iterations/),
    lowerBound: field(line, /lower bound (-[\d.]+)/),
  });

  it('plain EM is scikit-learn’s; SQUAREM passes its lower bound with ≥ 3× fewer E-steps', async () => {
    const lines = await runExample('squarem-gaussian');
    const [loosePlain, looseFast, plain, fast] = lines.map(parse) as [
      ReturnType<typeof parse>,
      ReturnType<typeof parse>,
      ReturnType<typeof parse>,
      ReturnType<typeof parse>,
    ];
    // At the default tol 1e-3 plain EM stops after a few small steps, far below the optimum.
    expect(sklearn.lowerBound - loosePlain.lowerBound).toBeGreaterThan(1e-3);
    expect(looseFast.lowerBound).toBeGreaterThan(loosePlain.lowerBound);
    expect(plain.nIter).toBe(sklearn.nIter);
    expect(plain.nEStep).toBe(sklearn.nIter);
    expect(Math.abs(plain.lowerBound - sklearn.lowerBound)).toBeLessThan(1e-9);
    expect(fast.lowerBound).toBeGreaterThan(sklearn.lowerBound);
    expect(plain.nEStep / fast.nEStep).toBeGreaterThan(3);
    expectOutput('squarem-gaussian', lines);
  });

  it('fitSteps shows the same fit frame by frame', async () => {
    const lines = await runExample('fit-steps');
    const fast = parse((await runExample('squarem-gaussian'))[3]);
    expect(lines.at(-1)).toBe(`converged: true after ${fast.nIter} iterations`);
    expect(lines[0]).toMatch(/^iteration 0: means [\d.]+, [\d.]+ \(0 E-steps/);
    const last = lines.at(-2)!;
    expect(eSteps(last)).toBeLessThanOrEqual(fast.nEStep);
    expectOutput('fit-steps', lines);
  });
});

describe('squarem-separated.ts (speeding-up guide)', () => {
  it('on well-separated components SQUAREM saves little or nothing', async () => {
    const lines = await runExample('squarem-separated');
    const [loosePlain, looseFast, plain, fast] = lines.map((line) => ({
      nEStep: eSteps(line),
      lowerBound: field(line, /lower bound (-[\d.]+)/),
    })) as { nEStep: number; lowerBound: number }[];
    // A SQUAREM cycle costs 3 E-steps: with a handful of EM iterations it costs more.
    expect(looseFast!.nEStep).toBeGreaterThan(loosePlain!.nEStep);
    expect(plain!.nEStep).toBeLessThan(30);
    expect(plain!.nEStep / fast!.nEStep).toBeLessThan(2);
    expect(Math.abs(plain!.lowerBound - fast!.lowerBound)).toBeLessThan(1e-7);
    expectOutput('squarem-separated', lines);
  });
});
