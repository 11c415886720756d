// alleleFrequencies over phenotypes read in chunks or spread over shards. Gene counting's E-step
// reads the data only as a count per phenotype, so one pass (or one scan per shard) tallies the
// counts and the fit runs on them: the in-memory fit, bit for bit, for one pass in all.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import { ChunkPasses, chunkFactory, type StreamSource } from '@em/core/stream';
import {
  type AlleleFrequencyOptions,
  type AlleleFrequencyResult,
  alleleFrequencies,
  type PhenotypeData,
} from './allele-frequencies.js';
import { GenotypeError } from './errors.js';
import { type CompiledSystem, compileSystem, type PhenotypeSystem } from './phenotype-system.js';

/**
 * Phenotype counts of a part of the data: what {@link scanPhenotypeShard} returns and
 * {@link alleleFrequenciesFromScans} adds up. Plain JSON.
 *
 * @example
 * ```ts
 * import type { PhenotypeTable } from '@em/genetics';
 * const table: PhenotypeTable = { counts: { A: 3, B: 0, AB: 1, O: 5 } };
 * ```
 */
export interface PhenotypeTable {
  /** Count of each phenotype of the system (every phenotype listed, in the system's order). */
  counts: Record<string, number>;
}

/**
 * Options of {@link alleleFrequenciesStream}: those of {@link alleleFrequencies} and a progress callback.
 *
 * @example
 * ```ts
 * import type { AlleleStreamOptions } from '@em/genetics';
 * const options: AlleleStreamOptions = { tol: 1e-12, onProgress: (pass, rows) => console.log(rows) };
 * ```
 */
export interface AlleleStreamOptions extends AlleleFrequencyOptions {
  /** Called after each chunk of the (single) pass: the pass, persons read so far, the total once known. */
  onProgress?: (pass: number, rows: number, totalRows: number | undefined) => void;
}

/**
 * @internal Adds chunks of phenotype data (names per person, or counts by name) into counts: of a
 * system's phenotypes, or (without a system: a worker that knows none) of every label as it comes.
 */
export class PhenotypeTally {
  private counts: number[];
  private readonly names: string[];
  private readonly index: Map<string, number>;

  constructor(private readonly compiled: CompiledSystem | undefined) {
    this.names = compiled ? [...compiled.phenotypeNames] : [];
    this.counts = this.names.map(() => 0);
    this.index = new Map(this.names.map((name, j) => [name, j]));
  }

  /** The count of `phenotype`, or undefined for one the system lacks (a new label without one). */
  private slot(phenotype: string): number | undefined {
    const j = this.index.get(phenotype);
    if (j !== undefined || this.compiled) return j;
    this.index.set(phenotype, this.names.length);
    this.names.push(phenotype);
    this.counts.push(0);
    return this.names.length - 1;
  }

  private expected(plural: boolean): string {
    if (!this.compiled) return plural ? 'phenotype names' : 'a phenotype name (a string)';
    const { system, phenotypeNames } = this.compiled;
    const list = phenotypeNames.map((n) => JSON.stringify(n)).join(', ');
    return `${plural ? 'phenotypes' : 'a phenotype'} of ${system.name}: ${list}`;
  }

  /** Persons in `chunk` (for counts by name, their sum), after adding them. */
  add(chunk: unknown, name: string, row: number): number {
    if (Array.isArray(chunk)) {
      chunk.forEach((phenotype, i) => {
        const j = typeof phenotype === 'string' ? this.slot(phenotype) : undefined;
        if (j === undefined)
          throw new GenotypeError(
            'phenotypes',
            this.expected(false),
            phenotype,
            row + i,
            0,
            this.compiled?.system.name,
          );
        this.counts[j]! += 1;
      });
      return chunk.length;
    }
    if (typeof chunk !== 'object' || chunk === null || ArrayBuffer.isView(chunk))
      throw new InvalidInputError(name, 'phenotype names (one per person) or counts by phenotype', chunk, {
        row,
      });
    let persons = 0;
    for (const [phenotype, count] of Object.entries(chunk)) {
      const j = this.slot(phenotype);
      if (j === undefined) throw new InvalidInputError(name, this.expected(true), phenotype, { row });
      if (typeof count !== 'number' || !Number.isFinite(count) || count < 0)
        throw new InvalidInputError(`${name}.${phenotype}`, 'a finite count >= 0', count, { row });
      this.counts[j]! += count;
      persons += count;
    }
    return persons;
  }

  /** The counts by phenotype name. */
  table(): PhenotypeTable {
    return { counts: Object.fromEntries(this.names.map((name, j) => [name, this.counts[j]!])) };
  }
}

/** One pass over `source`, tallied. */
async function tally(
  source: StreamSource<PhenotypeData>,
  compiled: CompiledSystem | undefined,
  onProgress: AlleleStreamOptions['onProgress'],
): Promise<PhenotypeTable> {
  const counts = new PhenotypeTally(compiled);
  const chunks = chunkFactory(source);
  // Persons are only known once a chunk is read: the pass counts them as it goes.
  const read: number[] = [];
  const passes = new ChunkPasses<PhenotypeData>({
    chunks,
    shape: (chunk, index, row) => {
      const persons = counts.add(chunk, `source chunk ${index}`, row);
      read.push(persons);
      return { rows: Array.isArray(chunk) ? chunk.length : 0 };
    },
    onChunk: onProgress,
  });
  for await (const _ of passes.next());
  if (read.length === 0)
    throw new InvalidInputError('source', 'at least one chunk of phenotypes', 'no chunks');
  return counts.table();
}

function readOptions(options: AlleleStreamOptions): AlleleStreamOptions {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function')
    throw new InvalidOptionError('onProgress', 'a function', options.onProgress);
  return options;
}

/**
 * {@link alleleFrequencies} over phenotypes read in chunks (each one phenotype name per person, or
 * counts by phenotype): gene counting reads the data only as a count per phenotype, so one pass
 * tallies them and EM runs on the counts — the in-memory fit on all the persons, bit for bit, with the
 * source read once rather than once per iteration and memory one count per phenotype.
 *
 * @throws GenotypeError naming the person (row of the source) with a phenotype the system lacks;
 * InvalidInputError naming the chunk of a malformed chunk; as {@link alleleFrequencies} otherwise.
 * @example
 * ```ts
 * import { ABO, alleleFrequencies, alleleFrequenciesStream } from '@em/genetics';
 * const people = ['A', 'O', 'O', 'AB', 'B', 'O', 'A', 'O'];
 * const streamed = await alleleFrequenciesStream([people.slice(0, 5), people.slice(5)], ABO);
 * streamed.frequencies.every((p, i) => p === alleleFrequencies(people, ABO).frequencies[i]); // true
 * ```
 */
export async function alleleFrequenciesStream(
  source: StreamSource<PhenotypeData>,
  system: PhenotypeSystem,
  options: AlleleStreamOptions = {},
): Promise<AlleleFrequencyResult> {
  const compiled = compileSystem(system);
  const { onProgress, ...fitOptions } = readOptions(options);
  const table = await tally(source, compiled, onProgress);
  return alleleFrequencies(table.counts, system, fitOptions);
}

/**
 * A shard's part of a distributed {@link alleleFrequencies}: its phenotype counts (plain JSON).
 * {@link alleleFrequenciesFromScans} adds the shards' counts and fits; no per-iteration statistics
 * cross the wire, as every iteration's expected allele counts are a function of the summed counts.
 * Without `system` (a worker that knows none) every phenotype name is counted as it comes, and
 * {@link alleleFrequenciesFromScans} names a scan's phenotype the system lacks.
 *
 * @throws as {@link alleleFrequenciesStream} (without `system`: GenotypeError for a person whose
 * phenotype is not a string).
 * @example
 * ```ts
 * import { ABO, scanPhenotypeShard } from '@em/genetics';
 * const scan = await scanPhenotypeShard([['A', 'O', 'O']], ABO);
 * scan.counts; // { A: 1, B: 0, AB: 0, O: 2 }
 * (await scanPhenotypeShard([['O', 'A', 'O']])).counts; // { O: 2, A: 1 }
 * ```
 */
export async function scanPhenotypeShard(
  source: StreamSource<PhenotypeData>,
  system?: PhenotypeSystem,
): Promise<PhenotypeTable> {
  return tally(source, system === undefined ? undefined : compileSystem(system), undefined);
}

/**
 * {@link alleleFrequencies} from the phenotype counts of its shards ({@link scanPhenotypeShard} on
 * worker processes or machines), added in the order given.
 *
 * @throws InvalidInputError naming the scan with a phenotype the system lacks or a bad count.
 * @example
 * ```ts
 * import { ABO, alleleFrequencies, alleleFrequenciesFromScans, scanPhenotypeShard } from '@em/genetics';
 * const shards = [['A', 'O'], ['O', 'AB', 'B'], ['O', 'A', 'O']];
 * const scans = await Promise.all(shards.map((people) => scanPhenotypeShard([people], ABO)));
 * const fit = alleleFrequenciesFromScans(scans, ABO);
 * fit.frequencies.every((p, i) => p === alleleFrequencies(shards.flat(), ABO).frequencies[i]); // true
 * ```
 */
export function alleleFrequenciesFromScans(
  scans: readonly PhenotypeTable[],
  system: PhenotypeSystem,
  options: AlleleFrequencyOptions = {},
): AlleleFrequencyResult {
  const compiled = compileSystem(system);
  if (!Array.isArray(scans) || scans.length === 0)
    throw new InvalidInputError('scans', 'a non-empty array of shard counts (scanPhenotypeShard)', scans);
  const counts = new PhenotypeTally(compiled);
  scans.forEach((scan: PhenotypeTable, s) => {
    if (typeof scan?.counts !== 'object' || scan.counts === null || Array.isArray(scan.counts))
      throw new InvalidInputError(`scans[${s}]`, 'a phenotype table { counts: { phenotype: count } }', scan);
    counts.add(scan.counts, `scans[${s}].counts`, 0);
  });
  return alleleFrequencies(counts.table().counts, system, options);
}
