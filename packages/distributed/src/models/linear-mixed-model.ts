// A linear mixed model of @em/mixed with one grouping factor and factors nested in it to any depth: a shard is a
// JSON Lines file of chunks (one { y, X, groups, Z?, inner?, innerZ?, nested? } object per line, each group's
// rows together and in one shard only, its nested levels with it), or
// what `openShard` returns (chunks). No sample: the starting values come from exact sums over all
// rows. Each E-step is two passes (β̂ first, then the groups' effects); the coordinator's fit is the
// model's own fitFromStatistics, so the numbers are those of fitStream over the same rows.

import type { StreamSource } from '@em/core/stream';
import type { ChunkSource } from '@em/gaussian';
import {
  LinearMixedModel,
  type MixedChunk,
  type MixedShardParams,
  type MixedShardScan,
  type MixedShardStatistics,
} from '@em/mixed';
import { sequenceLines } from '../sequence-shards.js';
import type { ShardModel } from '../shard-model.js';

const chunksOf = (source: ChunkSource) =>
  (typeof source === 'string'
    ? () => sequenceLines(source, 'a chunk as JSON ({ y, X, groups, Z? })')
    : source) as StreamSource<MixedChunk>;

export const linearMixedModel: ShardModel = {
  name: 'LinearMixedModel',
  describe: 'a LinearMixedModel with one grouping factor and factors nested in it to any depth (@em/mixed)',
  accepts: (model) => model instanceof LinearMixedModel,
  // Nothing is drawn at random.
  seed: () => 0,

  scan(source) {
    return new LinearMixedModel().scanShard(chunksOf(source));
  },

  statistics(params, source) {
    return new LinearMixedModel().shardStatistics(params as MixedShardParams, chunksOf(source));
  },

  async fit(model, run) {
    await (model as LinearMixedModel).fitFromStatistics({
      scans: run.scans as MixedShardScan[],
      statistics: async (params) => (await run.statistics(params)) as MixedShardStatistics[],
    });
  },
};
