// The README's esbuild recipe: each worker is an entry point of the build (see the test's build
// call), named so that both land next to this bundle under different names.
import { fitBoth } from '../browser/fit.js';

window.result = fitBoth(
  new URL('./gaussian-worker.js', import.meta.url),
  new URL('./hmm-worker.js', import.meta.url),
);
