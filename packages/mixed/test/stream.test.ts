// fitStream and the shard methods against fitMatrices on the same rows: bit for bit from one source
// whose groups come in sorted order (the engine adds the groups' sums in that order, from zero, as a
// source does), to 1e-10 from shards (their sums are added shard by shard) or from an unsorted source.
import { ChunkShapeError, SourceNotReReadableError } from '@em/core/stream';
import { describe, expect, it } from 'vitest';
import {
  GroupSplitError,
  LinearMixedModel,
  type LinearMixedModelOptions,
  type MixedChunk,
  sleepstudy,
} from '../src/index.js';
import datasets from './fixtures/lme4-datasets.json' with { type: 'json' };

interface Rows {
  y: number[];
  X: number[][];
  Z: number[][];
  groups: string[];
}

const sleep: Rows = {
  y: sleepstudy.Reaction as number[],
  X: (sleepstudy.Days as number[]).map((d) => [1, d]),
  Z: (sleepstudy.Days as number[]).map((d) => [1, d]),
  groups: sleepstudy.Subject as string[],
};

// Dyestuff (lme4): 6 batches × 5 yields, a random intercept.
const dye: Rows = {
  y: datasets.Dyestuff.Yield as number[],
  X: datasets.Dyestuff.Yield.map(() => [1]),
  Z: datasets.Dyestuff.Yield.map(() => [1]),
  groups: datasets.Dyestuff.Batch as string[],
};

function chunksOf(rows: Rows, size: number, from = 0, to = rows.y.length): MixedChunk[] {
  const out: MixedChunk[] = [];
  for (let i = from; i < to; i += size) {
    const end = Math.min(i + size, to);
    out.push({
      y: rows.y.slice(i, end),
      X: rows.X.slice(i, end),
      Z: rows.Z.slice(i, end),
      groups: rows.groups.slice(i, end),
    });
  }
  return out;
}

function inMemory(rows: Rows, options: LinearMixedModelOptions, covariance?: 'diagonal') {
  return new LinearMixedModel(options).fitMatrices({
    y: rows.y,
    X: rows.X,
    random: [{ groups: rows.groups, Z: rows.Z, ...(covariance ? { covariance } : {}) }],
  });
}

/** The state without its per-row outputs (a streamed fit keeps none). */
function withoutRows(fit: LinearMixedModel) {
  const { fitted, residuals, ...rest } = fit.toJSON().state;
  return rest;
}

const settings: LinearMixedModelOptions[] = [
  { reml: true },
  { reml: false },
  { reml: true, polish: false },
  { reml: false, polish: false, acceleration: 'none' },
];

describe('fitStream equals fitMatrices', () => {
  for (const options of settings)
    it(`bit for bit on sleepstudy, ${JSON.stringify(options)}, chunks straddling subjects`, async () => {
      const expected = inMemory(sleep, options);
      for (const size of [45, 7, 180]) {
        const streamed = await new LinearMixedModel(options).fitStream(chunksOf(sleep, size));
        expect(withoutRows(streamed)).toEqual(withoutRows(expected));
        expect(streamed.toJSON().state.fitted).toEqual([]);
      }
    });

  it('bit for bit with a diagonal covariance and a random intercept (Dyestuff)', async () => {
    const diag = await new LinearMixedModel().fitStream(() => chunksOf(sleep, 30).values(), {
      covariance: 'diagonal',
    });
    expect(withoutRows(diag)).toEqual(withoutRows(inMemory(sleep, {}, 'diagonal')));
    const intercept = await new LinearMixedModel().fitStream(chunksOf(dye, 4));
    expect(withoutRows(intercept)).toEqual(withoutRows(inMemory(dye, {})));
    // lme4 on Dyestuff: REML criterion 319.6543, σ̂ = 49.51, the batch SD 42.00.
    expect(intercept.remlCriterion).toBeCloseTo(319.6543, 3);
    expect(intercept.varCorr().groups[0]!.sd[0]).toBeCloseTo(42.0, 1);
  });

  it('to 1e-10 when the groups come in another order than sorted', async () => {
    // Subjects in reverse order: the groups' sums are added in another order than fit's.
    const order = [...new Set(sleep.groups)].reverse();
    const rows: Rows = { y: [], X: [], Z: [], groups: [] };
    for (const s of order)
      sleep.groups.forEach((g, i) => {
        if (g !== s) return;
        rows.y.push(sleep.y[i]!);
        rows.X.push(sleep.X[i]!);
        rows.Z.push(sleep.Z[i]!);
        rows.groups.push(g);
      });
    for (const reml of [true, false]) {
      // Plain EM: the same iterations, the rounding of the sums only.
      const options = { reml, acceleration: 'none' as const, polish: false };
      const expected = inMemory(sleep, options);
      const got = await new LinearMixedModel(options).fitStream(chunksOf(rows, 50));
      expect(got.optimizer.emIterations).toBe(expected.optimizer.emIterations);
      expectClose(withoutRows(got), withoutRows(expected), 1e-10);
      // The defaults (SQUAREM + polish) to the precision of the in-memory fit itself (see the shards).
      const polished = await new LinearMixedModel({ reml }).fitStream(chunksOf(rows, 50));
      expectClose(withoutRows(polished), withoutRows(inMemory(sleep, { reml })), 1e-7);
    }
  });

  it('reports progress per pass and keeps no per-row outputs', async () => {
    const seen: number[] = [];
    const fit = await new LinearMixedModel({ polish: false }).fitStream(chunksOf(sleep, 90), {
      name: 'Subject',
      fixedNames: ['(Intercept)', 'Days'],
      termNames: ['(Intercept)', 'Days'],
      onProgress: (pass) => seen.push(pass),
    });
    // Scan, starting values, two per E-step, the final evaluation (two) and the conditional modes.
    const passes = 1 + 1 + 2 * fit.optimizer.eSteps + 2 + 1;
    expect(seen.length).toBe(2 * passes);
    expect(seen.at(-1)).toBe(passes);
    expect(fit.varCorr().groups[0]!.group).toBe('Subject');
    expect(() => fit.fittedValues()).toThrow(/streamed fit/);
    expect(() => fit.residuals()).toThrow(/streamed fit/);
    expect(fit.summary()).toMatch(/not kept/);
    const copy = LinearMixedModel.fromJSON(JSON.stringify(fit));
    expect(copy.predictMatrices({ X: [[1, 3]] })).toEqual(fit.predictMatrices({ X: [[1, 3]] }));
  });
});

function expectClose(got: unknown, expected: unknown, tol: number, path = 'state'): void {
  if (typeof expected === 'number') {
    expect(typeof got, path).toBe('number');
    expect(Math.abs((got as number) - expected), path).toBeLessThanOrEqual(
      tol * Math.max(1, Math.abs(expected)),
    );
  } else if (Array.isArray(expected)) {
    expect((got as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => {
      expectClose((got as unknown[])[i], e, tol, `${path}[${i}]`);
    });
  } else if (typeof expected === 'object' && expected !== null) {
    for (const [key, e] of Object.entries(expected)) {
      // How many E-steps SQUAREM took may differ by a rejected step; the iterations may not.
      if (key === 'eSteps' || key === 'description') continue;
      expectClose((got as Record<string, unknown>)[key], e, tol, `${path}.${key}`);
    }
  } else expect(got, path).toEqual(expected);
}

describe('shards', () => {
  // Sleepstudy as 3 shards of 6 subjects each (60 rows), each read as chunks of 25 rows.
  const shards = [0, 60, 120].map((from) => chunksOf(sleep, 25, from, from + 60));
  const plain = { acceleration: 'none', polish: false } as const;
  for (const [options, tol] of [
    // EM itself: the same iterations, the sums' rounding only (the shards' sums are added shard by shard).
    [{ reml: true, ...plain }, 1e-10],
    [{ reml: false, ...plain }, 1e-10],
    // The defaults (SQUAREM + Newton polish) amplify last-bit differences: SQUAREM may take one
    // E-step more or less (its safeguard compares log-likelihoods equal to rounding) and the polish's
    // finite differences fix the optimum to ~1e-8, the precision of the in-memory fit itself.
    [{ reml: true }, 1e-7],
    [{ reml: false }, 1e-7],
  ] as const)
    it(`3 shards merged give fitMatrices' result to ${tol} with the same iterations, ${JSON.stringify(options)}`, async () => {
      const worker = new LinearMixedModel();
      const scans = await Promise.all(shards.map((s) => worker.scanShard(s)));
      // Through JSON both ways, as between processes.
      const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v));
      const fit = await new LinearMixedModel(options).fitFromStatistics({
        scans: wire(scans),
        statistics: async (params) =>
          wire(await Promise.all(shards.map((s) => worker.shardStatistics(wire(params), s)))),
      });
      const expected = inMemory(sleep, options);
      expect(fit.optimizer.emIterations).toBe(expected.optimizer.emIterations);
      expectClose(withoutRows(fit), withoutRows(expected), tol);
    });

  it('a group in two shards is a GroupSplitError naming it and both shards', async () => {
    const worker = new LinearMixedModel();
    const a = await worker.scanShard(chunksOf(sleep, 30, 0, 35));
    const b = await worker.scanShard(chunksOf(sleep, 30, 35, 180));
    const error = await new LinearMixedModel()
      .fitFromStatistics({ scans: [a, b], statistics: async () => [] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GroupSplitError);
    expect([error.group, error.shard]).toEqual(['330', 1]); // rows 30–39
    expect(error.message).toMatch(/shard 0/);
  });

  it('refuses statistics of another model, phase or shape', async () => {
    const worker = new LinearMixedModel();
    const shard = chunksOf(dye, 10);
    await expect(worker.shardStatistics({ weights: { f64: [1] } } as never, shard)).rejects.toThrow(
      /LinearMixedModel/,
    );
    await expect(
      worker.shardStatistics({ model: 'LinearMixedModel', phase: 'fixed', psiInverse: [1, 0, 0, 1] }, shard),
    ).rejects.toThrow(/params.psiInverse.*1 finite numbers/);
    await expect(
      worker.shardStatistics({ model: 'LinearMixedModel', phase: 'em' } as never, shard),
    ).rejects.toThrow(/params.phase/);
    const scans = [await worker.scanShard(shard)];
    await expect(
      new LinearMixedModel().fitFromStatistics({
        scans,
        statistics: async () => [{ phase: 'fixed' }] as never,
      }),
    ).rejects.toThrow(/phase 'ols'/);
  });
});

describe('bad sources', () => {
  it('a group whose rows are not together is a GroupSplitError naming group, chunk and row', async () => {
    const chunks = chunksOf(sleep, 45);
    const moved = { ...chunks[0]!, groups: (chunks[0]!.groups as string[]).map((g) => g) };
    (moved.groups as string[])[44] = '308'; // row 44 is subject 332's, in chunk 0
    const error = await new LinearMixedModel().fitStream([moved, ...chunks.slice(1)]).catch((e) => e);
    expect(error).toBeInstanceOf(GroupSplitError);
    expect([error.group, error.chunk, error.row]).toEqual(['308', 0, 44]);
  });

  it('chunks of another width are ChunkShapeErrors naming chunk and row', async () => {
    const chunks = chunksOf(sleep, 60);
    const wideX = { ...chunks[1]!, X: (chunks[1]!.X as number[][]).map((r) => [...r, 0]) };
    const error = await new LinearMixedModel().fitStream([chunks[0]!, wideX, chunks[2]!]).catch((e) => e);
    expect(error).toBeInstanceOf(ChunkShapeError);
    expect([error.chunk, error.row]).toEqual([1, 60]);
    const { Z: _, ...noZ } = chunks[2]!;
    const narrowZ = await new LinearMixedModel().fitStream([chunks[0]!, chunks[1]!, noZ]).catch((e) => e);
    expect(narrowZ).toBeInstanceOf(ChunkShapeError);
    expect([narrowZ.chunk, narrowZ.row]).toEqual([2, 120]);
  });

  it('a source read once is a SourceNotReReadableError', async () => {
    const once = chunksOf(sleep, 60).values();
    const error = await new LinearMixedModel().fitStream(() => once).catch((e) => e);
    expect(error).toBeInstanceOf(SourceNotReReadableError);
    expect([error.pass, error.rowsRead, error.rowsExpected]).toEqual([2, 0, 180]);
  });

  it('a bad value names the chunk and the row of the whole source', async () => {
    const chunks = chunksOf(sleep, 60);
    const y = [...(chunks[1]!.y as number[])];
    y[5] = Number.NaN;
    const error = await new LinearMixedModel().fitStream([chunks[0]!, { ...chunks[1]!, y }]).catch((e) => e);
    expect(error.name).toBe('InvalidInputError');
    expect(error.argument).toBe('source chunk 1.y');
    expect(error.row).toBe(65);
  });

  it('an animal model (relationship matrix) is refused: it couples all groups', async () => {
    const A = {
      levels: ['a', 'b'],
      matrix: [
        [1, 0.5],
        [0.5, 1],
      ],
    };
    await expect(
      new LinearMixedModel({ relationships: { animal: A } }).fitStream(chunksOf(dye, 10)),
    ).rejects.toThrow(/relationships.*couples all groups/);
  });
});
