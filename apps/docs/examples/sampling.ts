import {
  bootstrap,
  createRandom,
  normal,
  sampleMixture,
  trainTestSplit,
} from '@em/sampling';

// The same seed gives the same numbers, in Node and in every browser.
const first = createRandom(42);
const second = createRandom(42);
const same = first.normal(20, 5) === second.normal(20, 5);
console.log(`same seed, same draws: ${same}`);

// A mixture and its latent labels: 4000 points from N(20, 5²) and 8000 from
// N(40, 5²), in random order.
const rng = createRandom(42);
const { X, labels } = sampleMixture(rng, {
  counts: [4000, 8000],
  components: [
    (r, size) => normal(r, { loc: 20, scale: 5, size }),
    (r, size) => normal(r, { loc: 40, scale: 5, size }),
  ],
});
const x = X as Float64Array; // univariate components give a Float64Array
const meanOf = (values: ArrayLike<number>) =>
  Array.from(values).reduce((s, v) => s + v, 0) / values.length;
for (const k of [0, 1]) {
  const members = x.filter((_, i) => labels[i] === k);
  const mean = meanOf(members).toFixed(2);
  console.log(`component ${k}: ${members.length} points, mean ${mean}`);
}

// Hold out a quarter of the rows, to score a model on data it has not seen.
const { train, test } = trainTestSplit(rng.fork(), x, { testSize: 0.25 });
console.log(`train ${train.length} rows, test ${test.length} rows`);

// Bootstrap: how much would the mean vary between samples like this one?
// A forked stream leaves the draws above unaffected.
const resampler = rng.fork();
const means = Array.from({ length: 200 }, () =>
  meanOf(bootstrap(resampler, x).X),
);
const se = Math.sqrt(meanOf(means.map((m) => (m - meanOf(means)) ** 2)));
console.log(
  `mean ${meanOf(x).toFixed(2)}, bootstrap standard error ${se.toFixed(3)}`,
);
