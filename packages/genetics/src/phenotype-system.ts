import { InvalidInputError } from '@em/core';

/**
 * A single-locus phenotype system: the alleles, and for each phenotype the unordered genotypes that
 * show it. Every genotype must show exactly one phenotype, so the phenotype probabilities under
 * Hardy–Weinberg proportions sum to one. Build one with {@link definePhenotypeSystem}; {@link ABO}
 * is the classic example.
 *
 * @example
 * ```ts
 * import type { PhenotypeSystem } from '@em/genetics';
 * import { definePhenotypeSystem } from '@em/genetics';
 * const mn: PhenotypeSystem = definePhenotypeSystem({
 *   name: 'MN',
 *   alleles: ['M', 'N'],
 *   phenotypes: { M: [['M', 'M']], MN: [['M', 'N']], N: [['N', 'N']] },
 * });
 * ```
 */
export interface PhenotypeSystem {
  /** Name of the system (the locus), used in error messages. */
  readonly name: string;
  /** Allele names, in the order frequencies are reported. */
  readonly alleles: readonly string[];
  /** Phenotype name → the unordered genotypes (pairs of allele names) compatible with it. */
  readonly phenotypes: Readonly<Record<string, readonly (readonly [string, string])[]>>;
}

/**
 * What {@link definePhenotypeSystem} accepts: the same fields as {@link PhenotypeSystem}, not yet
 * checked.
 *
 * @example
 * ```ts
 * import { definePhenotypeSystem, type PhenotypeSystemSpec } from '@em/genetics';
 * const spec: PhenotypeSystemSpec = {
 *   name: 'dominant',
 *   alleles: ['D', 'd'],
 *   phenotypes: { affected: [['D', 'D'], ['D', 'd']], unaffected: [['d', 'd']] },
 * };
 * definePhenotypeSystem(spec);
 * ```
 */
export interface PhenotypeSystemSpec {
  /** Name of the system (default `'locus'`). */
  name?: string;
  /** Allele names: distinct, non-empty strings; at least two. */
  alleles: readonly string[];
  /** Phenotype name → compatible unordered genotypes. */
  phenotypes: Readonly<Record<string, readonly (readonly [string, string])[]>>;
}

/** @internal A system checked and indexed for the EM. */
export interface CompiledSystem {
  system: PhenotypeSystem;
  phenotypeNames: string[];
  /** Per phenotype, its genotypes as allele index pairs (a ≤ b). */
  genotypes: [number, number][][];
}

const compiled = new WeakMap<PhenotypeSystem, CompiledSystem>();

/**
 * Checks a phenotype → genotypes table and returns it frozen: alleles distinct, genotypes made of
 * known alleles, and every unordered genotype in exactly one phenotype. Throws
 * `InvalidInputError` (`@em/core`) naming the phenotype and genotype at fault.
 *
 * @example
 * ```ts
 * import { alleleFrequencies, definePhenotypeSystem } from '@em/genetics';
 * // A recessive trait: carriers look like non-carriers.
 * const recessive = definePhenotypeSystem({
 *   name: 'recessive',
 *   alleles: ['A', 'a'],
 *   phenotypes: { normal: [['A', 'A'], ['A', 'a']], affected: [['a', 'a']] },
 * });
 * alleleFrequencies({ normal: 84, affected: 16 }, recessive).frequencies; // ≈ [0.6, 0.4]
 * ```
 */
export function definePhenotypeSystem(spec: PhenotypeSystemSpec): PhenotypeSystem {
  if (typeof spec !== 'object' || spec === null)
    throw new InvalidInputError('system', 'an object { name, alleles, phenotypes }', spec);
  const name = spec.name ?? 'locus';
  if (typeof name !== 'string') throw new InvalidInputError('system.name', 'a string', name);
  const { alleles, phenotypes } = spec;
  if (!Array.isArray(alleles) || alleles.length < 2)
    throw new InvalidInputError('system.alleles', 'an array of at least 2 allele names', alleles);
  const index = new Map<string, number>();
  alleles.forEach((allele, i) => {
    if (typeof allele !== 'string' || allele.length === 0)
      throw new InvalidInputError('system.alleles', 'non-empty strings', allele, { column: i });
    if (index.has(allele))
      throw new InvalidInputError('system.alleles', 'distinct allele names', allele, { column: i });
    index.set(allele, i);
  });
  if (typeof phenotypes !== 'object' || phenotypes === null || Array.isArray(phenotypes))
    throw new InvalidInputError('system.phenotypes', 'an object: phenotype → genotypes', phenotypes);
  const k = alleles.length;
  const owner = new Array<string | undefined>(k * k).fill(undefined);
  const frozen: Record<string, readonly (readonly [string, string])[]> = {};
  for (const [phenotype, list] of Object.entries(phenotypes)) {
    if (!Array.isArray(list) || list.length === 0)
      throw new InvalidInputError(
        `system.phenotypes[${JSON.stringify(phenotype)}]`,
        'a non-empty array of genotypes [allele, allele]',
        list,
      );
    const pairs: (readonly [string, string])[] = [];
    for (const genotype of list) {
      if (!Array.isArray(genotype) || genotype.length !== 2)
        throw new InvalidInputError(
          `system.phenotypes[${JSON.stringify(phenotype)}]`,
          'genotypes as pairs [allele, allele]',
          genotype,
        );
      const [a, b] = genotype.map((allele) => {
        const i = index.get(allele as string);
        if (i === undefined)
          throw new InvalidInputError(
            `system.phenotypes[${JSON.stringify(phenotype)}]`,
            `alleles among ${alleles.map((x) => JSON.stringify(x)).join(', ')}`,
            allele,
          );
        return i;
      }) as [number, number];
      const key = Math.min(a, b) * k + Math.max(a, b);
      if (owner[key] !== undefined)
        throw new InvalidInputError(
          `system.phenotypes[${JSON.stringify(phenotype)}]`,
          `genotypes that show one phenotype only (${genotype.join('/')} is already under ${JSON.stringify(owner[key])})`,
          genotype,
        );
      owner[key] = phenotype;
      pairs.push(Object.freeze([genotype[0], genotype[1]] as [string, string]));
    }
    frozen[phenotype] = Object.freeze(pairs);
  }
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++)
      if (owner[a * k + b] === undefined)
        throw new InvalidInputError(
          'system.phenotypes',
          `every genotype under some phenotype (${alleles[a]}/${alleles[b]} is under none)`,
          phenotypes,
        );
  return Object.freeze({ name, alleles: Object.freeze([...alleles]), phenotypes: Object.freeze(frozen) });
}

/**
 * The ABO blood groups: alleles A, B, O (O recessive, A and B codominant) and phenotypes A (AA, AO),
 * B (BB, BO), AB and O — the system of Bernstein (1925) and of the "gene counting" method
 * (Ceppellini, Siniscalco & Smith 1955).
 *
 * @example
 * ```ts
 * import { ABO, alleleFrequencies } from '@em/genetics';
 * // Duodenal ulcer patients (Clarke et al. 1959), as in Lange (2002), chapter 2.
 * const fit = alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO);
 * fit.frequencies.map((p) => p.toFixed(4)); // ['0.2136', '0.0501', '0.7363']
 * ```
 */
export const ABO: PhenotypeSystem = definePhenotypeSystem({
  name: 'ABO',
  alleles: ['A', 'B', 'O'],
  phenotypes: {
    A: [
      ['A', 'A'],
      ['A', 'O'],
    ],
    B: [
      ['B', 'B'],
      ['B', 'O'],
    ],
    AB: [['A', 'B']],
    O: [['O', 'O']],
  },
});

/** @internal Indexes a system (checking it if it was not built by definePhenotypeSystem). */
export function compileSystem(system: PhenotypeSystem): CompiledSystem {
  const known = compiled.get(system);
  if (known) return known;
  if (typeof system !== 'object' || system === null)
    throw new InvalidInputError('system', 'a PhenotypeSystem (see definePhenotypeSystem)', system);
  const checked = Object.isFrozen(system) ? system : definePhenotypeSystem(system);
  // A frozen object may still have been built by hand: check it once.
  if (checked === system && !compiled.has(system)) definePhenotypeSystem(system);
  const index = new Map(checked.alleles.map((allele, i) => [allele, i]));
  const phenotypeNames = Object.keys(checked.phenotypes);
  const genotypes = phenotypeNames.map((p) =>
    checked.phenotypes[p]!.map(([a, b]) => {
      const i = index.get(a)!;
      const j = index.get(b)!;
      return [Math.min(i, j), Math.max(i, j)] as [number, number];
    }),
  );
  const result = { system: checked, phenotypeNames, genotypes };
  compiled.set(system, result);
  return result;
}
