// fitDistributed on an AlleleFrequencyModel of @em/genetics: ABO phenotypes in three JSON Lines
// shards, each counted by a worker process; the counts added here and fitted by gene counting. The
// fit against alleleFrequencies on all the persons, bit for bit (the summed counts are its own).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@em/core';
import { ABO, AlleleFrequencyModel, alleleFrequencies } from '@em/genetics';
import { createRandom } from '@em/sampling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitDistributed, MissingShardError, ShardFailedError } from '../src/index.js';
import { startWorkerProcess, stopProcesses } from './helpers.js';
import { TestRedis } from './redis.js';

const rng = createRandom(22);
/** Persons of Hardy–Weinberg genotypes at p(A, B, O) = (0.25, 0.1, 0.65), shown as ABO phenotypes. */
const persons = Array.from({ length: 2000 }, () => {
  const allele = () => {
    const u = rng.random();
    return u < 0.25 ? 'A' : u < 0.35 ? 'B' : 'O';
  };
  const pair = [allele(), allele()].sort().join('');
  return pair === 'OO' ? 'O' : pair === 'AB' ? 'AB' : pair.replace('O', '')[0]!;
});

/** Each part as a JSON Lines file: one phenotype per line, or lines given as they are. */
function writePersonShards(parts: unknown[][]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'em-phenotype-shards-'));
  return parts.map((part, shard) => {
    const path = join(dir, `persons-${shard}.jsonl`);
    writeFileSync(path, `${part.map((line) => JSON.stringify(line)).join('\n')}\n`);
    return path;
  });
}

let redis: TestRedis;
const workers: ChildProcess[] = [];
beforeAll(async () => {
  redis = await TestRedis.start();
  for (let i = 0; i < 3; i++) workers.push(await startWorkerProcess(redis.port, 'abo'));
});
afterAll(async () => {
  await stopProcesses(workers);
  await redis?.stop();
});

describe('fitDistributed: an AlleleFrequencyModel on 3 worker processes', () => {
  it('three shards of persons give alleleFrequencies on all of them, bit for bit, same nIter', async () => {
    const options = { tol: 1e-12, acceleration: 'squarem' as const };
    const reference = alleleFrequencies(persons, ABO, options);
    const passes: number[] = [];
    // The last shard holds a line of counts besides names: the same persons counted another way.
    const tail = persons.slice(1500);
    const tailCounts: Record<string, number> = {};
    for (const phenotype of tail.slice(100)) tailCounts[phenotype] = (tailCounts[phenotype] ?? 0) + 1;
    const model = await fitDistributed(new AlleleFrequencyModel(ABO, options), {
      connection: redis.connection,
      queue: 'abo',
      shards: writePersonShards([
        persons.slice(0, 600),
        persons.slice(600, 1500),
        [...tail.slice(0, 100), tailCounts],
      ]),
      onPass: (pass) => passes.push(pass),
    });
    const fit = model.result!;
    expect(fit).toEqual(reference);
    expect(fit.nIter).toBe(reference.nIter);
    expect(fit.n).toBe(2000);
    // Near the frequencies the persons were drawn from (standard errors about 0.01).
    expect(Math.abs(fit.frequencies[0]! - 0.25)).toBeLessThan(0.03);
    expect(Math.abs(fit.frequencies[2]! - 0.65)).toBeLessThan(0.03);
    // One pass: the scans. No E-step jobs.
    expect(passes).toEqual([1]);
  });

  it('a bad person: ShardFailedError naming the shard and person; a phenotype ABO lacks: InvalidInputError', async () => {
    const notAName = [...persons];
    notAName[1700] = 7 as never;
    const error = await fitDistributed(new AlleleFrequencyModel(ABO), {
      connection: redis.connection,
      queue: 'abo',
      shards: writePersonShards([notAName.slice(0, 600), notAName.slice(600, 1500), notAName.slice(1500)]),
    }).catch((e: unknown) => e);
    // The worker checks its own persons: the job fails naming the shard's person (200 of shard 2).
    expect(error).toBeInstanceOf(ShardFailedError);
    expect(error).toMatchObject({ shard: 2 });
    expect(String((error as Error).message)).toMatch(/person 200/);
    const unknown = [...persons];
    unknown[900] = 'C';
    const lacking = await fitDistributed(new AlleleFrequencyModel(ABO), {
      connection: redis.connection,
      queue: 'abo',
      shards: writePersonShards([unknown.slice(0, 600), unknown.slice(600, 1500), unknown.slice(1500)]),
    }).catch((e: unknown) => e);
    // The workers know no system: the coordinator's fit names the shard's scan and the phenotype.
    expect(lacking).toBeInstanceOf(InvalidInputError);
    expect(String((lacking as Error).message)).toMatch(/scans\[1\]\.counts.*"C"/);
    const [good] = writePersonShards([persons]);
    const missing = await fitDistributed(new AlleleFrequencyModel(ABO), {
      connection: redis.connection,
      queue: 'abo',
      shards: [good!, `${good}.gone`],
    }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MissingShardError);
  });
});
