// Three nested factors, y ~ x + (1 | region/school/class), on a simulated unbalanced design
// (scripts/make-nested3-fixture.R): the block engine (each region with its schools and classes one
// block) against the dense engine at the same Ψ and against lme4; fitStream with `nested` chunks
// against fitMatrices bit for bit; 3 shards of whole regions merged, to 1e-10.
import { describe, expect, it } from 'vitest';
import { blockEngine, nestedChain } from '../src/block-engine.js';
import type { Design } from '../src/design.js';
import { chooseEngine, denseEngine } from '../src/engine.js';
import { LinearMixedModel, type LinearMixedModelOptions, type MixedChunk } from '../src/index.js';
import { makeFactor } from '../src/prepare.js';
import fixture from './fixtures/nested3.json' with { type: 'json' };

const { y, x, region, school, class: klass } = fixture.data;
const n = y.length;
const random = [
  { name: 'class:(school:region)', groups: klass.map((c, i) => `${c}:${school[i]}:${region[i]}`) },
  { name: 'school:region', groups: school.map((s, i) => `${s}:${region[i]}`) },
  { name: 'region', groups: region },
];
const matrices = { y, X: x.map((v) => [1, v]), fixedNames: ['(Intercept)', 'x'], random };

function inMemory(options: LinearMixedModelOptions) {
  return new LinearMixedModel(options).fitMatrices(matrices);
}

/** Rows [from, to) (sorted by region) in chunks of `size` rows, which cut regions and schools. */
function chunks(from: number, to: number, size: number): MixedChunk[] {
  const out: MixedChunk[] = [];
  for (let i = from; i < to; i += size) {
    const end = Math.min(i + size, to);
    out.push({
      y: y.slice(i, end),
      X: x.slice(i, end).map((v) => [1, v]),
      groups: region.slice(i, end),
      nested: [{ levels: school.slice(i, end) }, { levels: klass.slice(i, end) }],
    });
  }
  return out;
}
const names = {
  fixedNames: ['(Intercept)', 'x'],
  name: 'region',
  innerName: ['school:region', 'class:(school:region)'],
};

/** Where each region starts: shards of whole regions r1–r3, r4–r6, r7–r9. */
const startOf = (label: string) => region.indexOf(label);
const shards = [
  chunks(0, startOf('r4'), 11),
  chunks(startOf('r4'), startOf('r7'), 5),
  chunks(startOf('r7'), n, 100),
];

async function sharded(options: LinearMixedModelOptions) {
  const worker = new LinearMixedModel();
  const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v));
  const scans = await Promise.all(shards.map((s) => worker.scanShard(s)));
  return new LinearMixedModel(options).fitFromStatistics({
    ...names,
    scans: wire(scans),
    statistics: async (params) =>
      wire(await Promise.all(shards.map((s) => worker.shardStatistics(wire(params), s)))),
  });
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** The state without its per-row outputs (a streamed fit keeps none). */
function withoutRows(fit: LinearMixedModel) {
  const { fitted: _f, residuals: _r, ...rest } = fit.toJSON().state;
  return rest;
}

/** The design of `groups` (random intercepts), as fitMatrices prepares it. */
function design(groups: { name: string; groups: string[] }[]): Design {
  const factors = groups.map((g, k) =>
    makeFactor(
      {
        name: g.name,
        terms: ['(Intercept)'],
        labels: g.groups,
        z: new Float64Array(n).fill(1),
        covariance: 'unstructured',
        argument: `random[${k}]`,
      },
      n,
    ),
  );
  const X = Float64Array.from(x.flatMap((v) => [1, v]));
  return { n, p: 2, y: Float64Array.from(y), x: X, fixedNames: ['(Intercept)', 'x'], factors };
}

describe('the block engine at depth 3', () => {
  const d = design(random);
  it('is chosen: region, then school:region, then class:(school:region); crossed factors are not', () => {
    expect(nestedChain(d)).toEqual([2, 1, 0]);
    expect(chooseEngine(d).offsets).toEqual(denseEngine(d).offsets);
    // The class labels alone (c1 in every school) are crossed with the schools: no chain.
    expect(nestedChain(design([{ name: 'class', groups: klass }, ...random.slice(1)]))).toBe(undefined);
  });

  it('the same solution, likelihood terms, EM statistics and conditional variances as the dense engine to 1e-10', () => {
    const psiInverse = [Float64Array.of(2.5), Float64Array.of(0.9), Float64Array.of(0.3)];
    const logDetPsi = psiInverse.map((p) => -Math.log(p[0]!));
    const dense = denseEngine(d).solve(psiInverse, logDetPsi)!;
    const block = blockEngine(d, nestedChain(d)!).solve(psiInverse, logDetPsi)!;
    const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      expect(a.length).toBe(b.length);
      for (let i = 0; i < a.length; i++) expect(rel(a[i]!, b[i]!)).toBeLessThan(1e-10);
    };
    for (const key of ['r2', 'logDetG', 'logDetM', 'logDetS', 'penalty'] as const)
      close([block[key]], [dense[key]]);
    close(block.beta, dense.beta);
    close(block.b, dense.b);
    close(block.sInverse(), dense.sInverse());
    for (const reml of [false, true]) {
      const a = block.emStats(0.15, reml);
      const b = dense.emStats(0.15, reml);
      close([a.trace], [b.trace]);
      for (const [k, f] of a.factors.entries()) close(f, b.factors[k]!);
    }
    const denseVar = dense.condVar();
    for (const [k, levels] of block.condVar().entries())
      for (const [l, v] of levels.entries()) close(v, denseVar[k]![l]!);
  });
});

describe.each([true, false])('y ~ x + (1 | region/school/class), REML %s', (reml) => {
  const ref = fixture.fits.find((f) => f.reml === reml)!;

  it('fit (formula) equals lme4: fixed effects, SEs, σ, variances, log-likelihood to 1e-5; modes and SDs to 1e-4', () => {
    const fit = new LinearMixedModel({ reml }).fit(fixture.formula, fixture.data);
    fit.fixedEffects().forEach((row, j) => {
      expect(rel(row.estimate, ref.fixed[j]!)).toBeLessThan(1e-5);
      expect(rel(row.stdError, ref.se[j]!)).toBeLessThan(1e-5);
    });
    expect(rel(fit.sigma, ref.sigma[0]!)).toBeLessThan(1e-5);
    expect(rel(fit.logLikelihood, ref.logLik[0]!)).toBeLessThan(1e-5);
    const vc = fit.varCorr().groups;
    const ranef = fit.ranef();
    for (const g of ref.groups) {
      // lme4 prints class:(school:region); the formula names it class:school:region.
      const k = vc.findIndex((v) => v.group.replace(/[()]/g, '') === g.group.replace(/[()]/g, ''));
      expect(k).toBeGreaterThanOrEqual(0);
      expect(rel(vc[k]!.sd[0]! ** 2, g.variance[0]!)).toBeLessThan(1e-5);
      g.levels.forEach((level, l) => {
        const at = ranef[k]!.levels.indexOf(level);
        expect(at).toBeGreaterThanOrEqual(0);
        expect(Math.abs(ranef[k]!.values[at]![0]! - g.blups[l]!)).toBeLessThan(
          1e-4 * Math.abs(g.blups[l]!) + 1e-5,
        );
        expect(rel(ranef[k]!.condSd[at]![0]!, g.condsd[l]!)).toBeLessThan(1e-4);
      });
    }
  });

  it('fitStream (nested chunks of 7 rows, cutting regions, schools and classes) equals fitMatrices bit for bit', async () => {
    const memory = inMemory({ reml });
    const stream = await new LinearMixedModel({ reml }).fitStream(chunks(0, n, 7), names);
    expect(withoutRows(stream)).toEqual(withoutRows(memory));
  });

  it("3 shards of whole regions merged: 60 EM iterations equal fitMatrices' to 1e-10", async () => {
    const sixty = { reml, polish: false, acceleration: 'none', maxIter: 60, tol: 1e-300 } as const;
    const memory = inMemory(sixty).toJSON().state;
    const fit = (await sharded(sixty)).toJSON().state;
    expect(fit.factors.map((f) => [f.name, f.levels])).toEqual(memory.factors.map((f) => [f.name, f.levels]));
    const flat = (s: typeof fit) =>
      [s.beta, s.vcov, s.sigma2, s.cov, s.blups, s.condSd, s.logLik].flat(4) as number[];
    const a = flat(fit);
    const b = flat(memory);
    expect(a).toHaveLength(b.length);
    expect(Math.max(...a.map((v, i) => rel(v, b[i]!)))).toBeLessThan(1e-10);
    expect(fit.optimizer.eSteps).toBe(memory.optimizer.eSteps);
  });

  it('3 shards with SQUAREM and the polish: the log-likelihood of fitMatrices to 1e-10', async () => {
    const memory = inMemory({ reml });
    const fit = await sharded({ reml });
    expect(rel(fit.logLikelihood, memory.logLikelihood)).toBeLessThan(1e-10);
  });
});
