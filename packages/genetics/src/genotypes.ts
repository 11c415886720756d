import { InvalidInputError, InvalidOptionError } from '@em/core';
import { GenotypeError } from './errors.js';

/**
 * An allele label in an allele-pair genotype: a number (as in haplo.stats' `hla.demo`) or a string.
 *
 * @example
 * ```ts
 * import type { Allele } from '@em/genetics';
 * const alleles: Allele[] = [101, 'DRB1*04'];
 * ```
 */
export type Allele = string | number;

/**
 * One person's genotype at one locus: a SNP coded 0/1/2 (copies of the second allele), or an
 * unordered pair of alleles for a multi-allelic marker. `null`, `undefined` and `NaN` mean missing;
 * in a pair, each allele may be missing on its own (and the `missing` option adds codes such as 0).
 *
 * @example
 * ```ts
 * import type { LocusGenotype } from '@em/genetics';
 * const snp: LocusGenotype = 1;          // heterozygous
 * const hla: LocusGenotype = [2012, 1301];
 * const unknown: LocusGenotype = null;
 * ```
 */
export type LocusGenotype =
  | number
  | null
  | undefined
  | readonly [Allele | null | undefined, Allele | null | undefined];

/**
 * Unphased multi-locus genotypes: one row per person, one entry per locus, every row the same length.
 *
 * @example
 * ```ts
 * import type { GenotypeMatrix } from '@em/genetics';
 * const genotypes: GenotypeMatrix = [
 *   [0, 1, 2],
 *   [1, 1, null],
 * ];
 * ```
 */
export type GenotypeMatrix = readonly (readonly LocusGenotype[])[];

/** @internal Genotypes as allele indices, −1 for missing. */
export interface EncodedGenotypes {
  nPersons: number;
  nLoci: number;
  loci: string[];
  /** Allele labels per locus, in index order. */
  alleles: string[][];
  /** a1, a2 of person i, locus l at [(i * nLoci + l) * 2], [… + 1]; −1 missing. */
  codes: Int32Array;
}

export interface EncodeOptions {
  loci?: readonly string[];
  snpAlleles?: readonly [string, string];
  missing?: readonly Allele[];
}

const isMissing = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));

/** @internal Validates the matrix and turns it into allele indices. */
export function encodeGenotypes(genotypes: unknown, options: EncodeOptions): EncodedGenotypes {
  if (!Array.isArray(genotypes))
    throw new InvalidInputError('genotypes', 'an array of persons, each an array of loci', genotypes);
  const nPersons = genotypes.length;
  if (nPersons === 0) throw new InvalidInputError('genotypes', 'at least one person', genotypes);
  const first = genotypes[0];
  if (!Array.isArray(first)) throw new GenotypeError('genotypes', 'an array of loci', first, 0);
  const nLoci = first.length;
  if (nLoci === 0) throw new GenotypeError('genotypes', 'at least one locus', first, 0);
  const loci = locusNames(options.loci, nLoci);
  const snpAlleles = snpLabels(options.snpAlleles);
  const missing = missingCodes(options.missing);

  // Each locus is SNP-coded or allele pairs, decided by its first non-missing entry.
  const kinds = new Array<'snp' | 'pair' | undefined>(nLoci).fill(undefined);
  const labels: Map<string, Allele>[] = Array.from({ length: nLoci }, () => new Map());
  for (let i = 0; i < nPersons; i++) {
    const row = genotypes[i];
    if (!Array.isArray(row)) throw new GenotypeError('genotypes', 'an array of loci', row, i);
    if (row.length !== nLoci)
      throw new GenotypeError('genotypes', `${nLoci} loci (as for person 0)`, `${row.length} loci`, i);
    let observed = false;
    for (let l = 0; l < nLoci; l++) {
      const g = row[l];
      if (isMissing(g)) continue;
      const kind = typeof g === 'number' ? 'snp' : Array.isArray(g) ? 'pair' : undefined;
      if (kind === undefined)
        throw new GenotypeError('genotypes', 'a SNP code 0/1/2, an allele pair or null', g, i, l, loci[l]);
      if (kinds[l] === undefined) kinds[l] = kind;
      else if (kinds[l] !== kind)
        throw new GenotypeError(
          'genotypes',
          kinds[l] === 'snp'
            ? 'a SNP code 0/1/2 like the other persons'
            : 'an allele pair like the other persons',
          g,
          i,
          l,
          loci[l],
        );
      if (kind === 'snp') {
        if (g !== 0 && g !== 1 && g !== 2)
          throw new GenotypeError(
            'genotypes',
            'a SNP code 0, 1 or 2 (or null for missing)',
            g,
            i,
            l,
            loci[l],
          );
        observed = true;
      } else {
        const pair = g as readonly unknown[];
        if (pair.length !== 2)
          throw new GenotypeError('genotypes', 'an allele pair [a, b]', g, i, l, loci[l]);
        for (const allele of pair) {
          if (isMissing(allele) || missing.has(allele as Allele)) continue;
          if (!(typeof allele === 'string' || (typeof allele === 'number' && Number.isFinite(allele))))
            throw new GenotypeError(
              'genotypes',
              'alleles that are strings or finite numbers',
              allele,
              i,
              l,
              loci[l],
            );
          if (typeof allele === 'string' && allele.length === 0)
            throw new GenotypeError('genotypes', 'non-empty allele labels', allele, i, l, loci[l]);
          labels[l]!.set(String(allele), allele as Allele);
          observed = true;
        }
      }
    }
    if (!observed)
      throw new GenotypeError(
        'genotypes',
        'at least one observed allele (this person is missing at every locus)',
        row,
        i,
      );
  }

  const alleles: string[][] = [];
  const index: Map<string, number>[] = [];
  for (let l = 0; l < nLoci; l++) {
    if (kinds[l] === undefined || (kinds[l] === 'pair' && labels[l]!.size === 0))
      throw new InvalidInputError(
        'genotypes',
        `some allele observed at locus ${l} (${JSON.stringify(loci[l])})`,
        'every person missing there',
        { column: l },
      );
    const list =
      kinds[l] === 'snp'
        ? [...snpAlleles]
        : [...labels[l]!.entries()]
            .sort(([, a], [, b]) =>
              typeof a === 'number' && typeof b === 'number'
                ? a - b
                : String(a) < String(b)
                  ? -1
                  : String(a) > String(b)
                    ? 1
                    : 0,
            )
            .map(([key]) => key);
    alleles.push(list);
    index.push(new Map(list.map((label, i) => [label, i])));
  }

  const codes = new Int32Array(nPersons * nLoci * 2);
  for (let i = 0; i < nPersons; i++) {
    const row = genotypes[i] as readonly unknown[];
    for (let l = 0; l < nLoci; l++) {
      const g = row[l];
      const at = (i * nLoci + l) * 2;
      if (isMissing(g)) {
        codes[at] = -1;
        codes[at + 1] = -1;
      } else if (typeof g === 'number') {
        codes[at] = g === 2 ? 1 : 0;
        codes[at + 1] = g === 0 ? 0 : 1;
      } else {
        const [a, b] = g as readonly unknown[];
        const code = (allele: unknown) =>
          isMissing(allele) || missing.has(allele as Allele) ? -1 : index[l]!.get(String(allele))!;
        codes[at] = code(a);
        codes[at + 1] = code(b);
      }
    }
  }
  return { nPersons, nLoci, loci, alleles, codes };
}

function locusNames(loci: unknown, nLoci: number): string[] {
  if (loci === undefined) return Array.from({ length: nLoci }, (_, l) => `loc-${l + 1}`);
  if (!Array.isArray(loci) || loci.length !== nLoci || !loci.every((name) => typeof name === 'string'))
    throw new InvalidOptionError('loci', `an array of ${nLoci} locus names`, loci);
  return [...loci];
}

function snpLabels(value: unknown): [string, string] {
  if (value === undefined) return ['1', '2'];
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !value.every((v) => typeof v === 'string' && v.length > 0) ||
    value[0] === value[1]
  )
    throw new InvalidOptionError('snpAlleles', 'two distinct non-empty allele names', value);
  return [value[0], value[1]];
}

function missingCodes(value: unknown): Set<Allele> {
  if (value === undefined) return new Set();
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number'))
    throw new InvalidOptionError(
      'missing',
      'an array of allele codes meaning "missing" (such as [0])',
      value,
    );
  return new Set(value as Allele[]);
}
