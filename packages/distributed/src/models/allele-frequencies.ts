// Allele frequencies by gene counting of @em/genetics (AlleleFrequencyModel): a shard is a JSON Lines
// file, one person's phenotype name per line (or a line of counts by phenotype, { "A": 12, "O": 30 }),
// read in blocks of 4096 persons; from openShard, chunks of PhenotypeData as they come. The one job
// per shard returns its phenotype counts (the worker knows no system: every name is counted, and
// the coordinator's fit names a phenotype the system lacks); no E-step jobs, as every iteration's
// expected allele counts are a function of the summed counts.
import { InvalidInputError } from '@em/core';
import type { ChunkSource } from '@em/gaussian';
import {
  AlleleFrequencyModel,
  type PhenotypeData,
  type PhenotypeTable,
  scanPhenotypeShard,
} from '@em/genetics';
import { sequenceLines } from '../sequence-shards.js';
import type { ShardModel } from '../shard-model.js';

type PhenotypeSource = Parameters<typeof scanPhenotypeShard>[0];
const BLOCK = 4096;
const LINE = 'a phenotype name, or counts by phenotype, as JSON';

/** The persons of a JSON Lines file in blocks, a line of counts as its own chunk (a fresh reader per call). */
function phenotypeBlocks(path: string): () => AsyncIterable<PhenotypeData> {
  return async function* () {
    let block: string[] = [];
    for await (const line of sequenceLines(path, LINE)) {
      if (typeof line === 'string') {
        block.push(line);
        if (block.length === BLOCK) {
          yield block;
          block = [];
        }
        continue;
      }
      // A line that is neither a name nor counts is named (by person) by the tally, as a one-person chunk.
      if (block.length > 0) yield block;
      block = [];
      yield (
        typeof line === 'object' && line !== null && !Array.isArray(line) ? line : [line]
      ) as PhenotypeData;
    }
    if (block.length > 0) yield block;
  };
}

const personsOf = (source: ChunkSource) =>
  (typeof source === 'string' ? phenotypeBlocks(source) : source) as PhenotypeSource;

export const alleleFrequencyModel: ShardModel = {
  name: 'AlleleFrequencyModel',
  describe: 'an AlleleFrequencyModel (@em/genetics)',
  accepts: (model) => model instanceof AlleleFrequencyModel,
  seed: () => 0,

  scan(source) {
    return scanPhenotypeShard(personsOf(source));
  },

  async statistics() {
    throw new InvalidInputError(
      'job',
      'a scan: gene counting runs no E-step on the workers',
      'an E-step job',
    );
  },

  async fit(model, run) {
    (model as AlleleFrequencyModel).fitFromScans(run.scans as PhenotypeTable[]);
  },
};
