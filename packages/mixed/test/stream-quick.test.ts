import { expect, it } from 'vitest';
import { LinearMixedModel, sleepstudy } from '../src/index.js';
it('quick', async () => {
  const y = sleepstudy.Reaction as number[];
  const days = sleepstudy.Days as number[];
  const g = sleepstudy.Subject as string[];
  for (const reml of [true, false]) for (const polish of [true, false]) {
  const a = new LinearMixedModel({ reml, polish }).fitMatrices({ y, X: days.map((d) => [1, d]), random: [{ groups: g, Z: days.map((d) => [1, d]) }] });
  const chunks = function* () { for (let i = 0; i < y.length; i += 45) yield { y: y.slice(i, i + 45), X: days.slice(i, i + 45).map((d) => [1, d]), Z: days.slice(i, i + 45).map((d) => [1, d]), groups: g.slice(i, i + 45) }; };
  const b = await new LinearMixedModel({ reml, polish }).fitStream(chunks);
  const A = a.toJSON().state; const B = b.toJSON().state;
  console.log(reml, polish, A.optimizer.description, B.optimizer.description, A.logLik - B.logLik, A.beta.map((v, i) => v - B.beta[i]!), A.sigma2 - B.sigma2, A.blups[0]![3]![1]! - B.blups[0]![3]![1]!, A.condSd[0]![3]![1]! - B.condSd[0]![3]![1]!);
  }
});
