// A hidden Markov model of @em/hmm: a shard is a JSON Lines file of sequences (one per line), or
// what `openShard` returns (sequences, one per chunk). The scan checks that every observation is a
// finite number; the E-step, which knows the emission family from the parameters, checks the rest.
import type { ChunkSource } from '@em/gaussian';
import { HiddenMarkovModel, type HmmShardScan, type HmmShardStatistics, type HmmWireRecord } from '@em/hmm';
import { mergeSequenceSamples, sequenceLines } from '../sequence-shards.js';
import type { ShardModel } from '../shard-model.js';

type SequenceSource = Parameters<HiddenMarkovModel['scanShard']>[0];
const sequencesOf = (source: ChunkSource) =>
  (typeof source === 'string' ? () => sequenceLines(source) : source) as SequenceSource;

export const hiddenMarkovModel: ShardModel = {
  name: 'HiddenMarkovModel',
  describe: 'a HiddenMarkovModel (@em/hmm)',
  accepts: (model) => model instanceof HiddenMarkovModel,
  seed: (model) => (model as HiddenMarkovModel).randomState ?? 0,

  scan(source, _read, sampleSize, randomState) {
    return new HiddenMarkovModel().scanShard(sequencesOf(source), { sampleSize, randomState });
  },

  statistics(params, source) {
    return new HiddenMarkovModel().shardStatistics(params as HmmWireRecord, sequencesOf(source));
  },

  async fit(model, run) {
    // Sequences: the counts of every shard under the coordinator's parameters, as the model's JSON.
    const scans = run.scans as HmmShardScan[];
    const sum = (key: 'sequences' | 'steps') => scans.reduce((total, scan) => total + scan[key], 0);
    await (model as HiddenMarkovModel).fitFromStatistics({
      sequences: sum('sequences'),
      steps: sum('steps'),
      columns: scans[0]!.columns,
      symbols: Math.max(...scans.map((scan) => scan.symbols)),
      ...mergeSequenceSamples(scans, run.initSample, run.seed),
      statistics: async (params) => (await run.statistics(params)) as HmmShardStatistics[],
    });
  },
};
