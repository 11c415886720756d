// Streamed, sharded and online fits against the in-memory fit on the same data.
//
// fitStream and fitFromStatistics run fit's algorithm with the E-step's expected counts added chunk
// by chunk (shard by shard). With one chunk the sums are fit's, so the fit is bit for bit fit's. With
// several, response patterns are grouped within each chunk, so a pattern met in two chunks adds its
// posterior twice (n₁/s·e + n₂/s·e instead of (n₁+n₂)/s·e) and the totals differ from fit's in the
// last bits. Plain EM contracts such differences: the estimates agree to 1e-12 (relative to
// max(1, |value|)), with the same number of iterations. SQUAREM's extrapolation x − 2αr + α²v takes
// its step α = −‖r‖/‖v‖ from differences of nearly equal iterates, which magnifies them: 1e-9 there
// (the worst measured, 2.6e-10, is the Rasch model on LSAT; the other models stay within 2e-12).
import { mulberry32 } from '@em/core/numeric';
import { ChunkShapeError, SourceNotReReadableError } from '@em/core/stream';
import { describe, expect, it } from 'vitest';
import { type IrtOptions, ItemResponseModel, type ItemType, LSAT } from '../src/index.js';
import ltm from './fixtures/ltm.json' with { type: 'json' };

type Rows = (number | null)[][];
const lsatRows = (): Rows =>
  LSAT.patterns.flatMap((row, p) => Array.from({ length: LSAT.frequencies[p]! }, () => row.slice()));
const science = ltm.data.Science.responses as Rows;

/** The rows in chunks of `size` (the last one shorter). */
const chunked = (rows: Rows, size: number): Rows[] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** Rows in a random order (a fixed seed): chunks then hold a mix of patterns, each pattern in many chunks. */
function shuffled(rows: Rows, seed: number): Rows {
  const random = mulberry32(seed);
  return rows
    .map((row) => ({ row, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ row }) => row);
}

/** Every estimate of a model, flat: parameters, then standard errors. */
function estimates(model: ItemResponseModel): number[] {
  const flat = (items: { slope: number | null; intercepts: (number | null)[]; guessing: number | null }[]) =>
    items.flatMap((item) => [item.slope ?? 0, ...item.intercepts.map((d) => d ?? 0), item.guessing ?? 0]);
  return [...flat(model.items), ...flat(model.standardErrors())];
}

function expectClose(actual: number[], expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(
    ...actual.map((v, i) => Math.abs(v - expected[i]!) / Math.max(1, Math.abs(expected[i]!))),
  );
  expect(worst).toBeLessThanOrEqual(tolerance);
}

/** The parameters only (standard errors are central differences: see their own tolerance). */
const parameters = (model: ItemResponseModel) => estimates(model).slice(0, estimates(model).length / 2);
const errors = (model: ItemResponseModel) => estimates(model).slice(estimates(model).length / 2);

const tolerance = { none: 1e-12, squarem: 1e-9 };
const cases: [ItemType, () => Rows][] = [
  ['Rasch', lsatRows],
  ['1PL', lsatRows],
  ['2PL', lsatRows],
  ['3PL', lsatRows],
  ['graded', () => science],
  ['gpcm', () => science],
];

describe('fitStream equals fit', () => {
  for (const [itemType, data] of cases)
    for (const acceleration of ['squarem', 'none'] as const)
      it(`${itemType}, ${acceleration}: same estimates, nIter, warnings; SEs to 1e-7`, async () => {
        const options: IrtOptions = { itemType, acceleration, maxIter: 5000 };
        const rows = shuffled(data(), 1);
        const fit = new ItemResponseModel(options).fit(rows);
        const streamed = await new ItemResponseModel(options).fitStream(chunked(rows, 97));
        expect(streamed.nIter).toBe(fit.nIter);
        expect(streamed.converged).toBe(fit.converged);
        expectClose(parameters(streamed), parameters(fit), tolerance[acceleration]);
        expectClose([streamed.logLikelihood], [fit.logLikelihood], 1e-12);
        // Central differences with h = 1e-4 divide the counts' last-bit differences by 2h.
        expectClose(errors(streamed), errors(fit), 1e-7);
        expect(streamed.warnings).toEqual(fit.warnings);
      });

  it('one chunk: bit for bit, history and standard errors included', async () => {
    const rows = lsatRows();
    const fit = new ItemResponseModel({ itemType: '3PL' }).fit(rows);
    const streamed = await new ItemResponseModel({ itemType: '3PL' }).fitStream([rows]);
    expect(streamed.toJSON()).toEqual(fit.toJSON());
  });

  it('missing responses, a person with none and an item nobody answered: same fit and warnings', async () => {
    const random = mulberry32(3);
    const rows = lsatRows().map((row) => [...row.map((v) => (random() < 0.2 ? null : v)), null]);
    rows.splice(321, 0, [null, null, null, null, null, null]);
    const fit = new ItemResponseModel().fit(rows);
    const streamed = await new ItemResponseModel().fitStream(chunked(rows, 50));
    expect(streamed.nIter).toBe(fit.nIter);
    expectClose(parameters(streamed), parameters(fit), 1e-12);
    expect(streamed.warnings).toEqual(fit.warnings);
    expect(streamed.warnings.map((w) => w.code)).toEqual(['empty-item', 'missing-responses', 'empty-person']);
    expect(streamed.warnings.find((w) => w.code === 'empty-person')!.person).toBe(321);
  });

  it("reaches ltm: the 2PL on LSAT streamed in 10 chunks has ltm(LSAT ~ z1)'s log-likelihood", async () => {
    const streamed = await new ItemResponseModel().fitStream(chunked(shuffled(lsatRows(), 2), 100));
    expect(streamed.logLikelihood).toBeCloseTo(ltm.ltm.logLik, 4);
  });

  it('reads a generator function: a scan, one pass per E-step, and one final pass', async () => {
    const rows = lsatRows();
    let passes = 0;
    const source = function* () {
      passes++;
      yield* chunked(rows, 250);
    };
    const model = await new ItemResponseModel({ acceleration: 'none' }).fitStream(source);
    // Plain EM runs one E-step per iteration; the last pass gives the log-likelihood and the SEs.
    expect(passes).toBe(1 + model.nIter + 1);
  });

  it('refuses a one-shot source and a chunk of another width, naming the chunk and row', async () => {
    const rows = lsatRows();
    const once = chunked(rows, 300).values();
    await expect(new ItemResponseModel().fitStream(once)).rejects.toBeInstanceOf(SourceNotReReadableError);
    const bad = [rows.slice(0, 10), [[1, 0, 1, 1]]];
    const error = await new ItemResponseModel().fitStream(bad).catch((e) => e);
    expect(error).toBeInstanceOf(ChunkShapeError);
    expect([error.chunk, error.row]).toEqual([1, 10]);
    const value = await new ItemResponseModel()
      .fitStream([rows.slice(0, 10), [[1, 0, 2, 1, 1]]])
      .catch((e) => e);
    expect([value.argument, value.row, value.column]).toEqual(['source chunk 1', 10, 2]);
  });
});

describe('shards: scanShard, shardStatistics, fitFromStatistics', () => {
  /** A fit over three shards whose every message crosses a JSON round trip, as over Redis. */
  async function sharded(options: IrtOptions, shards: Rows[]): Promise<ItemResponseModel> {
    const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
    const worker = new ItemResponseModel();
    const scans = await Promise.all(shards.map(async (shard) => json(await worker.scanShard([shard]))));
    return new ItemResponseModel(options).fitFromStatistics({
      scans,
      statistics: (params) =>
        Promise.all(
          shards.map(async (shard) => json(await worker.shardStatistics(json(params), chunked(shard, 40)))),
        ),
    });
  }

  for (const [itemType, data] of cases)
    for (const acceleration of ['squarem', 'none'] as const)
      it(`${itemType}, ${acceleration}: 3 shards give fit's estimates, same nIter, SEs to 1e-7`, async () => {
        const rows = shuffled(data(), 4);
        const third = Math.ceil(rows.length / 3);
        const shards = [rows.slice(0, third), rows.slice(third, 2 * third), rows.slice(2 * third)];
        const options: IrtOptions = { itemType, acceleration, maxIter: 5000 };
        const fit = new ItemResponseModel(options).fit(rows);
        const model = await sharded(options, shards);
        expect(model.nIter).toBe(fit.nIter);
        expectClose(parameters(model), parameters(fit), tolerance[acceleration]);
        expectClose([model.logLikelihood], [fit.logLikelihood], 1e-12);
        expectClose(errors(model), errors(fit), 1e-7);
        expect(model.warnings).toEqual(fit.warnings);
      });

  it('missing responses: the first one and the persons with none are placed in the whole data', async () => {
    const random = mulberry32(5);
    const rows = lsatRows().map((row) => row.map((v) => (random() < 0.1 ? null : v)));
    rows[700] = [null, null, null, null, null];
    const fit = new ItemResponseModel().fit(rows);
    const model = await sharded({}, [rows.slice(0, 333), rows.slice(333, 666), rows.slice(666)]);
    expectClose(parameters(model), parameters(fit), 1e-12);
    expect(model.warnings).toEqual(fit.warnings);
  });

  it('the scan of a shard: sizes, category counts and the first missing response', async () => {
    const scan = await new ItemResponseModel({ itemType: '3PL' }).scanShard([
      [
        [0, 3],
        [1, null],
      ],
      [[1, 0]],
    ]);
    expect(scan).toEqual({
      rows: 3,
      cols: 2,
      counts: [
        [1, 2],
        [1, 0, 0, 1],
      ],
      missing: 1,
      firstMissing: [1, 1],
    });
  });

  it('the model checks the scans against its own options', async () => {
    const worker = new ItemResponseModel();
    const scan = await worker.scanShard([
      [
        [0, 2],
        [1, 0],
        [1, 1],
      ],
    ]);
    const source = { scans: [scan], statistics: () => [] };
    await expect(new ItemResponseModel({ itemType: '2PL' }).fitFromStatistics(source)).rejects.toThrow(
      /scans\[0\]\.counts\[1\]/,
    );
    const holed = await worker.scanShard([
      [
        [0, null],
        [1, 0],
      ],
    ]);
    await expect(
      new ItemResponseModel({ missing: 'error' }).fitFromStatistics({ scans: [holed], statistics: () => [] }),
    ).rejects.toThrow(/missing/);
  });
});

describe('partialFit: stepwise EM on the expected counts', () => {
  it("the first update on all the data is fit's first EM iteration", () => {
    const rows = lsatRows();
    for (const itemType of ['2PL', '3PL'] as const) {
      const online = new ItemResponseModel({ itemType }).partialFit(rows);
      const oneStep = new ItemResponseModel({
        itemType,
        maxIter: 1,
        acceleration: 'none',
        standardErrors: false,
      }).fit(rows);
      expectClose(parameters(online).slice(0, 10), parameters(oneStep).slice(0, 10), 1e-12);
    }
  });

  it('from the maximum, an update on all the data stays at the maximum (a fixed point)', () => {
    const rows = lsatRows();
    const fit = new ItemResponseModel({ tol: 1e-12 }).fit(rows);
    const before = parameters(fit);
    fit.partialFit(rows);
    expectClose(parameters(fit), before, 1e-5);
    expect(() => fit.logLikelihood).toThrow(/not fitted|logLikelihood/);
  });

  it('passes over shuffled batches approach the batch fit on held-out persons', () => {
    // A 2PL with known items; 20 000 persons to learn from, 5 000 held out.
    const truth = ItemResponseModel.fromItems(
      '2PL',
      Array.from({ length: 10 }, (_, j) => ({ slope: 0.6 + 0.15 * j, intercepts: [1.5 - 0.3 * j] })),
    );
    const random = mulberry32(11);
    const theta = (n: number) =>
      Array.from(
        { length: n },
        () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()),
      );
    const train = truth.simulate(theta(20000), random);
    const heldOut = truth.simulate(theta(5000), random);
    const batch = new ItemResponseModel().fit(train).marginalLogLikelihood(heldOut);
    const online = new ItemResponseModel();
    const gaps: number[] = [];
    for (let pass = 1; pass <= 5; pass++) {
      for (const rows of chunked(train, 500)) online.partialFit(rows);
      gaps.push(batch - online.marginalLogLikelihood(heldOut));
    }
    // The gap to the batch fit shrinks pass by pass, and after five passes is a small fraction of
    // the held-out log-likelihood (4.3, 2.6, 1.9, 1.6, 1.3 against about -3e4 here).
    for (let pass = 1; pass < 5; pass++) expect(gaps[pass]!).toBeLessThan(gaps[pass - 1]!);
    expect(gaps[4]! / -batch).toBeLessThan(1e-4);
  });

  it("later batches are checked against the first batch's items and categories", () => {
    const model = new ItemResponseModel({ itemType: 'graded' }).partialFit(science.slice(0, 100));
    expect(() => model.partialFit([[0, 1, 2]])).toThrow(/4 responses/);
    expect(() => model.partialFit([[0, 1, 2, 4]])).toThrow(/category|0 to 3/);
  });
});

describe('scoreStream', () => {
  it('scores each chunk as scores() scores it', async () => {
    const model = new ItemResponseModel().fit(LSAT.patterns, { weights: LSAT.frequencies });
    const chunks = chunked(LSAT.patterns as Rows, 7);
    let at = 0;
    for await (const { theta, se } of model.scoreStream(chunks, { method: 'MAP' })) {
      const expected = model.scores(LSAT.patterns.slice(at, at + theta.length), { method: 'MAP' });
      expect(Array.from(theta)).toEqual(Array.from(expected.theta));
      expect(Array.from(se)).toEqual(Array.from(expected.se));
      at += theta.length;
    }
    expect(at).toBe(LSAT.patterns.length);
  });
});
