// The mixtures of @em/mixtures whose statistics add up across shards: rows in CSV or raw float64
// shards (read in 4096-row blocks, as fitStream reads them) or chunks from openShard; parameters and
// statistics travel as the model's JSON.
import { type ChunkSource, readChunks, type SourceFormatOptions } from '@em/gaussian';
import type {
  MixtureShardStatistics,
  MixtureStatisticsSource,
  PoissonMixture,
  WireRecord,
} from '@em/mixtures';
import type { ScanResult } from '../protocol.js';
import { mergeRowScans } from '../row-scans.js';
import type { ShardModel } from '../shard-model.js';

/** The part of a streamable mixture of @em/mixtures the distributed fit uses. */
interface RowMixture extends Pick<PoissonMixture, 'scanShard' | 'shardStatistics'> {
  readonly kind: string;
  fitFromStatistics(source: MixtureStatisticsSource): Promise<unknown>;
}
type Chunks = Parameters<RowMixture['scanShard']>[0];

/** A file or Blob as blocks of rows; chunks from openShard as they come. */
function chunksOf(source: ChunkSource, read: SourceFormatOptions): Chunks {
  return typeof source === 'string' || (typeof Blob === 'function' && source instanceof Blob)
    ? () => readChunks(source, read)
    : (source as Chunks);
}

/**
 * The registry entry of the mixture of @em/mixtures named `name` (its `kind`): `create(k)` makes one
 * with k components for the workers' side.
 */
export function rowMixtureModel(name: string, create: (nComponents: number) => RowMixture): ShardModel {
  return {
    name,
    describe: `a ${name} (@em/mixtures)`,
    accepts: (model) =>
      (model as { kind?: unknown } | null)?.kind === name &&
      typeof (model as RowMixture).fitFromStatistics === 'function',
    seed: (model) => (model as { options?: { randomState?: number } }).options?.randomState ?? 0,

    async scan(source, read, sampleSize, randomState): Promise<ScanResult> {
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

    async fit(model, run) {
      const scans = run.scans as ScanResult[];
      const { rows, cols, sample } = mergeRowScans(scans, run.initSample, run.seed);
      await (model as RowMixture).fitFromStatistics({
        rows,
        cols,
        sample: Array.from(sample.data),
        layouts: scans.map((scan) => scan.layout ?? {}),
        statistics: async (params) => (await run.statistics(params)) as MixtureShardStatistics[],
      });
    },
  };
}
