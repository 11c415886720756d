// Every export has a TSDoc @example; every TSDoc example runs and the values its comments claim hold —
// through the doc-example harness all packages share (@em/testkit). The README's sections, which
// need data sets and reference numbers, are run by examples.test.ts (with what the toString examples'
// console.log prints, which a claim cannot see).
import { describeDocExamples } from '@em/testkit';
import * as api from '../src/index.js';

/** Names the examples use without defining them: a small two-cluster data set, a stop signal. */
const context: Record<string, string> = {
  X: 'const X = [[0, 0.1], [0.2, 0], [0.1, 0.3], [0.3, 0.2], [5, 5.1], [5.2, 5], [5.1, 5.3], [5.3, 5.2]];',
  signal: 'const signal = new AbortController().signal;',
};

const WORKERS =
  'worker threads load dist/parallel-worker.js: parallel.test.ts runs these on the built package';

describeDocExamples({
  root: new URL('..', import.meta.url),
  entries: { '@em/gaussian': 'src/index.ts' },
  api: { '@em/gaussian': api },
  readme: false,
  context,
  skip: {
    'src/gaussian-mixture.ts › fitAsync': WORKERS,
    'src/gaussian-mixture.ts › workersUsed': WORKERS,
    'src/parallel/pool.ts › WorkerPool': WORKERS,
    'src/parallel/shared-pools.ts › closeSharedWorkerPools': WORKERS,
  },
  minClaims: 90,
});
