// MLEM of @em/imaging (StreamingMlem): a shard is a range of angles of the sinogram. On disk, a JSON
// Lines file whose first line is a header { "geometry": geometryToJSON(geometry) } and whose other
// lines are chunks of angle rows ({ "angle": first angle, "counts": rows, "attenuation"?,
// "background"? }); from openShard, the same items as an iterable. The worker traces its angles'
// rows of the system matrix from the header's geometry; the image travels as the E-step's parameters.
import { InvalidInputError } from '@em/core';
import { chunkFactory, type StreamSource } from '@em/core/stream';
import type { ChunkSource } from '@em/gaussian';
import {
  type GeometryJSON,
  geometryFromJSON,
  geometryToJSON,
  type MlemShardScan,
  type MlemShardStatistics,
  type MlemWireParams,
  type SinogramChunk,
  StreamingMlem,
} from '@em/imaging';
import { sequenceLines } from '../sequence-shards.js';
import type { ShardModel } from '../shard-model.js';

/** A scan as it travels: the shard's scan and the geometry its header named. */
interface SinogramScan extends MlemShardScan {
  geometry: GeometryJSON;
}

/** The shard's header and its chunks (read once: the shard is read once per job). */
async function openSinogramShard(
  source: ChunkSource,
): Promise<{ mlem: StreamingMlem; geometry: GeometryJSON; chunks: StreamSource<SinogramChunk> }> {
  const items =
    typeof source === 'string'
      ? sequenceLines(source)
      : (async function* () {
          yield* chunkFactory(source as StreamSource<unknown>)() as AsyncIterable<unknown>;
        })();
  const first = await items.next();
  const geometry = (first.value as { geometry?: GeometryJSON } | undefined)?.geometry;
  if (first.done || geometry === undefined)
    throw new InvalidInputError(
      'shard',
      'a header { geometry: geometryToJSON(geometry) } before the chunks of angle rows',
      first.value,
    );
  const chunks = { [Symbol.asyncIterator]: () => items } as AsyncIterable<SinogramChunk>;
  return { mlem: new StreamingMlem(geometryFromJSON(geometry)), geometry, chunks };
}

export const streamingMlemModel: ShardModel = {
  name: 'StreamingMlem',
  describe: 'a StreamingMlem (@em/imaging)',
  accepts: (model) => model instanceof StreamingMlem,
  seed: () => 0,

  async scan(source): Promise<SinogramScan> {
    const { mlem, geometry, chunks } = await openSinogramShard(source);
    return { ...(await mlem.scanShard(chunks)), geometry };
  },

  async statistics(params, source): Promise<MlemShardStatistics> {
    const { mlem, chunks } = await openSinogramShard(source);
    return mlem.shardStatistics(params as MlemWireParams, chunks);
  },

  async fit(model, run) {
    const mlem = model as StreamingMlem;
    const expected = JSON.stringify(geometryToJSON(mlem.geometry));
    const scans = run.scans as SinogramScan[];
    scans.forEach((scan, shard) => {
      if (JSON.stringify(scan.geometry) !== expected)
        throw new InvalidInputError(
          `shard ${shard}`,
          `a sinogram of the model's geometry ${expected}`,
          scan.geometry,
        );
    });
    await mlem.fitFromStatistics({
      scans,
      statistics: async (params) => (await run.statistics(params)) as MlemShardStatistics[],
    });
  },
};
