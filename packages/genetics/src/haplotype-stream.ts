// haplotypeEM over genotypes read in chunks (a file, a cursor) or spread over shards: one pass
// tallies the distinct genotype rows, and the fit runs on that table — the data as haplotypeEM's
// E-step reads it — so the haplotypes, frequencies, insertion batches and pruning are the in-memory
// fit's, bit for bit.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import type { StreamSource } from '@em/core/stream';
import {
  checkShardRows,
  type GenotypeTable,
  GenotypeTally,
  onTable,
  tallyGenotypes,
} from './genotype-table.js';
import type { GenotypeMatrix } from './genotypes.js';
import { type HaplotypeEMOptions, type HaplotypeEMResult, haplotypeEM } from './haplotype-em.js';

/**
 * Options of {@link haplotypeEMStream} and {@link haplotypeEMFromScans}: those of {@link haplotypeEM}
 * but `weights` (every row of a source is one person), and a progress callback.
 *
 * @example
 * ```ts
 * import type { HaplotypeStreamOptions } from '@em/genetics';
 * const options: HaplotypeStreamOptions = { insertBatchSize: 4, onProgress: (pass, rows) => console.log(rows) };
 * ```
 */
export interface HaplotypeStreamOptions extends Omit<HaplotypeEMOptions, 'weights'> {
  /** Called after each chunk of the (single) pass: the pass, rows read so far, the total once known. */
  onProgress?: (pass: number, rows: number, totalRows: number | undefined) => void;
}

/**
 * What {@link haplotypeEMStream} returns: {@link HaplotypeEMResult} with the pair posteriors listed per
 * distinct genotype row instead of per person (every person with a row has its posteriors), so that
 * the result is as small as the table, not the data.
 *
 * @example
 * ```ts
 * import { haplotypeEMStream, type HaplotypeStreamResult } from '@em/genetics';
 * const fit: HaplotypeStreamResult = await haplotypeEMStream([[[0, 0], [1, 1]], [[0, 0]]]);
 * [fit.nPersons, fit.genotypes.length, fit.counts]; // [3, 2, [2, 1]]
 * ```
 */
export interface HaplotypeStreamResult
  extends Omit<HaplotypeEMResult, 'personStart' | 'hap1' | 'hap2' | 'posterior'> {
  /** The distinct genotype rows, in order of first appearance (missing values `null`). */
  genotypes: GenotypeTable['genotypes'];
  /** Persons with each row. */
  counts: number[];
  /** Start of each row's pairs (length `genotypes.length + 1`) in `hap1`, `hap2`, `posterior`. */
  rowStart: Int32Array;
  /** First haplotype of each pair (index into `haplotypes`). */
  hap1: Int32Array;
  /** Second haplotype of each pair. */
  hap2: Int32Array;
  /** Posterior probability of each pair given the row's genotypes (sums to 1 per row). */
  posterior: Float64Array;
}

function readOptions(options: HaplotypeStreamOptions): HaplotypeStreamOptions {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  if ('weights' in options)
    throw new InvalidOptionError(
      'weights',
      'no weights: each row of a streamed source is one person (repeat a row to weigh it)',
      (options as { weights?: unknown }).weights,
    );
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function')
    throw new InvalidOptionError('onProgress', 'a function', options.onProgress);
  return options;
}

function fitTable(table: GenotypeTable, options: HaplotypeStreamOptions): HaplotypeStreamResult {
  const { onProgress: _, ...emOptions } = options;
  const fit = onTable(table, (genotypes, weights) => haplotypeEM(genotypes, { ...emOptions, weights }));
  const { personStart, nPersons: _rows, ...rest } = fit;
  return {
    ...rest,
    nPersons: table.persons,
    genotypes: table.genotypes,
    counts: table.counts,
    rowStart: personStart,
  };
}

/**
 * {@link haplotypeEM} over a source of genotype chunks too large to hold as rows: one pass tallies
 * each distinct genotype row with its count, and EM — progressive insertion, pruning, random starts,
 * SQUAREM — runs on that table, which is what haplotypeEM's E-step reads of the data anyway (it
 * collapses identical rows before the EM). So the result is haplotypeEM's on all the rows, bit for
 * bit, and the source is read once, not once per iteration. Memory is the table: at most 4^L rows for
 * L SNPs however many persons, but up to one per person when nearly every genotype is unique (many
 * multi-allelic loci) — then haplotypeEM's own pair lists are as large.
 *
 * @param source Chunks of genotype rows (each a {@link GenotypeMatrix}): an array, an iterable, or a
 * function returning a fresh (async) iterable.
 * @throws GenotypeError naming the source row of a malformed genotype; ChunkShapeError for a row with
 * other loci than the rows before; InvalidOptionError as haplotypeEM, and for `weights`.
 * @example
 * ```ts
 * import { haplotypeEM, haplotypeEMStream } from '@em/genetics';
 * const rows = [[0, 0], [1, 1], [2, 2], [1, 1], [0, 0], [1, 0]];
 * const streamed = await haplotypeEMStream(async function* () { yield rows.slice(0, 4); yield rows.slice(4); });
 * const inMemory = haplotypeEM(rows);
 * streamed.frequencies.every((f, h) => f === inMemory.frequencies[h]); // true
 * streamed.logLikelihood === inMemory.logLikelihood; // true
 * ```
 */
export async function haplotypeEMStream(
  source: StreamSource<GenotypeMatrix>,
  options: HaplotypeStreamOptions = {},
): Promise<HaplotypeStreamResult> {
  const opts = readOptions(options);
  return fitTable(await tallyGenotypes(source, opts.onProgress), opts);
}

/**
 * A shard's part of a distributed {@link haplotypeEM}: its table of distinct genotype rows and counts
 * (plain JSON), every row checked on its own. {@link haplotypeEMFromScans} merges the shards' tables
 * and fits. No per-iteration statistics cross the wire: every iteration's expected haplotype counts
 * are a function of the merged table, so the coordinator computes them itself.
 *
 * @param options Only the encoding options are read: `loci`, `snpAlleles`, `missing`.
 * @throws GenotypeError naming the shard's row; ChunkShapeError as {@link haplotypeEMStream}.
 * @example
 * ```ts
 * import { scanGenotypeShard } from '@em/genetics';
 * const scan = await scanGenotypeShard([[[0, 1], [0, 1], [2, 2]]]);
 * [scan.persons, scan.counts]; // [3, [2, 1]]
 * ```
 */
export async function scanGenotypeShard(
  source: StreamSource<GenotypeMatrix>,
  options: Pick<HaplotypeEMOptions, 'loci' | 'snpAlleles' | 'missing'> = {},
): Promise<GenotypeTable> {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  const table = await tallyGenotypes(source, undefined);
  checkShardRows(table, { loci: options.loci, snpAlleles: options.snpAlleles, missing: options.missing });
  return table;
}

/**
 * {@link haplotypeEM} from the tables of its shards ({@link scanGenotypeShard} on worker processes or
 * machines), merged in the order given — the order of the rows — so the fit is haplotypeEM's on all
 * the rows, bit for bit.
 *
 * @throws InvalidInputError for a table that is not one (lengths, counts); GenotypeError naming the
 * row (counted over the shards in order) of a malformed genotype.
 * @example
 * ```ts
 * import { haplotypeEM, haplotypeEMFromScans, scanGenotypeShard } from '@em/genetics';
 * const shards = [[[0, 0], [1, 1]], [[2, 2], [1, 1]], [[0, 0], [1, 0]]];
 * const scans = await Promise.all(shards.map((rows) => scanGenotypeShard([rows])));
 * const fit = haplotypeEMFromScans(JSON.parse(JSON.stringify(scans)));
 * fit.frequencies.every((f, h) => f === haplotypeEM(shards.flat()).frequencies[h]); // true
 * ```
 */
export function haplotypeEMFromScans(
  scans: readonly GenotypeTable[],
  options: HaplotypeStreamOptions = {},
): HaplotypeStreamResult {
  const opts = readOptions(options);
  if (!Array.isArray(scans) || scans.length === 0)
    throw new InvalidInputError('scans', 'a non-empty array of shard tables (scanGenotypeShard)', scans);
  const tally = new GenotypeTally();
  scans.forEach((scan, s) => {
    tally.merge(scan, `scans[${s}]`);
  });
  return fitTable(tally.table, opts);
}

/**
 * {@link haplotypeEM} as an object — its options now, its result after a fit — the form
 * `@em/distributed`'s `fitDistributed` takes: workers run {@link HaplotypeEMModel.scanShard} on their
 * shards (one job each), and the coordinator {@link HaplotypeEMModel.fitFromScans}. The fit is
 * haplotypeEM's on all the rows, bit for bit.
 *
 * @example
 * ```ts
 * import { haplotypeEM, HaplotypeEMModel } from '@em/genetics';
 * const shards = [[[0, 0], [1, 1]], [[2, 2], [1, 0]]];
 * const model = new HaplotypeEMModel({ tol: 1e-8 });
 * const scans = await Promise.all(shards.map((rows) => model.scanShard([rows])));
 * model.fitFromScans(scans).frequencies.length; // 3
 * model.result!.logLikelihood === haplotypeEM(shards.flat(), { tol: 1e-8 }).logLikelihood; // true
 * ```
 */
export class HaplotypeEMModel {
  /** `'HaplotypeEMModel'`: how `@em/distributed` recognises it. */
  readonly kind = 'HaplotypeEMModel';
  /** The options of every fit. */
  readonly options: HaplotypeStreamOptions;
  /** The last fit (undefined before one). */
  result: HaplotypeStreamResult | undefined;

  /** @throws InvalidOptionError for `weights` (a row is a person) or a bad `onProgress`. */
  constructor(options: HaplotypeStreamOptions = {}) {
    this.options = readOptions(options);
  }

  /** {@link haplotypeEMStream} with this model's options, kept in `result`. */
  async fitStream(source: StreamSource<GenotypeMatrix>): Promise<HaplotypeStreamResult> {
    this.result = await haplotypeEMStream(source, this.options);
    return this.result;
  }

  /** {@link scanGenotypeShard} with this model's encoding options. */
  scanShard(source: StreamSource<GenotypeMatrix>): Promise<GenotypeTable> {
    const { loci, snpAlleles, missing } = this.options;
    return scanGenotypeShard(source, { loci, snpAlleles, missing });
  }

  /** {@link haplotypeEMFromScans} with this model's options, kept in `result`. */
  fitFromScans(scans: readonly GenotypeTable[]): HaplotypeStreamResult {
    this.result = haplotypeEMFromScans(scans, this.options);
    return this.result;
  }
}
