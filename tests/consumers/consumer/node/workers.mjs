// Node worker threads loading the installed packages' worker files (their default location):
// fitAsync on two threads and fit on the main thread. Prints both.
import { GaussianMixture } from '@em/gaussian';
import { HiddenMarkovModel } from '@em/hmm';
import { gaussianData, hmmOptions, hmmSequences } from '../browser/data.js';

const X = gaussianData();
const options = { nComponents: 3, covarianceType: 'full', randomState: 5 };
const gaussianParallel = new GaussianMixture({ ...options, workers: 2 });
const gaussianSingle = new GaussianMixture(options);
const gaussian = {
  parallel: (await gaussianParallel.fitAsync(X)).means,
  single: gaussianSingle.fit(X).means,
};
const sequences = hmmSequences();
const hmmParallel = new HiddenMarkovModel({ ...hmmOptions, workers: 2 });
const hmmSingle = new HiddenMarkovModel(hmmOptions);
const hmm = {
  parallel: (await hmmParallel.fitAsync(sequences)).getParameters(),
  single: hmmSingle.fit(sequences).getParameters(),
};
console.log(JSON.stringify({ gaussian, hmm }));
