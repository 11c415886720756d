// The reading side of the streamed reconstructions: chunks of whole sinogram rows (one row per angle)
// checked like readScan checks a sinogram, errors naming the chunk and the angle row of the source,
// and each chunk's rows of A traced on the fly from the geometry.
import { InvalidInputError } from '@em/core';
import { ChunkShapeError, type ChunkStream, chunkFactory, type StreamSource } from '@em/core/stream';
import type { ParallelBeamGeometry } from './geometry.js';
import { traceAngles } from './system-matrix.js';
import { type Grid, readGrid } from './validate.js';

/**
 * One chunk of a streamed sinogram: whole rows (one per angle, `nDetectors` counts each, the angles in
 * the geometry's order), as a {@link Grid} of counts or with the rows' attenuation factors and
 * background counts (see {@link ScanPhysics}) and its first angle; either every chunk of a source
 * carries `attenuation` (or `background`) or none does.
 *
 * @example
 * ```ts
 * import type { SinogramChunk } from '@em/imaging';
 * const counts: SinogramChunk = [[0, 3, 5, 1], [1, 4, 4, 0]];
 * const withPhysics: SinogramChunk = { counts: [[0, 3, 5, 1]], background: [[0.5, 0.5, 0.5, 0.5]] };
 * ```
 */
export type SinogramChunk =
  | Grid
  | {
      /** The rows' counts. */
      counts: Grid;
      /** The rows' attenuation factors, each in (0, 1]. */
      attenuation?: Grid;
      /** The rows' expected background counts, each ≥ 0. */
      background?: Grid;
      /**
       * 0-based angle of the chunk's first row: checked to follow the chunks before; on a shard's
       * first chunk, where the shard starts (when the shard's options do not say).
       */
      angle?: number;
    };

/** @internal A chunk read and checked: its rows' counts and physics, flat, and its first angle. */
export interface SinogramRows {
  /** First angle (row of the whole sinogram) of the chunk. */
  angle: number;
  /** Angle rows in the chunk. */
  rows: number;
  counts: Float64Array;
  attenuation: Float64Array | undefined;
  background: Float64Array | undefined;
}

const isArrayLike = (value: unknown): value is ArrayLike<unknown> =>
  Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));

/** Angle rows of a grid of `width` columns, or a typed error naming the chunk. */
function rowsOf(grid: unknown, width: number, index: number, angle: number, name: string): number {
  if (!isArrayLike(grid))
    throw new InvalidInputError(`source chunk ${index}`, `${name}: a grid of rows of ${width} values`, grid, {
      row: angle,
    });
  if (grid.length > 0 && isArrayLike(grid[0])) {
    const cols = (grid[0] as ArrayLike<unknown>).length;
    if (cols !== width) throw new ChunkShapeError(index, angle, width, cols);
    return grid.length;
  }
  if (grid.length % width !== 0)
    throw new InvalidInputError(
      `source chunk ${index}`,
      `${name}: whole rows of ${width} values (a flat array of a multiple of ${width})`,
      `${grid.length} values`,
      { row: angle },
    );
  return grid.length / width;
}

/** Reads `grid` as `rows` × `width`, an error in it named by chunk and the source's angle row. */
function readRows(
  grid: unknown,
  rows: number,
  width: number,
  index: number,
  angle: number,
  name: string,
  nonNegative: boolean,
): Float64Array {
  try {
    return readGrid(grid, name, rows, width, `${name} rows`, { nonNegative });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError(`source chunk ${index}`, `${name}: ${error.expected}`, error.received, {
      row: angle + (error.row ?? 0),
      column: error.column,
    });
  }
}

/**
 * The source's chunks as checked rows, starting at angle `firstAngle` (undefined: at the first
 * chunk's `angle`, or 0) and ending by `lastAngle` (exclusive): counts non-negative and finite,
 * attenuation in (0, 1], background ≥ 0, the same physics in every chunk.
 *
 * @internal
 */
export function sinogramChunks(
  source: StreamSource<SinogramChunk>,
  geometry: ParallelBeamGeometry,
  firstAngle: number | undefined,
  lastAngle: number,
  onProgress: ((pass: number, rows: number, totalRows: number | undefined) => void) | undefined,
): ChunkStream<SinogramRows> {
  const chunks = chunkFactory(source);
  const width = geometry.nDetectors;
  return {
    chunks: async function* () {
      let index = 0;
      let angle = firstAngle;
      let physics: string | undefined;
      for await (const chunk of chunks()) {
        const parts =
          isArrayLike(chunk) || typeof chunk !== 'object' || chunk === null
            ? { counts: chunk as unknown }
            : (chunk as { counts?: unknown; attenuation?: unknown; background?: unknown; angle?: unknown });
        const declared = 'angle' in parts ? parts.angle : undefined;
        if (
          declared !== undefined &&
          (!Number.isSafeInteger(declared) || (declared as number) < 0 || (declared as number) >= lastAngle)
        )
          throw new InvalidInputError(
            `source chunk ${index}`,
            `angle: an angle in 0…${lastAngle - 1}`,
            declared,
          );
        const at: number = angle ?? (declared as number | undefined) ?? 0;
        if (declared !== undefined && declared !== at)
          throw new InvalidInputError(
            `source chunk ${index}`,
            `angle ${at}: the angle after the chunks before`,
            declared,
          );
        const rows = rowsOf(parts.counts, width, index, at, 'counts');
        if (at + rows > lastAngle)
          throw new InvalidInputError(
            `source chunk ${index}`,
            `rows for angles up to ${lastAngle - 1} (the geometry's last)`,
            `rows up to angle ${at + rows - 1}`,
            { row: at },
          );
        const counts = readRows(parts.counts, rows, width, index, at, 'counts', true);
        const attenuation =
          parts.attenuation === undefined
            ? undefined
            : readRows(parts.attenuation, rows, width, index, at, 'attenuation', false);
        attenuation?.forEach((a, i) => {
          if (!(a > 0 && a <= 1))
            throw new InvalidInputError(`source chunk ${index}`, 'attenuation: a factor in (0, 1]', a, {
              row: at + Math.floor(i / width),
              column: i % width,
            });
        });
        const background =
          parts.background === undefined
            ? undefined
            : readRows(parts.background, rows, width, index, at, 'background', true);
        const kind = `${attenuation ? 'attenuation' : 'no attenuation'} and ${background ? 'background' : 'no background'}`;
        if (rows > 0 && physics !== undefined && kind !== physics)
          throw new InvalidInputError(`source chunk ${index}`, `${physics}, as the chunks before`, kind, {
            row: at,
          });
        if (rows > 0) physics = kind;
        yield { angle: at, rows, counts, attenuation, background };
        angle = at + rows;
        index++;
      }
    },
    shape: (chunk) => ({ rows: chunk.rows }),
    onChunk: onProgress,
  };
}

/**
 * The rows of A for a chunk's rays, traced on the fly (compressed sparse rows, lengths rounded to 32
 * bits as {@link SystemMatrix} stores them, so the numbers are the stored matrix's). The buffers are
 * reused from chunk to chunk: memory is one chunk's rows.
 *
 * @internal
 */
export class ChunkProjector {
  rowStart = new Int32Array(1);
  columns = new Int32Array(1024);
  values = new Float32Array(1024);
  private length = 0;

  constructor(private readonly geometry: ParallelBeamGeometry) {}

  /** Traces the rays of angles [angle, angle + rows). */
  trace(angle: number, rows: number): void {
    const rays = rows * this.geometry.nDetectors;
    if (this.rowStart.length < rays + 1) this.rowStart = new Int32Array(rays + 1);
    this.length = 0;
    let ray = 0;
    traceAngles(
      this.geometry,
      angle,
      angle + rows,
      (pixel, value) => this.push(pixel, value),
      () => {
        this.rowStart[++ray] = this.length;
      },
    );
  }

  private push(pixel: number, value: number): void {
    if (this.length === this.columns.length) {
      const columns = new Int32Array(this.length * 2);
      columns.set(this.columns);
      this.columns = columns;
      const values = new Float32Array(this.length * 2);
      values.set(this.values);
      this.values = values;
    }
    this.columns[this.length] = pixel;
    this.values[this.length] = value;
    this.length++;
  }
}
