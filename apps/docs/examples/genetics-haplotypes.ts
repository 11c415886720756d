import { haplotypeEM, personPairs, sampleHaplotypePairs } from '@em/genetics';
import { createRandom } from '@em/sampling';

// 500 people typed at 6 SNPs (0/1/2 = copies of allele 2), phase unknown, 2% of calls missing.
// Their chromosomes come from five ancestral haplotypes, so the SNPs are in strong LD.
const pool = ['111111', '222111', '112222', '221122', '121212'];
const poolFrequencies = [0.35, 0.25, 0.2, 0.15, 0.05];
const rng = createRandom(2024);
const drawHaplotype = () => {
  let u = rng.next();
  let k = 0;
  while (u >= poolFrequencies[k]! && k < pool.length - 1)
    u -= poolFrequencies[k++]!;
  return pool[k]!;
};
const genotypes = Array.from({ length: 500 }, () => {
  const [a, b] = [drawHaplotype(), drawHaplotype()];
  return Array.from({ length: 6 }, (_, l) =>
    rng.next() < 0.02 ? null : Number(a[l]) - 1 + (Number(b[l]) - 1),
  );
});

const fit = haplotypeEM(genotypes, {
  loci: ['rs1', 'rs2', 'rs3', 'rs4', 'rs5', 'rs6'],
  nInit: 5,
  tol: 1e-8,
});

console.log(`${fit.haplotypes.length} haplotypes; the common ones:`);
fit.haplotypes
  .map((h, i) => ({ haplotype: h.join(''), frequency: fit.frequencies[i]! }))
  .filter((h) => h.frequency > 0.01)
  .sort((a, b) => b.frequency - a.frequency)
  .forEach((h) => {
    console.log(`  ${h.haplotype}  ${h.frequency.toFixed(4)}`);
  });
console.log(`log-likelihood ${fit.logLikelihood.toFixed(4)}`);

const { statistic, df, pValue } = fit.ldTest;
const p = pValue! < 1e-12 ? '< 1e-12' : `= ${pValue!.toExponential(1)}`;
console.log(`LD test: LR = ${statistic.toFixed(1)}, df = ${df}, p ${p}`);

// The person whose phase is least certain: their pairs, most probable first.
const certainty = genotypes.map((_, i) => personPairs(fit, i)[0]!.posterior);
const person = certainty.indexOf(Math.min(...certainty));
console.log(`person ${person}: ${JSON.stringify(genotypes[person])}`);
for (const pair of personPairs(fit, person))
  console.log(
    `  ${pair.haplotype1.join('')} / ${pair.haplotype2.join('')}  ${pair.posterior.toFixed(4)}`,
  );

// Ten phase draws per person, for an analysis that needs haplotypes (multiple imputation).
const draws = sampleHaplotypePairs(fit, { nDraws: 10, seed: 7 });
console.log(
  `sampled ${draws.hap1.length} haplotype pairs (${draws.nDraws} per person)`,
);
