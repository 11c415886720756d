// What both browser consumers run: a parallel fit on two Web Workers loaded from `workerUrl`s (the
// library's default location when undefined) and the same fit on the page's main thread.
import { GaussianMixture, createWorkerPool as gaussianPool } from '@em/gaussian';
import { HiddenMarkovModel, createWorkerPool as hmmPool } from '@em/hmm';
import { gaussianData, hmmOptions, hmmSequences } from './data.js';

async function gaussian(workerUrl) {
  const X = gaussianData();
  const options = { nComponents: 3, covarianceType: 'full', randomState: 5 };
  const pool = gaussianPool({ size: 2, workerUrl });
  try {
    const parallel = new GaussianMixture({ ...options, workers: pool });
    const single = new GaussianMixture(options);
    return { parallel: (await parallel.fitAsync(X)).means, single: single.fit(X).means };
  } finally {
    await pool.close();
  }
}

async function hmm(workerUrl) {
  const sequences = hmmSequences();
  const pool = hmmPool({ size: 2, workerUrl });
  try {
    const parallel = new HiddenMarkovModel({ ...hmmOptions, workers: pool });
    const single = new HiddenMarkovModel(hmmOptions);
    return {
      parallel: (await parallel.fitAsync(sequences)).getParameters(),
      single: single.fit(sequences).getParameters(),
    };
  } finally {
    await pool.close();
  }
}

/** Both fits, or the error (a worker that fails to load rejects the fit with "worker failed: …"). */
export async function fitBoth(gaussianWorkerUrl, hmmWorkerUrl) {
  try {
    return { gaussian: await gaussian(gaussianWorkerUrl), hmm: await hmm(hmmWorkerUrl) };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
}
