import { InvalidInputError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { ChunkPasses } from '@em/core/stream';
import { HypervolumeSums } from '../mclust/noise/hypervolume.js';
import { type ChunkSource, openSource, type SourceFormatOptions } from './source.js';

/**
 * {@link hypervolume} (mclust's `hypvol`, the noise component's default volume) of the rows of a
 * source read in passes, never all in memory: the columns' ranges and mean in pass 1, the
 * covariance (so the principal axes) in pass 2, the ranges along those axes in pass 3 (one pass
 * for one column). Each sum runs over the rows in order, as `hypervolume` runs it over a matrix,
 * so the volume is the same number to the bit. `fitStream` runs these passes itself for `noise`
 * without `noiseVolume`; this gives the volume to pass as `noiseVolume` where the fit cannot read
 * the data (`fitFromStatistics`, `@em/distributed`).
 *
 * @param source A re-readable source of rows (chunks, a file path, a Blob), as `fitStream` reads.
 * @param options How files are read.
 * @throws InvalidInputError for fewer than 2 rows or a bad value; ChunkShapeError for a chunk of
 *   the wrong width; SourceNotReReadableError when a pass reads different rows.
 *
 * @example
 * ```ts
 * import { hypervolumeOfSource } from '@em/gaussian';
 * await hypervolumeOfSource([[[0, 0], [2, 0]], [[0, 3], [2, 3]]]); // 6, as hypervolume of the four rows
 * ```
 */
export async function hypervolumeOfSource(
  source: ChunkSource,
  options: SourceFormatOptions = {},
): Promise<number> {
  const opened = openSource(source, options);
  const passes = new ChunkPasses<FlatMatrix>({ chunks: () => opened.pass(), shape: (block) => block });
  let sums: HypervolumeSums | undefined;
  for await (const { chunk } of passes.next()) {
    sums ??= new HypervolumeSums(chunk.cols);
    sums.add(chunk, 1);
  }
  if (!sums || sums.rows < 2) {
    const rows = sums?.rows ?? 0;
    throw new InvalidInputError('source', 'at least 2 rows', `${rows} row${rows === 1 ? '' : 's'}`);
  }
  for (let pass = 2; pass <= sums.passes; pass++)
    for await (const { chunk } of passes.next()) sums.add(chunk, pass);
  return sums.volume();
}
