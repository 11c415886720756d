import { writeFileSync } from 'node:fs';
import { ItemResponseModel, LSAT } from '@em/irt';
import { informationSvg, itemCharacteristicSvg } from '@em/plot';

// 1000 examinees, 5 items, as 32 response patterns with frequencies (Bock & Lieberman 1970).
const data = { weights: LSAT.frequencies };

// ltm's rasch(LSAT): one common discrimination, estimated.
const rasch = new ItemResponseModel({ itemType: '1PL' }).fit(
  LSAT.patterns,
  data,
);
// ltm's ltm(LSAT ~ z1): a discrimination per item.
const twoPL = new ItemResponseModel({ itemType: '2PL' }).fit(
  LSAT.patterns,
  data,
);

for (const [name, model] of [
  ['1PL', rasch],
  ['2PL', twoPL],
] as const) {
  console.log(
    `${name}: log-likelihood ${model.logLikelihood.toFixed(3)}, AIC ${model.aic().toFixed(3)}, BIC ${model.bic().toFixed(3)}, ${model.nIter} EM cycles`,
  );
  const se = model.standardErrors('irt');
  // null marks what has no estimate: an excluded item's parameters, SEs of a singular information.
  const show = (v: number | null | undefined) =>
    v == null ? 'none' : v.toFixed(4);
  model.irtParameters().forEach((item, j) => {
    console.log(
      `  ${item.name}: difficulty ${show(item.difficulties[0])} (${show(se[j]!.difficulties[0])}), discrimination ${show(item.discrimination)} (${show(se[j]!.discrimination)})`,
    );
  });
}

// Likelihood-ratio test of the 1PL against the 2PL (4 more parameters).
const lrt = 2 * (twoPL.logLikelihood - rasch.logLikelihood);
console.log(`LRT: ${lrt.toFixed(3)} on 4 df`);

// Abilities of three response patterns: EAP (posterior mean, SD) and MAP (mode, SE) under the 2PL.
const patterns = [
  [0, 0, 0, 0, 0],
  [1, 1, 0, 1, 1],
  [1, 1, 1, 1, 1],
];
const eap = twoPL.scores(patterns);
const map = twoPL.scores(patterns, { method: 'MAP' });
patterns.forEach((p, i) => {
  console.log(
    `${p.join('')}: EAP ${eap.theta[i]!.toFixed(3)} (SD ${eap.se[i]!.toFixed(3)}), MAP ${map.theta[i]!.toFixed(3)} (SE ${map.se[i]!.toFixed(3)})`,
  );
});

// Curves for plotting, and the charts.
const theta = Array.from({ length: 121 }, (_, i) => -6 + i / 10);
const names = twoPL.items.map((item) => item.name);
const curves = names.map((label, j) => ({
  label,
  values: twoPL.probabilities(theta, j).map((p) => p[1]!),
}));
writeFileSync(
  'lsat-icc.svg',
  itemCharacteristicSvg({ theta, curves }, { title: 'LSAT, 2PL' }),
);
const information = names.map((label, j) => ({
  label,
  values: twoPL.itemInformation(theta, j),
}));
const total = twoPL.testInformation(theta);
writeFileSync(
  'lsat-information.svg',
  informationSvg({ theta, curves: information, total }),
);
const peak = theta[total.indexOf(Math.max(...total))]!;
console.log(
  `test information peaks at θ = ${peak.toFixed(1)}: ${Math.max(...total).toFixed(3)}`,
);

// Save the model; a browser loads it and scores a new test taker without refitting.
const saved = JSON.stringify(twoPL);
const loaded = ItemResponseModel.fromJSON(saved);
console.log(
  `saved ${saved.length} characters; reloaded EAP of 11011: ${loaded.scores([[1, 1, 0, 1, 1]]).theta[0]!.toFixed(3)}`,
);
