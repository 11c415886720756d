// fitDistributed on a StreamingMlem of @em/imaging: the sinogram in three JSON Lines shards of angle
// ranges (a geometry header, then chunks of rows), the forward and back projections of each range on
// 3 worker processes, the back-projections merged here; the image against mlem in one process.
import { InvalidInputError } from '@em/core';
import {
  geometryToJSON,
  mlem,
  parallelBeam,
  StreamingMlem,
  sheppLogan,
  simulateSinogram,
  systemMatrix,
} from '@em/imaging';
import { describe, expect, it } from 'vitest';
import { fitDistributed, MissingShardError } from '../src/index.js';
import { chunksOfRows, expectClose, redisWithWorkers, writeJsonLinesShards } from './helpers.js';

const geometry = parallelBeam({ size: 24, nAngles: 30 });
const A = systemMatrix(geometry);
const scan = simulateSinogram(sheppLogan(24), A, { counts: 3e4, seed: 4, backgroundFraction: 0.05 });
const width = geometry.nDetectors;
const rows = (values: Float64Array, from: number, to: number) =>
  Array.from({ length: to - from }, (_, r) =>
    Array.from(values.subarray((from + r) * width, (from + r + 1) * width)),
  );

/** Angle ranges [from, to) as JSON Lines shards: the header, then chunks of 4 angle rows. */
const writeSinogramShards = (ranges: [number, number][]) =>
  writeJsonLinesShards(
    ranges.map(([from, to]) => [
      { geometry: geometryToJSON(geometry) },
      ...chunksOfRows(from, to, 4, (a, end) => ({
        angle: a,
        counts: rows(scan.sinogram, a, end),
        background: rows(scan.background!, a, end),
      })),
    ]),
    'angles',
  );

const redis = redisWithWorkers('mlem');

describe('fitDistributed: a StreamingMlem on 3 worker processes', () => {
  it('three angle ranges give mlem to 1e-10, with the same iterations', async () => {
    const options = { iterations: 12, acceleration: 'squarem' as const };
    const reference = mlem(scan.sinogram, A, { ...options, background: scan.background });
    const model = await fitDistributed(new StreamingMlem(geometry, options), {
      connection: redis.connection,
      queue: 'mlem',
      shards: writeSinogramShards([
        [0, 9],
        [9, 21],
        [21, 30],
      ]),
    });
    const result = model.reconstruction!;
    expect(result.iterations).toBe(reference.iterations);
    expectClose(Array.from(result.image), Array.from(reference.image), 1e-10, 'image');
    expectClose(result.history, reference.history, 1e-12, 'history');
  });

  it('a shard missing from the angles: a typed error naming the first angle no shard holds', async () => {
    const error = await fitDistributed(new StreamingMlem(geometry, { iterations: 2 }), {
      connection: redis.connection,
      queue: 'mlem',
      shards: writeSinogramShards([
        [0, 9],
        [21, 30],
      ]),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/angle 9 \(a shard missing\)/);
  });

  it('a shard file nobody can read: MissingShardError naming it', async () => {
    const [good] = writeSinogramShards([[0, 30]]);
    const error = await fitDistributed(new StreamingMlem(geometry, { iterations: 2 }), {
      connection: redis.connection,
      queue: 'mlem',
      shards: [good!, `${good}.gone`],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingShardError);
    expect(error).toMatchObject({ shard: 1 });
  });
});
