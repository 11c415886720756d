import { GaussianMixture } from '@em/gaussian';
import { concat, createRandom, normal } from '@em/sampling';

// x = np.concatenate([np.random.normal(20, 5, 4000),
//                     np.random.normal(40, 5, 8000)])
const rng = createRandom(0);
const x = concat(
  normal(rng, { loc: 20, scale: 5, size: 4000 }),
  normal(rng, { loc: 40, scale: 5, size: 8000 }),
);

// gmm = GaussianMixture(n_components=2, init_params='random')
//     .fit(x.reshape(-1, 1))
const gmm = new GaussianMixture({
  nComponents: 2,
  initParams: 'random',
  randomState: 0,
}).fit(x);
// labels = gmm.predict(x.reshape(-1, 1))
const labels = gmm.predict(x);

const show = (name: string, model: GaussianMixture) => {
  const means = model.means.map(([mean]) => mean!.toFixed(2)).join(', ');
  const weights = model.weights.map((w) => w.toFixed(3)).join(', ');
  const { nIter } = model;
  console.log(
    `${name}: means ${means}; weights ${weights}; ${nIter} iterations`,
  );
};
show("initParams 'random'", gmm);
const inFirst = labels.filter((label) => label === 0).length;
console.log(`points in component 0: ${inFirst} of ${labels.length}`);

// The default k-means initialisation (scikit-learn's too) finds both processes.
const kmeans = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(x);
show("initParams 'kmeans'", kmeans);
