import { ABO, alleleFrequencies } from '@em/genetics';
import { frequencyBarsSvg } from '@em/plot';

// ABO phenotypes of 521 duodenal ulcer patients (Clarke et al. 1959), the worked example of
// Lange (2002), chapter 2. Types A and B hide whether a person carries an O allele.
const counts = { A: 186, B: 38, AB: 13, O: 284 };
const fit = alleleFrequencies(counts, ABO);

fit.alleles.forEach((allele, i) => {
  const p = fit.frequencies[i]!;
  const se = fit.standardErrors![i]!;
  console.log(`p(${allele}) = ${p.toFixed(4)} ± ${se.toFixed(4)}`);
});
console.log(
  `log-likelihood ${fit.logLikelihood.toFixed(4)} after ${fit.nIter} EM iterations`,
);

// The E-step's answer: how the A and B people split between homozygotes and O carriers.
for (const g of fit.genotypes)
  console.log(
    `${g.genotype.padEnd(4)} expected ${g.expected.toFixed(1).padStart(6)} (phenotype ${g.phenotype})`,
  );

const { statistic, df, pValue } = fit.hardyWeinberg!;
console.log(
  `Hardy–Weinberg: X² = ${statistic.toFixed(3)}, df = ${df}, p = ${pValue.toFixed(3)}`,
);

// Bars with 95% intervals, for the guide.
const svg = frequencyBarsSvg(
  fit.alleles.map((label, i) => ({
    label,
    value: fit.frequencies[i]!,
    standardError: fit.standardErrors![i]!,
  })),
  { title: 'ABO allele frequencies, 95% intervals', xLabel: 'allele' },
);
console.log(`chart: ${svg.length > 1000 ? 'drawn' : 'missing'}`);
