// Every export has a TSDoc @example; every example (TSDoc and README) runs and the values its comments
// claim hold — through the doc-example harness all packages share (@em/testkit).
import { describeDocExamples } from '@em/testkit';
import * as api from '../src/index.js';

/** Worker threads load the built package's dist/parallel-worker.js: parallel.test.ts runs these. */
const onThreads = 'starts worker threads, which load dist/: run by parallel.test.ts';

/** The Vite and esbuild recipes need a bundler around them: tests/consumers builds both for real. */
const bundlerRecipe = 'a bundler recipe: built and run in Chromium by tests/consumers';

describeDocExamples({
  root: new URL('..', import.meta.url),
  entries: { '@em/hmm': 'src/index.ts' },
  api: { '@em/hmm': api },
  context: {
    sequences: 'const sequences = [[0.1, 5.2, 5.1, 0.2], [5.3, 0.1, 0.0, 5.2, 4.9], [0.2, 0.1, 5.0]];',
  },
  skip: {
    'src/hidden-markov-model.ts › fitAsync': onThreads,
    'src/parallel/pool.ts › WorkerPool': onThreads,
    // #2 is fitStream's, #3 partialFit's, #4 the shard methods' (they run).
    'README.md #5': onThreads,
    'README.md #6': bundlerRecipe,
    'README.md #7': bundlerRecipe,
  },
  minClaims: 12,
});
