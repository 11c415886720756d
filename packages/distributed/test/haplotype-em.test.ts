// fitDistributed on a HaplotypeEMModel of @em/genetics: genotype rows in three JSON Lines shards, each
// tallied by a worker process into its table of distinct rows; the tables merged here and fitted. The
// fit against haplotypeEM on all the rows, bit for bit (the merged table is the one it builds).
import { HaplotypeEMModel, haplotypeEM } from '@em/genetics';
import { createRandom } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { fitDistributed, MissingShardError, ShardFailedError } from '../src/index.js';
import { redisWithWorkers, writeJsonLinesShards } from './helpers.js';

const rng = createRandom(22);
/** Persons with two haplotypes of 4 SNPs from three common ones (so LD), 3% of genotypes missing. */
const haplotypes = [
  [0, 0, 1, 1],
  [1, 1, 0, 0],
  [0, 1, 0, 1],
];
const rows = Array.from({ length: 900 }, () => {
  const pick = () => haplotypes[Math.floor(rng.random() * 3)]!;
  const a = pick();
  const b = pick();
  return a.map((x, l) => (rng.random() < 0.03 ? null : x + b[l]!));
});

const writeRowShards = (parts: unknown[][][]) => writeJsonLinesShards(parts, 'persons');

const redis = redisWithWorkers('haplo');

describe('fitDistributed: a HaplotypeEMModel on 3 worker processes', () => {
  it('three shards of persons give haplotypeEM on all of them, bit for bit', async () => {
    const options = { tol: 1e-10, nInit: 3, seed: 5 };
    const reference = haplotypeEM(rows, options);
    const passes: number[] = [];
    const model = await fitDistributed(new HaplotypeEMModel(options), {
      connection: redis.connection,
      queue: 'haplo',
      shards: writeRowShards([rows.slice(0, 250), rows.slice(250, 600), rows.slice(600)]),
      onPass: (pass) => passes.push(pass),
    });
    const fit = model.result!;
    expect(fit.haplotypes).toEqual(reference.haplotypes);
    expect(fit.frequencies).toEqual(reference.frequencies);
    expect(fit.logLikelihood).toBe(reference.logLikelihood);
    expect(fit.nIter).toBe(reference.nIter);
    expect(fit.nPersons).toBe(900);
    // One pass: the scans. No E-step jobs.
    expect(passes).toEqual([1]);
  });

  it('a bad genotype: ShardFailedError naming the shard and its row; a missing shard: MissingShardError', async () => {
    const bad = rows.map((row) => [...row]);
    bad[700]![2] = 5;
    const error = await fitDistributed(new HaplotypeEMModel(), {
      connection: redis.connection,
      queue: 'haplo',
      shards: writeRowShards([bad.slice(0, 250), bad.slice(250, 600), bad.slice(600)]),
    }).catch((e: unknown) => e);
    // The worker checks its own rows: the job fails naming the shard's row (100 of shard 2).
    expect(error).toBeInstanceOf(ShardFailedError);
    expect(error).toMatchObject({ shard: 2 });
    expect(String((error as Error).message)).toMatch(/person 100, locus 2/);
    const [good] = writeRowShards([rows]);
    const missing = await fitDistributed(new HaplotypeEMModel(), {
      connection: redis.connection,
      queue: 'haplo',
      shards: [good!, `${good}.gone`],
    }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MissingShardError);
  });
});
