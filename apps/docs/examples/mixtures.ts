import { readFileSync } from 'node:fs';
import {
  adjustedRandIndex,
  MultinomialMixture,
  RegressionMixture,
  sparseCounts,
} from '@em/mixtures';
import { regressionMixtureSvg } from '@em/plot';

const fixtures = new URL(
  '../../../packages/mixtures/test/fixtures/',
  import.meta.url,
);

// Regression lines: mixtools' tonedata (150 tuned pitches against stretch ratios), two lines,
// from the same start as the fixture (mixtools' regmixEM reaches the same log-likelihood).
const tone = JSON.parse(
  readFileSync(new URL('r-reference.json', fixtures), 'utf8'),
).regmixEM;
const lines = new RegressionMixture({
  nComponents: 2,
  tol: 1e-10,
  maxIter: 1000,
  weightsInit: tone.start.weights,
  coefficientsInit: tone.start.coefficients,
  sigmasInit: tone.start.sigmas,
}).fit(tone.data.x, tone.data.y);
for (const [k, [b0, b1]] of lines.coefficients.entries())
  console.log(
    `line ${k}: tuned = ${b0!.toFixed(4)} + ${b1!.toFixed(4)} × stretchratio, sigma ${lines.sigmas[k]!.toFixed(4)}, weight ${lines.weights[k]!.toFixed(4)}`,
  );
console.log(
  `log-likelihood ${(lines.score(tone.data.x, tone.data.y) * 150).toFixed(4)} after ${lines.nIter} iterations`,
);
// The chart in the guide: points coloured by component, each fitted line.
const chart = regressionMixtureSvg(
  {
    x: tone.data.x,
    y: tone.data.y,
    labels: lines.predict(tone.data.x, tone.data.y),
    lines: lines.coefficients.map(([intercept, slope]) => ({
      intercept: intercept!,
      slope: slope!,
    })),
  },
  {
    title: 'tonedata: two regression lines',
    xLabel: 'stretch ratio',
    yLabel: 'tuned ratio',
  },
);
console.log(`chart: ${chart.includes('<svg') ? 'drawn' : 'missing'}`);

// Topics: 400 short public-domain documents on 4 topics (fixtures/corpus/make-corpus.mjs).
const { documents } = JSON.parse(
  readFileSync(new URL('corpus/corpus.json', fixtures), 'utf8'),
);
const stop = new Set(
  'a an the and or of to in on at by for with as is are it its so be before after from into once over this that they their them each when while until'.split(
    ' ',
  ),
);
const vocabulary = new Map<string, number>();
const bags = documents.map((d: { text: string }) => {
  const counts = new Map<number, number>();
  for (const word of d.text.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (stop.has(word)) continue;
    if (!vocabulary.has(word)) vocabulary.set(word, vocabulary.size);
    const i = vocabulary.get(word)!;
    counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  return [...counts];
});
const X = sparseCounts(bags, vocabulary.size);
const topics: number[] = documents.map((d: { topic: number }) => d.topic);
const labelled = 20; // 5 %: the first 20 documents, 5 per topic
const rest = topics.map((_, i) => i).filter((i) => i >= labelled);
const ari = (predicted: ArrayLike<number>) =>
  adjustedRandIndex(
    rest.map((i) => topics[i]!),
    rest.map((i) => predicted[i]!),
  );
const accuracy = (predicted: ArrayLike<number>) =>
  rest.filter((i) => predicted[i] === topics[i]).length / rest.length;

const unsupervised = new MultinomialMixture({ nComponents: 4, nInit: 10 }).fit(
  X,
);
const semi = new MultinomialMixture({ nComponents: 4 }).fit(X, {
  labels: topics.map((t, i) => (i < labelled ? t : -1)),
});
const naiveBayes = new MultinomialMixture({ nComponents: 4 }).fit(
  sparseCounts(bags.slice(0, labelled), vocabulary.size),
  {
    labels: topics.slice(0, labelled),
  },
);
console.log(
  `${documents.length} documents, ${vocabulary.size} words; scores on the ${rest.length} unlabelled documents:`,
);
console.log(
  `unsupervised:             ARI ${ari(unsupervised.predict(X)).toFixed(3)}`,
);
console.log(
  `naive Bayes on 5 % labels: ARI ${ari(naiveBayes.predict(X)).toFixed(3)}, accuracy ${accuracy(naiveBayes.predict(X)).toFixed(3)}`,
);
console.log(
  `semi-supervised, 5 %:      ARI ${ari(semi.predict(X)).toFixed(3)}, accuracy ${accuracy(semi.predict(X)).toFixed(3)}`,
);
const words = [...vocabulary.keys()];
semi.probabilities.forEach((p, k) => {
  const top = p
    .map((q, w) => [q, w] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 5);
  console.log(`topic ${k}: ${top.map(([, w]) => words[w]).join(', ')}`);
});
