// Haplotype EM of @em/genetics (HaplotypeEMModel): a shard is a JSON Lines file of genotype rows, one
// person per line ([0, 1, 2] SNP codes, or allele pairs [["01", "02"], …]), read in blocks of 4096
// rows; from openShard, chunks of rows as they come. The one job per shard returns the shard's table
// of distinct rows and counts; the coordinator merges the tables in shard order and fits — no
// E-step jobs: every iteration's expected counts are a function of the merged table.
import { InvalidInputError } from '@em/core';
import type { ChunkSource } from '@em/gaussian';
import { type GenotypeMatrix, type GenotypeTable, HaplotypeEMModel } from '@em/genetics';
import { sequenceLines } from '../sequence-shards.js';
import type { ShardModel } from '../shard-model.js';

type GenotypeSource = Parameters<HaplotypeEMModel['scanShard']>[0];
const BLOCK = 4096;

/** The rows of a JSON Lines file in blocks (a fresh reader per call). */
function rowBlocks(path: string): () => AsyncIterable<GenotypeMatrix> {
  return async function* () {
    let block: GenotypeMatrix[number][] = [];
    for await (const row of sequenceLines(path)) {
      block.push(row as GenotypeMatrix[number]);
      if (block.length === BLOCK) {
        yield block;
        block = [];
      }
    }
    if (block.length > 0) yield block;
  };
}

const rowsOf = (source: ChunkSource) =>
  (typeof source === 'string' ? rowBlocks(source) : source) as GenotypeSource;

export const haplotypeEMModel: ShardModel = {
  name: 'HaplotypeEMModel',
  describe: 'a HaplotypeEMModel (@em/genetics)',
  accepts: (model) => model instanceof HaplotypeEMModel,
  seed: () => 0,

  // The worker knows no options: the table of raw rows is the same whatever the encoding, and the
  // coordinator's fit encodes (and names a bad row over all the shards).
  scan(source) {
    return new HaplotypeEMModel().scanShard(rowsOf(source));
  },

  async statistics() {
    throw new InvalidInputError('job', 'a scan: haplotype EM runs no E-step on the workers', 'an E-step job');
  },

  async fit(model, run) {
    (model as HaplotypeEMModel).fitFromScans(run.scans as GenotypeTable[]);
  },
};
