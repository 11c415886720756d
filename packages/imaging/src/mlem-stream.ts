// MLEM over a sinogram read in chunks of angle rows, once per iteration, with each chunk's rows of
// the system matrix traced on the fly: memory is one chunk's rows and a few images, never the whole
// matrix. The same sums in the same order as mlem(), so the same images bit for bit. The shard
// methods run the E-step of a range of angles anywhere (@em/distributed's workers) and merge them.
import {
  type AsyncEMModel,
  type EMResult,
  type EStepResult,
  InvalidInputError,
  InvalidOptionError,
  requireIterations,
  runEMAsync,
} from '@em/core';
import { ChunkPasses, type StreamSource, streamedEStep } from '@em/core/stream';

import type { ParallelBeamGeometry } from './geometry.js';
import { logGamma } from './likelihood.js';
import type { MlemOptions, Reconstruction } from './mlem.js';
import { ChunkProjector, type SinogramChunk, type SinogramRows, sinogramChunks } from './sinogram-chunks.js';
import { checkGeometry } from './system-matrix.js';
import { integerOption, numberOption, optionsObject, readGrid } from './validate.js';

/**
 * Options of {@link StreamingMlem}: those of {@link mlem} but the physics, which come with the chunks
 * ({@link SinogramChunk}).
 *
 * @example
 * ```ts
 * import type { StreamingMlemOptions } from '@em/imaging';
 * const options: StreamingMlemOptions = { iterations: 50, acceleration: 'squarem' };
 * ```
 */
export type StreamingMlemOptions = Omit<MlemOptions, 'attenuation' | 'background'>;

/**
 * Options of {@link StreamingMlem.fitStream}.
 *
 * @example
 * ```ts
 * import type { MlemStreamOptions } from '@em/imaging';
 * const options: MlemStreamOptions = { onProgress: (pass, rows, total) => console.log(pass, rows, total) };
 * ```
 */
export interface MlemStreamOptions {
  /** Called after each chunk: the pass (1-based), the angle rows read in it, and the rows of a pass once known. */
  onProgress?: (pass: number, rows: number, totalRows: number | undefined) => void;
}

/**
 * Which angles a shard holds: its chunks are the rows of angles `firstAngle`, `firstAngle + 1`, ….
 *
 * @example
 * ```ts
 * import type { MlemShardOptions } from '@em/imaging';
 * const second: MlemShardOptions = { firstAngle: 60 };
 * ```
 */
export interface MlemShardOptions {
  /** 0-based first angle of the shard. Default: the first chunk's `angle`, or 0. */
  firstAngle?: number;
}

/**
 * What {@link StreamingMlem.scanShard} returns: a shard's angles and what MLEM needs of it before the
 * first iteration, as plain JSON.
 *
 * @example
 * ```ts
 * import type { MlemShardScan } from '@em/imaging';
 * const scan: MlemShardScan = { firstAngle: 0, angles: 1, sensitivity: [1, 1, 1, 1], netCounts: 7, logFactorials: 2.5 };
 * ```
 */
export interface MlemShardScan {
  /** 0-based first angle of the shard. */
  firstAngle: number;
  /** Angle rows of the shard. */
  angles: number;
  /** The shard's part of the sensitivity image Aᵀa (N × N, row-major). */
  sensitivity: number[];
  /** Σ (yᵢ − rᵢ) over the shard's bins: counts less background, for the uniform start. */
  netCounts: number;
  /** Σ log yᵢ! over the shard's bins. */
  logFactorials: number;
}

/**
 * What {@link StreamingMlem.shardStatistics} returns: a shard's part of the E-step, as plain JSON.
 *
 * @example
 * ```ts
 * import type { MlemShardStatistics } from '@em/imaging';
 * const part: MlemShardStatistics = { firstAngle: 0, angles: 1, logLikelihood: -3.5, backProjection: [0.5, 1, 1, 0.5] };
 * ```
 */
export interface MlemShardStatistics {
  /** 0-based first angle of the shard. */
  firstAngle: number;
  /** Angle rows of the shard. */
  angles: number;
  /** Σ yᵢ log ȳᵢ − ȳᵢ over the shard's bins (without log yᵢ!). */
  logLikelihood: number;
  /** Aᵀ(a·y/ȳ) over the shard's bins (N × N, row-major). */
  backProjection: number[];
}

/**
 * The parameters a coordinator sends its workers: the image, tagged with its size.
 *
 * @example
 * ```ts
 * import type { MlemWireParams } from '@em/imaging';
 * const params: MlemWireParams = { model: 'mlem', size: 2, image: [1, 1, 1, 1] };
 * ```
 */
export interface MlemWireParams {
  /** `'mlem'`: names the model, so parameters of another one are refused. */
  model: 'mlem';
  /** N: the image is N × N. */
  size: number;
  /** The image, row-major. */
  image: number[];
}

/**
 * Where {@link StreamingMlem.fitFromStatistics} gets its data: the shards' scans (together every angle
 * once) and every shard's statistics under given parameters.
 *
 * @example
 * ```ts
 * import type { MlemStatisticsSource } from '@em/imaging';
 * const source: MlemStatisticsSource = { scans: [], statistics: async () => [] };
 * ```
 */
export interface MlemStatisticsSource {
  /** {@link StreamingMlem.scanShard} of every shard. */
  scans: readonly MlemShardScan[];
  /** Statistics of every shard under `params`, in the order of `scans`. */
  statistics: (
    params: MlemWireParams,
  ) => Promise<readonly MlemShardStatistics[]> | readonly MlemShardStatistics[];
}

/** The statistics of a pass: the back-projection of the ratios (then times the image) and Σ ℓᵢ. */
interface PassTotals {
  /** First angle of the rows read. */
  firstAngle: number;
  sensitivity: Float64Array;
  netCounts: number;
  logFactorials: number;
}

/**
 * MLEM ({@link mlem}) for sinograms too large for memory, or spread over machines. `fitStream` reads a
 * re-readable source of angle rows once per iteration and traces each chunk's rows of the system
 * matrix on the fly from the geometry: memory is one chunk and a few N × N images, not the matrix
 * (which `systemMatrix` holds whole: 8 bytes per stored length). The sums are `mlem`'s, in its order,
 * so the images are bit-identical to `mlem(sinogram, systemMatrix(geometry), options)`. The price is
 * one Siddon trace of every ray per iteration instead of reading the stored matrix.
 *
 * The shard methods split the angles among workers: {@link StreamingMlem.scanShard} and
 * {@link StreamingMlem.shardStatistics} on each shard (a range of angles), and
 * {@link StreamingMlem.fitFromStatistics} merging them — equal to `mlem` up to the order of the sums
 * over shards (1e-12 relative).
 *
 * @example
 * ```ts
 * import { mlem, parallelBeam, sheppLogan, simulateSinogram, StreamingMlem, systemMatrix } from '@em/imaging';
 * const geometry = parallelBeam({ size: 32, nAngles: 30 });
 * const { sinogram } = simulateSinogram(sheppLogan(32), systemMatrix(geometry), { counts: 1e4, seed: 1 });
 * // Ten chunks of three angle rows each, read again on every iteration.
 * const chunks = () => Array.from({ length: 10 }, (_, c) => sinogram.subarray(c * 3 * 32, (c + 1) * 3 * 32));
 * const streamed = await new StreamingMlem(geometry, { iterations: 10 }).fitStream(chunks);
 * const inMemory = mlem(sinogram, systemMatrix(geometry), { iterations: 10 });
 * streamed.image.every((v, j) => v === inMemory.image[j]); // true
 * streamed.logLikelihood === inMemory.logLikelihood; // true
 * ```
 */
export class StreamingMlem {
  /** The scan's geometry. */
  readonly geometry: ParallelBeamGeometry;
  /** The last reconstruction `fitStream` or `fitFromStatistics` made (undefined before). */
  reconstruction: Reconstruction | undefined;
  private readonly options: StreamingMlemOptions;

  /**
   * @throws InvalidOptionError for a geometry not made by `parallelBeam`, or bad options (as {@link mlem}).
   */
  constructor(geometry: ParallelBeamGeometry, options: StreamingMlemOptions = {}) {
    this.geometry = checkGeometry(geometry, 'geometry');
    const opts = optionsObject(options, 'StreamingMlem');
    for (const key of ['attenuation', 'background'])
      if (key in opts)
        throw new InvalidOptionError(
          key,
          'no such option of StreamingMlem: the physics come with the chunks ({ counts, attenuation, background })',
          (opts as Record<string, unknown>)[key],
        );
    integerOption('iterations', opts.iterations ?? 20, 1, 1_000_000);
    numberOption('tol', opts.tol ?? 0, 0, Number.MAX_VALUE);
    if (opts.initial !== undefined) this.readInitial(opts.initial);
    this.options = opts;
  }

  /**
   * MLEM over `source`, read once per iteration (and once more first, for the sensitivity image and
   * the uniform start; once more last, for the final log-likelihood).
   *
   * @throws InvalidInputError for a bad chunk (named with its angle row), a source without the
   * geometry's `nAngles` rows, counts on a ray that misses the image; SourceNotReReadableError when a
   * later pass reads different rows than the first; ChunkShapeError for rows of another width.
   * @example
   * ```ts
   * import { parallelBeam, StreamingMlem } from '@em/imaging';
   * const geometry = parallelBeam({ size: 4, nAngles: 2 });
   * const result = await new StreamingMlem(geometry, { iterations: 5 }).fitStream([[[0, 3, 3, 0]], [[0, 2, 2, 1]]]);
   * result.history.length; // 6
   * ```
   */
  async fitStream(
    source: StreamSource<SinogramChunk>,
    options: MlemStreamOptions = {},
  ): Promise<Reconstruction> {
    const opts = optionsObject(options, 'fitStream');
    if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function')
      throw new InvalidOptionError('onProgress', 'a function', opts.onProgress);
    const { nAngles } = this.geometry;
    const passes = new ChunkPasses(sinogramChunks(source, this.geometry, 0, nAngles, opts.onProgress));
    const projector = new ChunkProjector(this.geometry);
    const scan = await this.scanPasses(passes, projector, nAngles);
    const eStep = streamedEStep<Float64Array, Float64Array, SinogramRows>({
      passes,
      zero: () => new Float64Array(this.geometry.size ** 2),
      accumulate: (image, chunk, total) => accumulate(projector, image, chunk, total),
      finish: (total, image) => ({
        stats: times(total.stats, image),
        logLikelihood: total.logLikelihood - scan.logFactorials,
      }),
    });
    return this.reconstruct(eStep, scan, 'fitStream');
  }

  /**
   * The first pass over a shard of angles: its part of the sensitivity image and of the counts.
   *
   * @throws as {@link StreamingMlem.fitStream}; InvalidOptionError for a bad `firstAngle`.
   * @example
   * ```ts
   * import { parallelBeam, StreamingMlem } from '@em/imaging';
   * const mlem = new StreamingMlem(parallelBeam({ size: 4, nAngles: 2 }));
   * const scan = await mlem.scanShard([[[0, 2, 2, 1]]], { firstAngle: 1 });
   * [scan.firstAngle, scan.angles, scan.netCounts]; // [1, 1, 5]
   * ```
   */
  async scanShard(
    source: StreamSource<SinogramChunk>,
    options: MlemShardOptions = {},
  ): Promise<MlemShardScan> {
    const passes = new ChunkPasses(
      sinogramChunks(source, this.geometry, this.readFirstAngle(options), this.geometry.nAngles, undefined),
    );
    const scan = await this.scanPasses(passes, new ChunkProjector(this.geometry), undefined);
    return {
      firstAngle: scan.firstAngle,
      angles: passes.rows!,
      sensitivity: Array.from(scan.sensitivity),
      netCounts: scan.netCounts,
      logFactorials: scan.logFactorials,
    };
  }

  /**
   * A shard's part of the E-step under `params` (as {@link StreamingMlem.fitFromStatistics} sends them).
   *
   * @throws InvalidInputError for parameters of another model or size, or a bad shard (as `fitStream`).
   * @example
   * ```ts
   * import { parallelBeam, StreamingMlem } from '@em/imaging';
   * const mlem = new StreamingMlem(parallelBeam({ size: 2, nAngles: 1 }));
   * const part = await mlem.shardStatistics({ model: 'mlem', size: 2, image: [1, 1, 1, 1] }, [[[2, 2]]]);
   * part.backProjection; // [1, 1, 1, 1]: each bin's count equals its expected count
   * ```
   */
  async shardStatistics(
    params: MlemWireParams,
    source: StreamSource<SinogramChunk>,
    options: MlemShardOptions = {},
  ): Promise<MlemShardStatistics> {
    const image = this.readParams(params);
    const passes = new ChunkPasses(
      sinogramChunks(source, this.geometry, this.readFirstAngle(options), this.geometry.nAngles, undefined),
    );
    const projector = new ChunkProjector(this.geometry);
    let total: EStepResult<Float64Array> = { stats: new Float64Array(image.length), logLikelihood: 0 };
    let firstAngle: number | undefined;
    for await (const { chunk } of passes.next()) {
      firstAngle ??= chunk.angle;
      total = accumulate(projector, image, chunk, total);
    }
    if (firstAngle === undefined || passes.rows === 0)
      throw new InvalidInputError('source', 'at least one angle row', 'no rows');
    return {
      firstAngle,
      angles: passes.rows!,
      logLikelihood: total.logLikelihood,
      backProjection: Array.from(total.stats),
    };
  }

  /**
   * MLEM with the E-step over shards computed elsewhere ({@link StreamingMlem.shardStatistics} on
   * worker processes or machines): the shards' parts added in the order of `scans`.
   *
   * @throws InvalidInputError when the scans do not cover every angle exactly once (a shard missing
   * or twice), or when the statistics returned do not match the scans.
   * @example
   * ```ts
   * import { parallelBeam, StreamingMlem } from '@em/imaging';
   * const geometry = parallelBeam({ size: 4, nAngles: 2 });
   * const shards = [[[[0, 3, 3, 0]]], [[[0, 2, 2, 1]]]];
   * const worker = new StreamingMlem(geometry);
   * const scans = await Promise.all(shards.map((shard, a) => worker.scanShard(shard, { firstAngle: a })));
   * const result = await new StreamingMlem(geometry, { iterations: 5 }).fitFromStatistics({
   *   scans,
   *   statistics: (params) => Promise.all(shards.map((shard, a) => worker.shardStatistics(params, shard, { firstAngle: a }))),
   * });
   * result.iterations; // 5
   * ```
   */
  async fitFromStatistics(source: MlemStatisticsSource): Promise<Reconstruction> {
    if (typeof source !== 'object' || source === null || typeof source.statistics !== 'function')
      throw new InvalidInputError('source', 'an object { scans, statistics(params) }', source);
    const scans = this.readScans(source.scans);
    const nPixels = this.geometry.size ** 2;
    const merged: PassTotals = {
      firstAngle: 0,
      sensitivity: new Float64Array(nPixels),
      netCounts: 0,
      logFactorials: 0,
    };
    for (const scan of scans) {
      addInto(merged.sensitivity, scan.sensitivity);
      merged.netCounts += scan.netCounts;
      merged.logFactorials += scan.logFactorials;
    }
    const eStep = async (image: Float64Array): Promise<EStepResult<Float64Array>> => {
      const parts = await source.statistics({
        model: 'mlem',
        size: this.geometry.size,
        image: Array.from(image),
      });
      if (!Array.isArray(parts) || parts.length !== scans.length)
        throw new InvalidInputError('statistics', `an array of ${scans.length} shard statistics`, parts);
      const back = new Float64Array(nPixels);
      let logLikelihood = 0;
      parts.forEach((part: MlemShardStatistics, s) => {
        const name = `statistics[${s}]`;
        if (part?.firstAngle !== scans[s]!.firstAngle || part.angles !== scans[s]!.angles)
          throw new InvalidInputError(
            name,
            `the statistics of angles ${scans[s]!.firstAngle}… (${scans[s]!.angles} rows), as scans[${s}]`,
            part,
          );
        if (typeof part.logLikelihood !== 'number' || Number.isNaN(part.logLikelihood))
          throw new InvalidInputError(`${name}.logLikelihood`, 'a number', part.logLikelihood);
        addInto(back, readVector(part.backProjection, nPixels, `${name}.backProjection`));
        logLikelihood += part.logLikelihood;
      });
      return { stats: times(back, image), logLikelihood: logLikelihood - merged.logFactorials };
    };
    return this.reconstruct(eStep, merged, 'fitFromStatistics');
  }

  /** EM from a streamed or merged E-step, as mlem runs it, and the final image's log-likelihood. */
  private async reconstruct(
    eStep: (image: Float64Array) => Promise<EStepResult<Float64Array>>,
    scan: PassTotals,
    caller: string,
  ): Promise<Reconstruction> {
    const { sensitivity } = scan;
    const opts = this.options;
    const initial = opts.initial === undefined ? uniformImage(scan) : this.readInitial(opts.initial);
    const model: AsyncEMModel<Float64Array, Float64Array> = {
      eStep,
      mStep(stats) {
        const next = new Float64Array(stats.length);
        for (let j = 0; j < stats.length; j++) {
          const s = sensitivity[j]!;
          next[j] = s > 0 ? stats[j]! / s : 0;
        }
        return next;
      },
      pack: (image) => image.slice(),
      unpack(vector) {
        for (let j = 0; j < vector.length; j++) if (!(vector[j]! >= 0)) return undefined;
        return vector.slice();
      },
    };
    const result: EMResult<Float64Array> = await runEMAsync(model, initial, {
      maxIter: opts.iterations ?? 20,
      tol: opts.tol ?? 0,
      acceleration: opts.acceleration ?? 'none',
      onIteration: opts.onIteration,
      signal: opts.signal,
    });
    requireIterations(result, caller);
    const { logLikelihood } = await eStep(result.params);
    this.reconstruction = {
      image: result.params,
      logLikelihood,
      history: [...result.history, logLikelihood],
      iterations: result.nIter,
      projections: result.nEStep,
      stopReason: result.stopReason,
    };
    return this.reconstruction;
  }

  /**
   * The first pass: counts on rays that miss the image refused (as readScan), Σ log y!, the net
   * counts and the sensitivity, all summed in mlem's order.
   */
  private async scanPasses(
    passes: ChunkPasses<SinogramRows>,
    projector: ChunkProjector,
    lastAngle: number | undefined,
  ): Promise<PassTotals> {
    const { nDetectors } = this.geometry;
    const sensitivity = new Float64Array(this.geometry.size ** 2);
    let logFactorials = 0;
    let netCounts = 0;
    let firstAngle: number | undefined;
    for await (const { chunk } of passes.next()) {
      firstAngle ??= chunk.angle;
      projector.trace(chunk.angle, chunk.rows);
      const { rowStart, columns, values } = projector;
      const { counts, attenuation, background } = chunk;
      for (let i = 0; i < counts.length; i++) {
        const y = counts[i]!;
        if (y > 0 && rowStart[i + 1] === rowStart[i] && !(background && background[i]! > 0))
          throw new InvalidInputError(
            'sinogram',
            'zero counts on a ray that misses the image (and has no background)',
            y,
            { row: chunk.angle + Math.floor(i / nDetectors), column: i % nDetectors },
          );
        if (y > 1) logFactorials += logGamma(y + 1);
        netCounts += y - (background?.[i] ?? 0);
        const weight = attenuation ? attenuation[i]! : 1;
        for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++)
          sensitivity[columns[k]!]! += values[k]! * weight;
      }
    }
    const rows = passes.rows!;
    if (
      firstAngle === undefined ||
      rows === 0 ||
      (lastAngle !== undefined && firstAngle + rows !== lastAngle)
    )
      throw new InvalidInputError(
        'source',
        lastAngle === undefined
          ? 'at least one angle row'
          : `${lastAngle - (firstAngle ?? 0)} angle rows (the geometry's nAngles)`,
        `${rows} rows`,
      );
    return { firstAngle, sensitivity, netCounts, logFactorials };
  }

  private readInitial(initial: unknown): Float64Array {
    const { size } = this.geometry;
    const image = readGrid(initial, 'initial', size, size, 'an N × N image', { nonNegative: true });
    if (!image.some((v) => v > 0))
      throw new InvalidInputError('initial', 'an image with at least one positive pixel', 'all zeros');
    return image;
  }

  private readFirstAngle(options: MlemShardOptions): number | undefined {
    const opts = optionsObject(options, 'shard');
    return opts.firstAngle === undefined
      ? undefined
      : integerOption('firstAngle', opts.firstAngle, 0, this.geometry.nAngles - 1);
  }

  private readParams(params: unknown): Float64Array {
    const { size } = this.geometry;
    const wire = params as Partial<MlemWireParams> | null;
    if (typeof wire !== 'object' || wire === null || wire.model !== 'mlem' || wire.size !== size)
      throw new InvalidInputError(
        'params',
        `MLEM parameters { model: 'mlem', size: ${size}, image }`,
        params,
      );
    const image = readVector(wire.image, size * size, 'params.image');
    if (image.some((v) => v < 0))
      throw new InvalidInputError('params.image', 'a non-negative image', wire.image);
    return image;
  }

  /** The scans checked, each angle covered exactly once. */
  private readScans(scans: unknown): MlemShardScan[] {
    const { nAngles, size } = this.geometry;
    if (!Array.isArray(scans) || scans.length === 0)
      throw new InvalidInputError('source.scans', 'a non-empty array of shard scans', scans);
    const covered = new Int32Array(nAngles);
    scans.forEach((scan: MlemShardScan, s) => {
      const name = `source.scans[${s}]`;
      const { firstAngle, angles } = scan ?? ({} as MlemShardScan);
      if (
        !Number.isSafeInteger(firstAngle) ||
        !Number.isSafeInteger(angles) ||
        firstAngle < 0 ||
        angles < 1 ||
        firstAngle + angles > nAngles
      )
        throw new InvalidInputError(name, `a scan of angles within 0…${nAngles - 1}`, scan);
      readVector(scan.sensitivity, size * size, `${name}.sensitivity`);
      for (const key of ['netCounts', 'logFactorials'] as const)
        if (typeof scan[key] !== 'number' || !Number.isFinite(scan[key]))
          throw new InvalidInputError(`${name}.${key}`, 'a finite number', scan[key]);
      for (let a = firstAngle; a < firstAngle + angles; a++) covered[a]!++;
    });
    const missing = covered.indexOf(0);
    const twice = covered.findIndex((c) => c > 1);
    if (missing >= 0 || twice >= 0)
      throw new InvalidInputError(
        'source.scans',
        `shards covering every angle 0…${nAngles - 1} exactly once`,
        missing >= 0 ? `no shard with angle ${missing} (a shard missing)` : `angle ${twice} in two shards`,
      );
    return scans;
  }
}

/** Adds one chunk's E-step into `total`: forward, ratio and back-projection, ray by ray as mlem does. */
function accumulate(
  projector: ChunkProjector,
  image: Float64Array,
  chunk: SinogramRows,
  total: EStepResult<Float64Array>,
): EStepResult<Float64Array> {
  projector.trace(chunk.angle, chunk.rows);
  const { rowStart, columns, values } = projector;
  const { counts, attenuation, background } = chunk;
  const weights = new Float64Array(counts.length);
  let ll = total.logLikelihood;
  for (let i = 0; i < counts.length; i++) {
    let mean = 0;
    for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) mean += values[k]! * image[columns[k]!]!;
    if (attenuation) mean *= attenuation[i]!;
    if (background) mean += background[i]!;
    const y = counts[i]!;
    if (y > 0) ll += y * Math.log(mean);
    ll -= mean;
    let w = y > 0 && mean > 0 ? y / mean : 0;
    if (attenuation) w *= attenuation[i]!;
    weights[i] = w;
  }
  const back = total.stats;
  for (let i = 0; i < counts.length; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) back[columns[k]!]! += values[k]! * w;
  }
  return { stats: back, logLikelihood: ll };
}

/** The E-step's statistic xⱼ · [Aᵀ(a·y/ȳ)]ⱼ, in place. */
function times(back: Float64Array, image: Float64Array): Float64Array {
  for (let j = 0; j < back.length; j++) back[j] = back[j]! * image[j]!;
  return back;
}

/** mlem's uniform start: every sensitive pixel equal, the expected total matching the net counts. */
function uniformImage({ sensitivity, netCounts }: PassTotals): Float64Array {
  let sens = 0;
  for (let j = 0; j < sensitivity.length; j++) sens += sensitivity[j]!;
  const level = netCounts > 0 && sens > 0 ? netCounts / sens : 1;
  return sensitivity.map((s) => (s > 0 ? level : 0));
}

function addInto(into: Float64Array, values: ArrayLike<number>): void {
  for (let j = 0; j < into.length; j++) into[j]! += values[j]!;
}

function readVector(values: unknown, length: number, name: string): Float64Array {
  if (
    !Array.isArray(values) ||
    values.length !== length ||
    !values.every((v) => typeof v === 'number' && Number.isFinite(v))
  )
    throw new InvalidInputError(name, `an array of ${length} finite numbers`, values);
  return Float64Array.from(values);
}
