// An item response model of @em/irt: a shard is a JSON Lines file of persons (one array of responses
// per line, null where an item was not administered), a CSV or raw float64 file of response rows
// (NaN for not administered), or what `openShard` returns (chunks of response rows). The scan
// tallies each item's categories (no sample: the start values come from the tally); the E-step
// returns the shard's expected counts at the quadrature nodes.
import { type ChunkSource, readChunks, type SourceFormatOptions } from '@em/gaussian';
import {
  type IrtShardParams,
  type IrtShardScan,
  type IrtShardStatistics,
  ItemResponseModel,
  type ResponseInput,
} from '@em/irt';
import { sequenceLines } from '../sequence-shards.js';
import type { ShardModel } from '../shard-model.js';

type Responses = Parameters<ItemResponseModel['scanShard']>[0];

/** Persons per chunk of a JSON Lines shard, as the row formats' blocks. */
const BLOCK = 4096;

/** The persons of a JSON Lines file in blocks of {@link BLOCK}. */
async function* personLines(path: string): AsyncGenerator<ResponseInput> {
  let block: (number | null)[][] = [];
  for await (const person of sequenceLines(
    path,
    'a person as JSON (an array of responses, null when not given)',
  )) {
    block.push(person as (number | null)[]);
    if (block.length === BLOCK) {
      yield block;
      block = [];
    }
  }
  if (block.length > 0) yield block;
}

/** A shard's response rows: JSON Lines by the `.jsonl` name, other files and Blobs as rows of numbers. */
function responsesOf(source: ChunkSource, read: SourceFormatOptions): Responses {
  if (typeof source === 'string' && /\.jsonl$/i.test(source)) return () => personLines(source);
  return typeof source === 'string' || (typeof Blob === 'function' && source instanceof Blob)
    ? () => readChunks(source, read)
    : (source as Responses);
}

export const itemResponseModel: ShardModel = {
  name: 'ItemResponseModel',
  describe: 'an ItemResponseModel (@em/irt)',
  accepts: (model) => model instanceof ItemResponseModel,
  // The scan draws no sample: nothing to seed.
  seed: () => 0,

  scan(source, read) {
    return new ItemResponseModel().scanShard(responsesOf(source, read));
  },

  statistics(params, source, read) {
    // The parameters carry the item model and quadrature, so a default model computes the counts.
    return new ItemResponseModel().shardStatistics(params as IrtShardParams, responsesOf(source, read));
  },

  async fit(model, run) {
    await (model as ItemResponseModel).fitFromStatistics({
      scans: run.scans as IrtShardScan[],
      statistics: async (params) => (await run.statistics(params)) as IrtShardStatistics[],
    });
  },
};
