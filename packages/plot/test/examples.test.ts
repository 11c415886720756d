// Every export has a TSDoc @example; every example (TSDoc and README) runs and the values its comments
// claim hold — through the doc-example harness all packages share (@em/testkit).
import { describeDocExamples } from '@em/testkit';
import * as api from '../src/index.js';

const outDir = new URL('../test-output/examples/', import.meta.url).pathname;

describeDocExamples({
  root: new URL('..', import.meta.url),
  entries: { '@em/plot': 'src/index.ts' },
  api: { '@em/plot': api },
  readme: 'together',
  // The README saves its charts; here they go to test-output/ instead of the working directory.
  rewrite: (code) => code.replace(/writeFileSync\(`/g, `writeFileSync(\`${outDir}readme-`),
  minClaims: 50,
});
