// The genotype table: each distinct genotype row once, with how many persons have it, in the order
// rows first appear. haplotypeEM's E-step already runs once per distinct row (its "patterns") with
// the summed weight, so the table is everything the fit reads of the data: tallies of chunks or of
// shards merged in order give the same patterns, weights and first-appearance order as all rows at
// once, and so the same fit bit for bit.
import { InvalidInputError } from '@em/core';
import { ChunkPasses, ChunkShapeError, chunkFactory, type StreamSource } from '@em/core/stream';
import { GenotypeError } from './errors.js';
import { encodeGenotypes, type GenotypeMatrix, type LocusGenotype } from './genotypes.js';

/**
 * Distinct genotype rows and their counts, in the order they first appear: what
 * {@link scanGenotypeShard} returns for a shard and {@link haplotypeEMFromScans} merges. Plain JSON.
 *
 * @example
 * ```ts
 * import type { GenotypeTable } from '@em/genetics';
 * const table: GenotypeTable = { persons: 3, genotypes: [[0, 1], [2, 2]], counts: [2, 1], firstRows: [0, 2] };
 * ```
 */
export interface GenotypeTable {
  /** Persons (rows) tallied. */
  persons: number;
  /** Each distinct row once (missing values as `null`), in order of first appearance. */
  genotypes: LocusGenotype[][];
  /** Persons with each row. */
  counts: number[];
  /** 0-based row (within the tallied source) of each distinct row's first person, for error messages. */
  firstRows: number[];
}

/** A key equal for rows that encode alike (finer is harmless: the fit merges equal codes again). */
function rowKey(row: readonly unknown[]): string | undefined {
  const parts: string[] = [];
  for (const g of row) {
    const key = Array.isArray(g) ? `[${g.map(valueKey).join()}]` : valueKey(g);
    if (key === undefined || key.includes('?')) return undefined;
    parts.push(key);
  }
  return parts.join('|');
}

function valueKey(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '_';
  if (typeof value === 'number') return `n${value}`;
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  return '?';
}

/** A row as JSON carries it: missing values null (NaN and undefined would not survive). */
function plainRow(row: readonly unknown[]): LocusGenotype[] {
  const plain = (v: unknown) =>
    v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : (v as LocusGenotype);
  return row.map((g) => (Array.isArray(g) ? g.map(plain) : plain(g))) as LocusGenotype[];
}

/** @internal Tallies rows into a {@link GenotypeTable}. */
export class GenotypeTally {
  readonly table: GenotypeTable = { persons: 0, genotypes: [], counts: [], firstRows: [] };
  private readonly index = new Map<string, number>();

  /** One person's row (`sourceRow` names it in errors); `count` persons with it. */
  add(row: unknown, sourceRow: number, count = 1): void {
    const { table } = this;
    // A row that is no array, or holds values no genotype has, is kept on its own: the final
    // encoding names it with its source row.
    const key = Array.isArray(row) ? rowKey(row) : undefined;
    const known = key === undefined ? undefined : this.index.get(key);
    if (known !== undefined) table.counts[known]! += count;
    else {
      if (key !== undefined) this.index.set(key, table.genotypes.length);
      table.genotypes.push(Array.isArray(row) ? plainRow(row) : (row as LocusGenotype[]));
      table.counts.push(count);
      table.firstRows.push(sourceRow);
    }
    table.persons += count;
  }

  /** Another table (of the rows after this one's), in its order. */
  merge(other: GenotypeTable, name: string): void {
    const rowOffset = this.table.persons;
    const { genotypes, counts, firstRows } = readTable(other, name);
    genotypes.forEach((row, i) => {
      this.add(row, rowOffset + firstRows[i]!, counts[i]!);
    });
    this.table.persons = rowOffset + other.persons;
  }
}

function readTable(table: unknown, name: string): GenotypeTable {
  const t = table as GenotypeTable | null;
  if (
    typeof t !== 'object' ||
    t === null ||
    !Array.isArray(t.genotypes) ||
    !Array.isArray(t.counts) ||
    !Array.isArray(t.firstRows) ||
    t.counts.length !== t.genotypes.length ||
    t.firstRows.length !== t.genotypes.length
  )
    throw new InvalidInputError(
      name,
      'a genotype table { persons, genotypes, counts, firstRows } of equal lengths',
      table,
    );
  let persons = 0;
  t.counts.forEach((c, i) => {
    if (!Number.isSafeInteger(c) || c < 1)
      throw new InvalidInputError(`${name}.counts[${i}]`, 'a whole count >= 1', c);
    persons += c;
  });
  if (t.persons !== persons)
    throw new InvalidInputError(`${name}.persons`, `the sum of the counts, ${persons}`, t.persons);
  t.firstRows.forEach((r, i) => {
    if (!Number.isSafeInteger(r) || r < 0 || r >= persons)
      throw new InvalidInputError(`${name}.firstRows[${i}]`, `a row in 0…${persons - 1}`, r);
  });
  return t;
}

/**
 * Reads the source's chunks of genotype rows into a table, checking that every row has the loci of
 * the first (a ChunkShapeError naming chunk and row otherwise).
 *
 * @internal
 */
export async function tallyGenotypes(
  source: StreamSource<GenotypeMatrix>,
  onProgress: ((pass: number, rows: number, totalRows: number | undefined) => void) | undefined,
): Promise<GenotypeTable> {
  const chunks = chunkFactory(source);
  let width: number | undefined;
  const passes = new ChunkPasses<readonly unknown[]>({
    chunks: chunks as () => Iterable<readonly unknown[]>,
    shape: (chunk, index, row) => {
      if (!Array.isArray(chunk))
        throw new InvalidInputError(`source chunk ${index}`, 'an array of genotype rows', chunk, { row });
      chunk.forEach((r, i) => {
        if (!Array.isArray(r)) return; // named by the final encoding, as haplotypeEM names it
        width ??= r.length;
        if (r.length !== width) throw new ChunkShapeError(index, row + i, width, r.length);
      });
      return { rows: chunk.length };
    },
    onChunk: onProgress,
  });
  const tally = new GenotypeTally();
  for await (const { chunk, row } of passes.next()) {
    for (let i = 0; i < chunk.length; i++) tally.add(chunk[i], row + i);
  }
  if (tally.table.persons === 0) throw new InvalidInputError('source', 'at least one person', 'no rows');
  return tally.table;
}

/**
 * Runs `fit` on the table, an error about one of its rows re-thrown naming the source row of that
 * row's first person.
 *
 * @internal
 */
export function onTable<T>(
  table: GenotypeTable,
  fit: (genotypes: GenotypeMatrix, weights: number[]) => T,
): T {
  try {
    return fit(table.genotypes, table.counts);
  } catch (error) {
    if (error instanceof GenotypeError)
      throw new GenotypeError(
        error.argument,
        error.expected,
        error.received,
        table.firstRows[error.person] ?? error.person,
        error.locus,
        error.locusName,
      );
    throw error;
  }
}

/**
 * The rows of a shard's table checked as far as one shard can be (every row on its own; whether a
 * locus is observed at all is the merged table's question).
 *
 * @internal
 */
export function checkShardRows(table: GenotypeTable, options: Parameters<typeof encodeGenotypes>[1]): void {
  try {
    onTable(table, (genotypes) => encodeGenotypes(genotypes, options));
  } catch (error) {
    const wholeLocus =
      error instanceof InvalidInputError && !(error instanceof GenotypeError) && error.column !== undefined;
    if (!wholeLocus) throw error;
  }
}
