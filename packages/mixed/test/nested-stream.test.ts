// fitStream and the shard methods on a nested factor ((1 | batch/cask), lme4's Pastes) against the
// in-memory fit of the same model and against lme4. In memory a nested pair runs the nested engine,
// which solves each batch's 4 × 4 block (the batch and its 3 casks) on the sums a stream makes: one
// source sorted by batch gives the same bits; shards add their sums shard by shard (1e-10).
import { ChunkShapeError } from '@em/core/stream';
import { describe, expect, it } from 'vitest';
import {
  GroupSplitError,
  LinearMixedModel,
  type LinearMixedModelOptions,
  type MixedChunk,
} from '../src/index.js';
import datasets from './fixtures/lme4-datasets.json' with { type: 'json' };
import lme4 from './fixtures/lme4-fits.json' with { type: 'json' };

const pastes = datasets.Pastes as { strength: number[]; batch: string[]; cask: string[] };
const n = pastes.strength.length;

/** Rows [from, to) of Pastes (sorted by batch) in chunks of `size` rows, which cut batches. */
function chunks(from: number, to: number, size: number): MixedChunk[] {
  const out: MixedChunk[] = [];
  for (let i = from; i < to; i += size) {
    const end = Math.min(i + size, to);
    out.push({
      y: pastes.strength.slice(i, end),
      X: pastes.strength.slice(i, end).map(() => [1]),
      groups: pastes.batch.slice(i, end),
      inner: pastes.cask.slice(i, end),
    });
  }
  return out;
}

const names = { fixedNames: ['(Intercept)'], name: 'batch', innerName: 'cask:batch' };

/** 60 plain EM iterations whatever the change (the shards' rounding cannot move the stopping point). */
const sixty = { polish: false, acceleration: 'none', maxIter: 60, tol: 1e-300 } as const;

function inMemory(reml: boolean, polish: boolean, more: LinearMixedModelOptions = {}) {
  return new LinearMixedModel({ reml, polish, ...more }).fitMatrices({
    y: pastes.strength,
    X: pastes.strength.map(() => [1]),
    fixedNames: ['(Intercept)'],
    random: [
      { name: 'cask:batch', groups: pastes.cask.map((c, i) => `${c}:${pastes.batch[i]}`) },
      { name: 'batch', groups: pastes.batch },
    ],
  });
}

/** Three shards of whole batches: A–C, D–G, H–J (6 rows per batch). */
const shards = [chunks(0, 18, 5), chunks(18, 42, 7), chunks(42, n, 60)];

async function sharded(reml: boolean, polish: boolean, more: LinearMixedModelOptions = {}) {
  const worker = new LinearMixedModel();
  const scans = await Promise.all(shards.map((s) => worker.scanShard(s)));
  // Everything crosses as JSON, as on a wire.
  const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v));
  return new LinearMixedModel({ reml, polish, ...more }).fitFromStatistics({
    ...names,
    scans: wire(scans),
    statistics: async (params) =>
      wire(await Promise.all(shards.map((s) => worker.shardStatistics(wire(params), s)))),
  });
}

function rel(a: number, b: number) {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

/** Every number of the two states within `tol` (relative to max(1, |value|)), per-row outputs aside. */
function expectClose(got: LinearMixedModel, want: LinearMixedModel, tol: number) {
  const a = got.toJSON().state;
  const b = want.toJSON().state;
  expect(a.factors.map((f) => [f.name, f.levels])).toEqual(b.factors.map((f) => [f.name, f.levels]));
  const flat = (s: typeof a) =>
    [s.beta, s.vcov, s.sigma2, s.cov, s.blups, s.condSd, s.logLik].flat(4) as number[];
  const x = flat(a);
  const y = flat(b);
  expect(x).toHaveLength(y.length);
  const worst = Math.max(...x.map((v, i) => rel(v, y[i]!)));
  expect(worst).toBeLessThan(tol);
  return worst;
}

/** The state without its per-row outputs (a streamed fit keeps none). */
function withoutRows(fit: LinearMixedModel) {
  const { fitted: _f, residuals: _r, ...rest } = fit.toJSON().state;
  return rest;
}

describe.each([true, false])('Pastes strength ~ 1 + (1 | batch/cask), REML %s', (reml) => {
  it('fitStream (chunks of 7 rows, cutting batches) equals fitMatrices bit for bit', async () => {
    const memory = inMemory(reml, true);
    const stream = await new LinearMixedModel({ reml }).fitStream(chunks(0, n, 7), names);
    expect(withoutRows(stream)).toEqual(withoutRows(memory));
  });

  it("3 shards merged: 60 EM iterations equal fitMatrices' to 1e-10", async () => {
    // Each iteration's sums differ in the last bits (added shard by shard), so a stopping rule may
    // stop one iteration apart; a fixed number of iterations compares the trajectories themselves.
    const memory = inMemory(reml, false, sixty);
    const fit = await sharded(reml, false, sixty);
    expectClose(fit, memory, 1e-10);
    expect(fit.toJSON().state.optimizer.eSteps).toBe(memory.toJSON().state.optimizer.eSteps);
  });

  it('3 shards merged with SQUAREM and the polish: the same optimum (log-likelihood to 1e-10)', async () => {
    // SQUAREM's step-length decisions can flip on a last-bit difference (ML here takes 37 E-steps
    // sharded, 36 in memory), ending elsewhere within tol; the polish then meets at the optimum.
    const memory = inMemory(reml, true);
    const fit = await sharded(reml, true);
    expect(rel(fit.logLikelihood, memory.logLikelihood)).toBeLessThan(1e-10);
    expectClose(fit, memory, 1e-6);
  });
});

describe('against lme4 (Debian r-cran-lme4, test/fixtures/lme4-fits.json)', () => {
  const ref = lme4.fits.find((f) => f.name === 'Pastes' && f.reml)!;

  it('fixed effect, variances, log-likelihood to 1e-5; conditional modes and SDs to 1e-4', async () => {
    const fit = await sharded(true, true);
    expect(rel(fit.fixedEffects()[0]!.estimate, ref.fixed[0]!)).toBeLessThan(1e-5);
    expect(rel(fit.fixedEffects()[0]!.stdError, ref.se[0]!)).toBeLessThan(1e-5);
    expect(rel(fit.sigma, ref.sigma[0]!)).toBeLessThan(1e-5);
    expect(rel(fit.logLikelihood, ref.logLik[0]!)).toBeLessThan(1e-5);
    const vc = fit.varCorr().groups;
    expect(vc.map((g) => g.group)).toEqual(ref.groups.map((g) => g.group));
    for (const [k, g] of ref.groups.entries()) {
      expect(rel(vc[k]!.sd[0]!, g.sd[0]!)).toBeLessThan(1e-5);
      const mine = fit.ranef()[k]!;
      g.levels.forEach((level, l) => {
        const at = mine.levels.indexOf(level);
        expect(at).toBeGreaterThanOrEqual(0);
        expect(Math.abs(mine.values[at]![0]! - g.blups[l]![0]!)).toBeLessThan(
          1e-4 * Math.abs(g.blups[l]![0]!) + 1e-5 * 3,
        );
        expect(rel(mine.condSd[at]![0]!, g.condsd![l]![0]!)).toBeLessThan(1e-4);
      });
    }
  });
});

describe('nested chunks: bad input', () => {
  it('a batch split across two shards: GroupSplitError naming the batch', async () => {
    const worker = new LinearMixedModel();
    const parts = [chunks(0, 20, 20), chunks(20, n, 20)]; // rows 18–19 of batch D in the first
    const scans = await Promise.all(parts.map((s) => worker.scanShard(s)));
    const error = await new LinearMixedModel()
      .fitFromStatistics({ scans, statistics: () => [] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GroupSplitError);
    expect([error.group, error.shard]).toEqual(['D', 1]);
  });

  it('a batch that comes back within a source: GroupSplitError naming batch, chunk and row', async () => {
    const rows = [...chunks(0, 12, 12), ...chunks(0, 6, 6)]; // batch A again after B
    const error = await new LinearMixedModel().fitStream(rows, names).catch((e) => e);
    expect(error).toBeInstanceOf(GroupSplitError);
    expect([error.group, error.chunk, error.row]).toEqual(['A', 1, 12]);
  });

  it('a cask whose rows are not together within its batch is fine (levels are per batch)', async () => {
    const order = [1, 0, 3, 2, 5, 4];
    const shuffled = chunks(0, n, 6).map((c) => ({
      y: order.map((i) => (c.y as number[])[i]!),
      X: order.map(() => [1]),
      groups: order.map((i) => (c.groups as string[])[i]!),
      inner: order.map((i) => (c.inner as string[])[i]!),
    }));
    const a = await new LinearMixedModel(sixty).fitStream(shuffled, names);
    expectClose(a, inMemory(true, false, sixty), 1e-10);
  });

  it('inner in some chunks only: InvalidInputError naming the chunk', async () => {
    const rows = chunks(0, n, 12);
    delete rows[2]!.inner;
    await expect(new LinearMixedModel().fitStream(rows, names)).rejects.toThrow(/source chunk 2\.inner/);
  });

  it('innerZ of another width than the first chunk: ChunkShapeError naming chunk and row', async () => {
    const rows = chunks(0, 24, 12).map((c, k) => ({
      ...c,
      innerZ: (c.y as number[]).map((_, i) => (k === 0 ? [1] : [1, i])),
    }));
    const error = await new LinearMixedModel().fitStream(rows, names).catch((e) => e);
    expect(error).toBeInstanceOf(ChunkShapeError);
    expect([error.chunk, error.row]).toEqual([1, 12]);
  });

  it('innerZ without inner, inner of the wrong length: errors naming the field', async () => {
    const rows = chunks(0, 12, 12);
    await expect(
      new LinearMixedModel().scanShard([{ ...rows[0]!, inner: undefined, innerZ: [[1]] } as MixedChunk]),
    ).rejects.toThrow(/innerZ/);
    await expect(new LinearMixedModel().scanShard([{ ...rows[0]!, inner: ['a'] }])).rejects.toThrow(
      /source chunk 0\.inner/,
    );
  });

  it('params without nestedPsiInverse for a nested shard, or with one for a flat shard', async () => {
    const model = new LinearMixedModel();
    await expect(
      model.shardStatistics(
        { model: 'LinearMixedModel', phase: 'fixed', psiInverse: [1] },
        chunks(0, 12, 12),
      ),
    ).rejects.toThrow(/params\.nestedPsiInverse/);
    const flat = chunks(0, 12, 12).map(({ inner: _inner, ...rest }) => rest);
    await expect(
      model.shardStatistics(
        { model: 'LinearMixedModel', phase: 'fixed', psiInverse: [1], nestedPsiInverse: [[1]] },
        flat,
      ),
    ).rejects.toThrow(/params\.nestedPsiInverse/);
  });

  it('scans with and without a nested factor cannot be merged', async () => {
    const worker = new LinearMixedModel();
    const nested = await worker.scanShard(chunks(0, 12, 12));
    const flat = await worker.scanShard(chunks(12, 24, 12).map(({ inner: _inner, ...rest }) => rest));
    await expect(
      new LinearMixedModel().fitFromStatistics({ scans: [nested, flat], statistics: () => [] }),
    ).rejects.toThrow(/source\.scans\[1\]\.nested/);
  });
});

describe('a streamed nested fit afterwards', () => {
  it('round-trips through JSON and predicts as the in-memory fit (groups as fitted: cask:batch, batch)', async () => {
    const stream = await new LinearMixedModel().fitStream(chunks(0, n, 7), names);
    const memory = inMemory(true, true);
    const again = LinearMixedModel.fromJSON(JSON.stringify(stream));
    expect(JSON.stringify(again)).toBe(JSON.stringify(stream));
    const at = [0, 7, 33, 59];
    const spec = {
      X: at.map(() => [1]),
      random: [
        { groups: at.map((i) => `${pastes.cask[i]}:${pastes.batch[i]}`) },
        { groups: at.map((i) => pastes.batch[i]!) },
      ],
    };
    // Bit for bit, and the in-memory fit's fitted values at those rows.
    expect(again.predictMatrices(spec)).toEqual(memory.predictMatrices(spec));
    expect(again.predictMatrices(spec)).toEqual(at.map((i) => memory.fittedValues()[i]));
  });
});
