// Properties of the estimator: the block and dense engines agree, EM never decreases the likelihood,
// plain EM / SQUAREM / polished reach the same optimum, the formula and matrix interfaces agree, a
// known closed form (balanced one-way ANOVA), and JSON round trips.
import { readFileSync } from 'node:fs';
import { runEM } from '@em/core';
import { describe, expect, it } from 'vitest';
import { blockEngine } from '../src/block-engine.js';
import { denseEngine } from '../src/engine.js';
import { emModel, startParams } from '../src/estimate.js';
import { LinearMixedModel, sleepstudy, type Table } from '../src/index.js';
import { relativePrecisions } from '../src/parameters.js';

const datasets: Record<string, Table> = JSON.parse(
  readFileSync(new URL('./fixtures/lme4-datasets.json', import.meta.url), 'utf8'),
);

const design = () => {
  const n = 180;
  const x = new Float64Array(2 * n);
  const z = new Float64Array(2 * n);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = 1;
    x[2 * i + 1] = sleepstudy.Days[i]!;
    z[2 * i] = 1;
    z[2 * i + 1] = sleepstudy.Days[i]!;
    index[i] = Math.floor(i / 10);
  }
  return {
    n,
    p: 2,
    y: Float64Array.from(sleepstudy.Reaction),
    x,
    fixedNames: ['(Intercept)', 'Days'],
    factors: [
      {
        name: 'Subject',
        terms: ['(Intercept)', 'Days'],
        q: 2,
        levels: [...new Set(sleepstudy.Subject)],
        index,
        z,
        covariance: 'unstructured' as const,
      },
    ],
  };
};

describe('engines', () => {
  it('the block and the dense mixed-model equations agree', () => {
    const d = design();
    const params = { sigma2: 650, cov: [Float64Array.of(600, 10, 10, 35)] };
    const rel = relativePrecisions(params, d.factors)!;
    const a = blockEngine(d, [0]).solve(rel.psiInverse, rel.logDetPsi)!;
    const b = denseEngine(d).solve(rel.psiInverse, rel.logDetPsi)!;
    // Relative: r² is ~1e5, and the two engines add its terms in different orders.
    for (const key of ['r2', 'logDetM', 'logDetS', 'logDetG', 'penalty'] as const)
      expect(Math.abs(a[key] - b[key])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b[key])));
    a.b.forEach((v, i) => {
      expect(v).toBeCloseTo(b.b[i]!, 9);
    });
    for (const reml of [true, false]) {
      const sa = a.emStats(650, reml);
      const sb = b.emStats(650, reml);
      expect(sa.trace).toBeCloseTo(sb.trace, 9);
      sa.factors[0]!.forEach((v, i) => {
        expect(v).toBeCloseTo(sb.factors[0]![i]!, 6);
      });
    }
  });

  it('EM never decreases the log-likelihood (ML and REML, both engines)', () => {
    const d = design();
    for (const engine of [blockEngine(d, [0]), denseEngine(d)])
      for (const reml of [true, false]) {
        const result = runEM(emModel(engine, d, reml), startParams(d), { maxIter: 60, tol: 0 });
        expect(result.decreases).toEqual([]);
        expect(result.history.at(-1)!).toBeGreaterThan(result.history[0]!);
      }
  });
});

describe('estimation', () => {
  it('plain EM, SQUAREM and the polish reach the same optimum; SQUAREM needs fewer E-steps', () => {
    const f = 'Reaction ~ Days + (Days | Subject)';
    const tight = { tol: 1e-12, maxIter: 100_000 };
    const plain = new LinearMixedModel({ acceleration: 'none', polish: false, ...tight }).fit(f, sleepstudy);
    const squarem = new LinearMixedModel({ polish: false, ...tight }).fit(f, sleepstudy);
    const polished = new LinearMixedModel().fit(f, sleepstudy);
    expect(plain.optimizer.method).toBe('EM');
    expect(plain.optimizer.polish).toBe('none');
    expect(squarem.optimizer.method).toBe('SQUAREM');
    expect(polished.optimizer.polish).toBe('newton');
    expect(polished.optimizer.polishConverged).toBe(true);
    // Pastes (nested), where plain EM crawls: SQUAREM needs far fewer E-steps.
    const pastes = datasets.Pastes!;
    const slow = new LinearMixedModel({ acceleration: 'none', polish: false }).fit(
      'strength ~ 1 + (1 | batch/cask)',
      pastes,
    );
    const fast = new LinearMixedModel({ polish: false }).fit('strength ~ 1 + (1 | batch/cask)', pastes);
    expect(fast.optimizer.eSteps).toBeLessThan(slow.optimizer.eSteps / 2);
    for (const fit of [plain, squarem]) {
      expect(fit.logLikelihood).toBeCloseTo(polished.logLikelihood, 7);
      fit.varCorr().groups[0]!.sd.forEach((s, i) => {
        expect(Math.abs(s / polished.varCorr().groups[0]!.sd[i]! - 1)).toBeLessThan(1e-4);
      });
    }
  });

  it('balanced one-way random effects: REML equals the ANOVA estimators (closed form)', () => {
    const data = datasets.Dyestuff! as { Yield: number[]; Batch: string[] };
    const groups = [...new Set(data.Batch)];
    const k = groups.length;
    const r = data.Yield.length / k;
    const mean = data.Yield.reduce((s, v) => s + v, 0) / data.Yield.length;
    const means = groups.map((g) => {
      const v = data.Yield.filter((_, i) => data.Batch[i] === g);
      return v.reduce((s, x) => s + x, 0) / v.length;
    });
    const msb = (r * means.reduce((s, m) => s + (m - mean) ** 2, 0)) / (k - 1);
    const msw =
      data.Yield.reduce((s, v, i) => s + (v - means[groups.indexOf(data.Batch[i]!)]!) ** 2, 0) /
      (k * (r - 1));
    const fit = new LinearMixedModel().fit('Yield ~ 1 + (1 | Batch)', data);
    expect(fit.sigma ** 2 / msw - 1).toBeLessThan(1e-7);
    expect(Math.abs(fit.varCorr().groups[0]!.variance[0]! / ((msb - msw) / r) - 1)).toBeLessThan(1e-7);
    expect(fit.fixedEffects()[0]!.estimate).toBeCloseTo(mean, 9);
    expect(fit.fixedEffects()[0]!.stdError).toBeCloseTo(Math.sqrt(msb / (k * r)), 6);
  });

  it('the formula and matrix interfaces give the same fit; categorical fixed effects use treatment contrasts', () => {
    const data = datasets.Penicillin! as { diameter: number[]; plate: string[]; sample: string[] };
    const byFormula = new LinearMixedModel().fit('diameter ~ sample + (1 | plate)', data);
    expect(byFormula.fixedEffects().map((f) => f.name)).toEqual([
      '(Intercept)',
      'sampleB',
      'sampleC',
      'sampleD',
      'sampleE',
      'sampleF',
    ]);
    const levels = ['A', 'B', 'C', 'D', 'E', 'F'];
    const byMatrix = new LinearMixedModel().fitMatrices({
      y: data.diameter,
      X: data.sample.map((s) => levels.map((l, j) => (j === 0 ? 1 : s === l ? 1 : 0))),
      random: [{ name: 'plate', groups: data.plate }],
    });
    expect(byMatrix.logLikelihood).toBeCloseTo(byFormula.logLikelihood, 9);
    byMatrix.fixedEffects().forEach((f, j) => {
      expect(f.estimate).toBeCloseTo(byFormula.fixedEffects()[j]!.estimate, 8);
    });
    // With a balanced crossed design the sample effects are the differences of the sample means.
    const meanOf = (l: string) => {
      const v = data.diameter.filter((_, i) => data.sample[i] === l);
      return v.reduce((s, x) => s + x, 0) / v.length;
    };
    expect(byFormula.fixedEffects()[1]!.estimate).toBeCloseTo(meanOf('B') - meanOf('A'), 9);
  });

  it('(x || g) equals a diagonal matrix-interface fit', () => {
    const a = new LinearMixedModel().fit('Reaction ~ Days + (Days || Subject)', sleepstudy);
    const b = new LinearMixedModel().fitMatrices({
      y: sleepstudy.Reaction,
      X: sleepstudy.Days.map((d) => [1, d]),
      random: [{ groups: sleepstudy.Subject, Z: sleepstudy.Days.map((d) => [1, d]), covariance: 'diagonal' }],
    });
    expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, 8);
    expect(a.varCorr().groups[0]!.correlation[0]![1]).toBe(0);
  });
});

describe('JSON', () => {
  it('round trips exactly and validates on load, naming the field', () => {
    const fit = new LinearMixedModel().fit('Reaction ~ Days + (Days | Subject)', sleepstudy);
    const text = JSON.stringify(fit);
    const copy = LinearMixedModel.fromJSON(text);
    expect(JSON.stringify(copy)).toBe(text);
    expect(copy.summary()).toBe(fit.summary());
    expect(copy.predict({ Days: [3, 4], Subject: ['309', '310'] })).toEqual(
      fit.predict({ Days: [3, 4], Subject: ['309', '310'] }),
    );
    const tamper = (f: (s: Record<string, unknown>) => void) => {
      const j = JSON.parse(text);
      f(j.state);
      return () => LinearMixedModel.fromJSON(j);
    };
    expect(tamper((s) => (s.beta as number[]).pop())).toThrow(/json\.state\.beta/);
    expect(
      tamper((s) => {
        (s.cov as number[][][])[0]![0]![0] = Number.NaN;
      }),
    ).toThrow(/json\.state\.cov\[0\]/);
    expect(tamper((s) => (s.blups as unknown[][])[0]!.pop())).toThrow(/json\.state\.blups\[0\]/);
    expect(
      tamper((s) => {
        s.sigma2 = -1;
      }),
    ).toThrow(/json\.state\.sigma2/);
    expect(tamper((s) => (s.fitted as number[]).pop())).toThrow(/json\.state\.fitted/);
    expect(() => LinearMixedModel.fromJSON('{')).toThrow(/valid JSON/);
    expect(() => LinearMixedModel.fromJSON({ version: 99 })).toThrow(/json\.version/);
  });
});
