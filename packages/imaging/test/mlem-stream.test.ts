import { InvalidInputError, InvalidOptionError } from '@em/core';
import { ChunkShapeError, SourceNotReReadableError } from '@em/core/stream';
import { describe, expect, it } from 'vitest';
import {
  attenuationFactors,
  disc,
  type MlemShardStatistics,
  type MlemWireParams,
  mlem,
  parallelBeam,
  StreamingMlem,
  sheppLogan,
  simulateSinogram,
} from '../src/index.js';
import { system } from './helpers.js';

const size = 32;
const nAngles = 30;
const geometry = parallelBeam({ size, nAngles });
const A = system(size, nAngles);
const scan = simulateSinogram(sheppLogan(size), A, { counts: 5e4, seed: 3 });
const width = geometry.nDetectors;

/** The sinogram as chunks of `rows` angle rows (the last shorter), as arrays of rows. */
function chunksOf(values: Float64Array, rows: number, from = 0, to = nAngles): number[][][] {
  const out: number[][][] = [];
  for (let a = from; a < to; a += rows) {
    const chunk: number[][] = [];
    for (let r = a; r < Math.min(a + rows, to); r++)
      chunk.push(Array.from(values.subarray(r * width, (r + 1) * width)));
    out.push(chunk);
  }
  return out;
}

const maxRelative = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  let scale = 0;
  for (let j = 0; j < a.length; j++) scale = Math.max(scale, Math.abs(b[j]!));
  for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j]! - b[j]!) / scale);
  return worst;
};

describe('StreamingMlem.fitStream', () => {
  it('is bit-identical to mlem on the same sinogram, whatever the chunk size', async () => {
    const inMemory = mlem(scan.sinogram, A, { iterations: 15 });
    for (const rows of [1, 7, 30]) {
      const streamed = await new StreamingMlem(geometry, { iterations: 15 }).fitStream(() =>
        chunksOf(scan.sinogram, rows),
      );
      expect(Array.from(streamed.image)).toEqual(Array.from(inMemory.image));
      expect(streamed.history).toEqual(inMemory.history);
      expect(streamed.logLikelihood).toBe(inMemory.logLikelihood);
      expect(streamed.iterations).toBe(15);
    }
  });

  it('with attenuation, background and SQUAREM, chunks as flat rows with their physics', async () => {
    const attenuationMap = disc(size, 14).map((v) => 0.03 * v);
    const physical = simulateSinogram(sheppLogan(size), A, {
      counts: 3e4,
      seed: 5,
      attenuationMap,
      backgroundFraction: 0.1,
    });
    const attenuation = physical.attenuation!;
    const background = physical.background!;
    expect(attenuation).toEqual(attenuationFactors(attenuationMap, A));
    const options = { iterations: 12, acceleration: 'squarem' as const };
    const inMemory = mlem(physical.sinogram, A, { ...options, attenuation, background });
    const chunks = () =>
      Array.from({ length: 6 }, (_, c) => {
        const part = (values: Float64Array) => values.subarray(c * 5 * width, (c + 1) * 5 * width);
        return {
          counts: part(physical.sinogram),
          attenuation: part(attenuation),
          background: part(background),
        };
      });
    const streamed = await new StreamingMlem(geometry, options).fitStream(chunks);
    expect(Array.from(streamed.image)).toEqual(Array.from(inMemory.image));
    expect(streamed.history).toEqual(inMemory.history);
    expect(streamed.projections).toBe(inMemory.projections);
  });

  it('reads the source once per iteration, plus the first and the last pass', async () => {
    const passes = new Set<number>();
    await new StreamingMlem(geometry, { iterations: 4 }).fitStream(() => chunksOf(scan.sinogram, 10), {
      onProgress: (pass) => passes.add(pass),
    });
    expect(passes.size).toBe(4 + 2);
  });

  it('refuses a one-shot source, rows of another width, too few rows and physics in some chunks only', async () => {
    const mlemStream = new StreamingMlem(geometry, { iterations: 2 });
    await expect(mlemStream.fitStream(chunksOf(scan.sinogram, 10).values())).rejects.toBeInstanceOf(
      SourceNotReReadableError,
    );
    const narrow = chunksOf(scan.sinogram, 10);
    narrow[1] = narrow[1]!.map((row) => row.slice(1));
    const shape = await mlemStream.fitStream(narrow).catch((e) => e);
    expect(shape).toBeInstanceOf(ChunkShapeError);
    expect([shape.chunk, shape.row]).toEqual([1, 10]);
    await expect(mlemStream.fitStream(chunksOf(scan.sinogram, 10).slice(1))).rejects.toThrow(/30 angle rows/);
    const mixed = [
      { counts: chunksOf(scan.sinogram, 15)[0]! },
      { counts: chunksOf(scan.sinogram, 15)[1]!, background: new Float64Array(15 * width) },
    ];
    const physics = await mlemStream.fitStream(mixed).catch((e) => e);
    expect(physics).toBeInstanceOf(InvalidInputError);
    expect(physics.argument).toBe('source chunk 1');
    const negative = chunksOf(scan.sinogram, 10);
    negative[2]![3]![5] = -1;
    const value = await mlemStream.fitStream(negative).catch((e) => e);
    expect([value.argument, value.row, value.column]).toEqual(['source chunk 2', 23, 5]);
  });

  it('refuses the physics as options (they come with the chunks)', () => {
    expect(() => new StreamingMlem(geometry, { background: [1] } as never)).toThrow(InvalidOptionError);
  });
});

describe('StreamingMlem shards (the distributed E-step)', () => {
  const shards = [
    { firstAngle: 0, chunks: chunksOf(scan.sinogram, 4, 0, 11) },
    { firstAngle: 11, chunks: chunksOf(scan.sinogram, 4, 11, 20) },
    { firstAngle: 20, chunks: chunksOf(scan.sinogram, 4, 20, 30) },
  ];
  const worker = new StreamingMlem(geometry);
  const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value));

  it('three shards of angles, merged through JSON, give mlem to 1e-12 with the same iterations', async () => {
    const scans = await Promise.all(
      shards.map((s) => worker.scanShard(s.chunks, { firstAngle: s.firstAngle })),
    );
    const options = { iterations: 20, acceleration: 'squarem' as const };
    const merged = await new StreamingMlem(geometry, options).fitFromStatistics({
      scans: viaJson(scans),
      statistics: async (params) =>
        viaJson(
          await Promise.all(
            shards.map((s) =>
              worker.shardStatistics(viaJson(params), s.chunks, { firstAngle: s.firstAngle }),
            ),
          ),
        ),
    });
    const inMemory = mlem(scan.sinogram, A, options);
    expect(merged.iterations).toBe(inMemory.iterations);
    expect(maxRelative(merged.image, inMemory.image)).toBeLessThan(1e-12);
    expect(
      Math.abs(merged.logLikelihood - inMemory.logLikelihood) / Math.abs(inMemory.logLikelihood),
    ).toBeLessThan(1e-12);
  });

  it('refuses a shard missing, parameters of another model, and statistics that do not match the scans', async () => {
    const scans = await Promise.all(
      shards.map((s) => worker.scanShard(s.chunks, { firstAngle: s.firstAngle })),
    );
    const fitter = new StreamingMlem(geometry, { iterations: 2 });
    const missing = await fitter
      .fitFromStatistics({ scans: [scans[0]!, scans[2]!], statistics: async () => [] })
      .catch((e) => e);
    expect(missing).toBeInstanceOf(InvalidInputError);
    expect(missing.message).toMatch(/angle 11 \(a shard missing\)/);
    await expect(
      worker.shardStatistics({ weights: { f64: [1] } } as unknown as MlemWireParams, shards[0]!.chunks),
    ).rejects.toThrow(/model: 'mlem'/);
    const swapped = fitter.fitFromStatistics({
      scans,
      statistics: async (params) =>
        (
          await Promise.all(
            shards.map((s) => worker.shardStatistics(params, s.chunks, { firstAngle: s.firstAngle })),
          )
        ).reverse() as MlemShardStatistics[],
    });
    await expect(swapped).rejects.toThrow(/statistics\[0\]/);
  });
});
