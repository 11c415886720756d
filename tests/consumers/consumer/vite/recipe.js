// The README's Vite recipe: `?worker&url` has Vite bundle each worker and give its URL.
import gaussianWorkerUrl from '@em/gaussian/parallel-worker?worker&url';
import hmmWorkerUrl from '@em/hmm/parallel-worker?worker&url';
import { fitBoth } from '../browser/fit.js';

window.result = fitBoth(gaussianWorkerUrl, hmmWorkerUrl);
