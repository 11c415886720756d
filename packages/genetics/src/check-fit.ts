// personPairs and sampleHaplotypePairs take a haplotypeEM result back: a copy edited, rebuilt from
// JSON (where typed arrays become objects) or made by hand must not send them out of bounds.
import { InvalidInputError } from '@em/core';
import type { HaplotypeEMResult } from './haplotype-em.js';

const fail = (field: string, expected: string, received: unknown): never => {
  throw new InvalidInputError(`fit.${field}`, expected, received);
};

/**
 * Checks what the pair functions read of a haplotypeEM result: `personStart` (nPersons + 1 increasing
 * offsets into the pairs), `hap1`/`hap2` (indices of `haplotypes`), `posterior` (per pair, in [0, 1]),
 * `haplotypes` (arrays of allele labels). Throws an `InvalidInputError` naming the first bad field.
 */
export function checkHaplotypeFit(fit: HaplotypeEMResult): void {
  if (typeof fit !== 'object' || fit === null)
    throw new InvalidInputError('fit', 'a result of haplotypeEM', fit);
  const { nPersons, personStart, hap1, hap2, posterior, haplotypes } = fit;
  if (!Number.isInteger(nPersons) || nPersons < 0) fail('nPersons', 'an integer >= 0', nPersons);
  if (!(personStart instanceof Int32Array) || personStart.length !== nPersons + 1)
    fail('personStart', `an Int32Array of nPersons + 1 = ${nPersons + 1} offsets`, personStart);
  const nPairs = personStart[nPersons]!;
  for (let i = 0; i < nPersons; i++)
    if (!(personStart[i]! >= 0 && personStart[i]! <= personStart[i + 1]!))
      fail(`personStart[${i}]`, 'increasing offsets from 0', personStart[i]);
  if (!Array.isArray(haplotypes) || !haplotypes.every((h) => Array.isArray(h)))
    fail('haplotypes', 'an array of haplotypes (arrays of allele labels)', haplotypes);
  for (const [name, indices] of [
    ['hap1', hap1],
    ['hap2', hap2],
  ] as const) {
    if (!(indices instanceof Int32Array) || indices.length < nPairs)
      fail(name, `an Int32Array of at least ${nPairs} haplotype indices`, indices);
    for (let j = 0; j < nPairs; j++)
      if (!(indices[j]! >= 0 && indices[j]! < haplotypes.length))
        fail(`${name}[${j}]`, `a haplotype index in 0…${haplotypes.length - 1}`, indices[j]);
  }
  if (!(posterior instanceof Float64Array) || posterior.length < nPairs)
    fail('posterior', `a Float64Array of at least ${nPairs} probabilities`, posterior);
  for (let j = 0; j < nPairs; j++)
    if (!(posterior[j]! >= 0 && posterior[j]! <= 1))
      fail(`posterior[${j}]`, 'a probability in [0, 1]', posterior[j]);
}
