import { mulberry32 } from '@em/core/numeric';
import { additiveRelationship, LinearMixedModel } from '@em/mixed';

// A pedigree: 20 unrecorded founders, then 3 generations of 60 animals with a random sire and dam
// from the previous generation.
const random = mulberry32(7);
const gauss = () =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const id: string[] = [];
const sire: (string | null)[] = [];
const dam: (string | null)[] = [];
for (let i = 0; i < 20; i++) {
  id.push(`F${i}`);
  sire.push(null);
  dam.push(null);
}
let parents = id.slice();
for (let g = 1; g <= 3; g++) {
  const born: string[] = [];
  for (let j = 0; j < 60; j++) {
    const males = parents.filter((_, k) => k % 2 === 0);
    const females = parents.filter((_, k) => k % 2 === 1);
    born.push(`G${g}.${j}`);
    sire.push(males[Math.floor(random() * males.length)]!);
    dam.push(females[Math.floor(random() * females.length)]!);
  }
  id.push(...born);
  parents = born;
}
const A = additiveRelationship({ id, sire, dam });

// Breeding values a ~ N(0, 0.5 A) by the Mendelian recursion (parents' mean + sampling term),
// records y = 10 + a + e with e ~ N(0, 0.5): a true heritability of 0.5.
const value = new Map<string, number>();
id.forEach((animal, i) => {
  const s = sire[i] ? value.get(sire[i]!)! : 0;
  const d = dam[i] ? value.get(dam[i]!)! : 0;
  const mendelian = sire[i] ? 0.5 : 1; // both parents known after the founders
  value.set(animal, 0.5 * (s + d) + Math.sqrt(0.5 * mendelian) * gauss());
});
const animals = id.slice(20);
const records = {
  animal: animals,
  weight: animals.map((a) => 10 + value.get(a)! + Math.sqrt(0.5) * gauss()),
};

// The animal model: (1 | animal) with covariance σ²ₐ A.
const fit = new LinearMixedModel({ relationships: { animal: A } }).fit(
  'weight ~ 1 + (1 | animal)',
  records,
);
const h = fit.heritability()!;
console.log(
  `σ²ₐ ${h.varianceA.toFixed(3)}, σ²ₑ ${(fit.sigma ** 2).toFixed(3)}, h² ${h.h2.toFixed(3)} (SE ${h.se === null ? 'none: singular information' : h.se.toFixed(3)})`,
);
console.log(`estimation: ${fit.optimizer.description}`);
// Estimated breeding values of the founders (no records of their own: known through offspring).
const [animal] = fit.ranef();
console.log(
  `founder F0: EBV ${animal!.values[0]![0]!.toFixed(3)} ± ${animal!.condSd[0]![0]!.toFixed(3)}`,
);
