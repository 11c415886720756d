import { ItemResponseModel } from '@em/irt';
import { createRandom, normal, uniform } from '@em/sampling';

// 20 items with known 2PL parameters, 2000 simulated persons with θ ~ N(0, 1).
const rng = createRandom(2024);
const slopes = uniform(rng, { low: 0.6, high: 2, size: 20 });
const difficulties = normal(rng, { size: 20 });
const truth = ItemResponseModel.fromItems(
  '2PL',
  Array.from(slopes, (a, j) => ({
    slope: a,
    intercepts: [-a * difficulties[j]!],
  })),
);
const theta = normal(rng, { size: 2000 });
const responses = truth.simulate(theta, rng.random);

const model = new ItemResponseModel({ itemType: '2PL' }).fit(responses);
const rmse = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.sqrt(
    Array.from(a).reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) / a.length,
  );
// Every item got both right and wrong answers, so none is excluded: no parameter is null.
const fitted = model.irtParameters();
console.log(`converged: ${model.converged} after ${model.nIter} EM cycles`);
console.log(
  `RMSE of discriminations: ${rmse(
    fitted.map((i) => i.discrimination!),
    slopes,
  ).toFixed(3)}`,
);
console.log(
  `RMSE of difficulties:    ${rmse(
    fitted.map((i) => i.difficulties[0]!),
    difficulties,
  ).toFixed(3)}`,
);

const correlation = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  const mean = (v: ArrayLike<number>) =>
    Array.from(v).reduce((s, w) => s + w, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
};
const eap = model.scores(responses);
console.log(`corr(EAP, true θ): ${correlation(eap.theta, theta).toFixed(3)}`);
const meanSD = Array.from(eap.se).reduce((s, v) => s + v, 0) / eap.se.length;
console.log(
  `mean posterior SD: ${meanSD.toFixed(3)}; RMSE of EAP: ${rmse(eap.theta, theta).toFixed(3)}`,
);
