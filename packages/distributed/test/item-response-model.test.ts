// fitDistributed on an ItemResponseModel of @em/irt: persons' responses in JSON Lines shards, the
// Bock–Aitkin E-step (expected counts at the quadrature nodes) on 3 worker processes, the counts
// merged and the M-step run here; the fit against `fit` on the same persons — and bad shards.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '@em/core/numeric';
import { type IrtOptions, ItemResponseModel, LSAT } from '@em/irt';
import { describe, expect, it } from 'vitest';
import { fitDistributed, MissingShardError, ShardFailedError } from '../src/index.js';
import { expectClose, redisWithWorkers, splitBySizes, writeJsonLinesShards } from './helpers.js';

type Rows = (number | null)[][];
const random = mulberry32(31);
/** LSAT's 1000 persons in a random order, so each shard holds a mix of response patterns. */
const lsat: Rows = LSAT.patterns
  .flatMap((row, p) => Array.from({ length: LSAT.frequencies[p]! }, () => row.slice()))
  .map((row) => ({ row, key: random() }))
  .sort((a, b) => a.key - b.key)
  .map(({ row }) => row);
/** 600 persons answering 5 four-category items of a known graded model, 10% of responses missing. */
const graded: Rows = ItemResponseModel.fromItems(
  'graded',
  Array.from({ length: 5 }, (_, j) => ({
    slope: 0.8 + 0.3 * j,
    intercepts: [2 - 0.2 * j, 0.3, -1.5 + 0.1 * j],
  })),
)
  .simulate(
    Array.from(
      { length: 600 },
      () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()),
    ),
    random,
  )
  .map((row) => row.map((v) => (random() < 0.1 ? null : v)));

const cases: [string, IrtOptions, Rows][] = [
  ['2PL on LSAT', { itemType: '2PL' }, lsat],
  ['3PL on LSAT, guessing prior', { itemType: '3PL' }, lsat],
  ['graded, missing responses', { itemType: 'graded' }, graded],
];

/** The persons as JSON Lines shards of the given sizes; their paths. */
const writePersonShards = (rows: Rows, sizes: number[]) => writeJsonLinesShards(splitBySizes(rows, sizes));
const numbers = (model: ItemResponseModel) =>
  [...model.items, ...model.standardErrors()].flatMap((item) => [
    item.slope ?? 0,
    ...item.intercepts.map((d) => d ?? 0),
    item.guessing ?? 0,
  ]);

const redis = redisWithWorkers('irt');

describe('fitDistributed: an ItemResponseModel on 3 worker processes', () => {
  for (const [name, options, rows] of cases) {
    it(`${name}: equal to fit on the same persons to 1e-10, with the same nIter`, async () => {
      const reference = new ItemResponseModel(options).fit(rows);
      expect(reference.nIter).toBeGreaterThan(2);
      const third = Math.floor(rows.length / 3);
      const model = await fitDistributed(new ItemResponseModel(options), {
        connection: redis.connection,
        queue: 'irt',
        shards: writePersonShards(rows, [third, third, rows.length - 2 * third]),
      });
      expect(model.nIter).toBe(reference.nIter);
      // Parameters and their standard errors (the SEs' probes are E-step passes of their own).
      expectClose(numbers(model), numbers(reference), 1e-10, name);
      expect(model.logLikelihood).toBeCloseTo(reference.logLikelihood, 9);
      expect(model.warnings).toEqual(reference.warnings);
    });
  }

  it('CSV shards (rows of responses, as for the mixtures): the same fit', async () => {
    const reference = new ItemResponseModel({ itemType: '1PL' }).fit(lsat);
    const dir = mkdtempSync(join(tmpdir(), 'em-irt-csv-'));
    const shards = [lsat.slice(0, 450), lsat.slice(450)].map((rows, shard) => {
      const path = join(dir, `part-${shard}.csv`);
      writeFileSync(path, `${rows.map((row) => row.join(',')).join('\n')}\n`);
      return path;
    });
    const model = await fitDistributed(new ItemResponseModel({ itemType: '1PL' }), {
      connection: redis.connection,
      queue: 'irt',
      shards,
    });
    expect(model.nIter).toBe(reference.nIter);
    expectClose(numbers(model), numbers(reference), 1e-10, 'CSV');
  });
});

describe('fitDistributed: an ItemResponseModel on bad shards', () => {
  const connection = () => ({ connection: redis.connection, queue: 'irt' });

  it('a missing shard: MissingShardError naming it', async () => {
    const [good] = writePersonShards([[0, 1]], [1]);
    const error = await fitDistributed(new ItemResponseModel(), {
      ...connection(),
      shards: [good!, `${good}.gone.jsonl`],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingShardError);
    expect(error).toMatchObject({ shard: 1 });
  });

  it('a line that is not JSON, a response that is not a category: ShardFailedError naming shard, line or row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-irt-bad-'));
    writeFileSync(join(dir, 'a.jsonl'), '[0, 1]\n[1, 0]\n[1, 1]\n');
    writeFileSync(join(dir, 'b.jsonl'), '[0, 1]\n[1, 0\n');
    writeFileSync(join(dir, 'c.jsonl'), '[0, 1]\n[1, 0.5]\n');
    const fit = (names: string[]) =>
      fitDistributed(new ItemResponseModel(), {
        ...connection(),
        shards: names.map((n) => join(dir, n)),
      }).catch((e: unknown) => e);
    const json = await fit(['a.jsonl', 'b.jsonl']);
    expect(json).toBeInstanceOf(ShardFailedError);
    expect((json as Error).message).toMatch(
      /^Shard 1 \(".*b\.jsonl"\) failed on a worker: Invalid .*b\.jsonl line 2/,
    );
    const value = await fit(['a.jsonl', 'c.jsonl']);
    expect(value).toBeInstanceOf(ShardFailedError);
    expect((value as Error).message).toMatch(/^Shard 1 .*source chunk 0.* row 1.* column 1/);
  });

  it('a shard with another number of items: refused before any E-step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-irt-wide-'));
    writeFileSync(join(dir, 'a.jsonl'), '[0, 1]\n[1, 0]\n');
    writeFileSync(join(dir, 'b.jsonl'), '[0, 1, 1]\n');
    const error = await fitDistributed(new ItemResponseModel(), {
      ...connection(),
      shards: [join(dir, 'a.jsonl'), join(dir, 'b.jsonl')],
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/scans\[1\]\.cols/);
  });
});
