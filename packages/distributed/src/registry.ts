// The models a worker can run the E-step of, by name: the name travels in every job, so one pool of
// workers serves fits of any of them.
import {
  type ChunkSource,
  type MixtureParams,
  mixtureStatistics,
  readChunks,
  type SourceFormatOptions,
  scanSource,
} from '@em/gaussian';
import { HiddenMarkovModel, type HmmShardScan, type HmmWireRecord } from '@em/hmm';
import { BernoulliMixture, CategoricalMixture, PoissonMixture, type WireRecord } from '@em/mixtures';
import type { ParamsMessage, ScanResult } from './protocol.js';
import { sequenceLines } from './sequence-shards.js';

/** What a worker does for one model: the first pass over a shard, and an E-step over it. */
export interface ShardModel {
  scan(
    source: ChunkSource,
    read: SourceFormatOptions,
    sampleSize: number,
    randomState: number,
  ): Promise<ScanResult | HmmShardScan>;
  statistics(params: unknown, source: ChunkSource, read: SourceFormatOptions): Promise<unknown>;
}

const gaussian: ShardModel = {
  async scan(source, read, sampleSize, randomState) {
    const { rows, cols, sample } = await scanSource(source, { ...read, sampleSize, randomState });
    return { rows, cols, sample: Array.from(sample.data), sampleRows: sample.rows };
  },
  statistics(message, source, read) {
    const params = message as ParamsMessage;
    const typed: MixtureParams = {
      ...params,
      weights: Float64Array.from(params.weights),
      means: Float64Array.from(params.means),
      precisionsCholesky: Float64Array.from(params.precisionsCholesky),
      // The E-step reads the precisions only.
      covariances: undefined,
    };
    return mixtureStatistics(typed, source, read);
  },
};

type StreamedMixture = PoissonMixture | BernoulliMixture | CategoricalMixture;

/** A mixture of @em/mixtures: its shard methods over the shard's rows (files read as fitStream reads them). */
function mixture(create: (nComponents: number) => StreamedMixture): ShardModel {
  // Files and Blobs as 4096-row blocks; chunks from openShard as they come.
  const chunksOf = (source: ChunkSource, read: SourceFormatOptions) =>
    typeof source === 'string' || (typeof Blob === 'function' && source instanceof Blob)
      ? () => readChunks(source, read)
      : (source as Parameters<StreamedMixture['fitStream']>[0]);
  return {
    async scan(source, read, sampleSize, randomState) {
      const scan = await create(1).scanShard(chunksOf(source, read), { sampleSize, randomState });
      return { ...scan, sampleRows: scan.sample.length / scan.cols };
    },
    statistics(params, source, read) {
      const weights = (params as { weights?: { f64?: unknown[] } }).weights?.f64;
      return create(Array.isArray(weights) ? weights.length : 1).shardStatistics(
        params as WireRecord,
        chunksOf(source, read),
      );
    },
  };
}

type SequenceSource = Parameters<HiddenMarkovModel['scanShard']>[0];
const sequencesOf = (source: ChunkSource) =>
  (typeof source === 'string' ? () => sequenceLines(source) : source) as SequenceSource;

/**
 * A hidden Markov model of @em/hmm: a shard is a JSON Lines file of sequences (one per line), or
 * what `openShard` returns (sequences, one per chunk). The scan checks that every observation is a
 * finite number; the E-step, which knows the emission family from the parameters, checks the rest.
 */
const hiddenMarkovModel: ShardModel = {
  scan(source, _read, sampleSize, randomState) {
    return new HiddenMarkovModel().scanShard(sequencesOf(source), { sampleSize, randomState });
  },
  statistics(params, source) {
    return new HiddenMarkovModel().shardStatistics(params as HmmWireRecord, sequencesOf(source));
  },
};

/**
 * The models workers know, by the name jobs carry: `'gaussian'`, the streamable mixtures' `kind`,
 * and `'HiddenMarkovModel'`.
 */
export const SHARD_MODELS: Readonly<Record<string, ShardModel>> = {
  gaussian,
  PoissonMixture: mixture((nComponents) => new PoissonMixture({ nComponents })),
  BernoulliMixture: mixture((nComponents) => new BernoulliMixture({ nComponents })),
  CategoricalMixture: mixture((nComponents) => new CategoricalMixture({ nComponents })),
  HiddenMarkovModel: hiddenMarkovModel,
};
