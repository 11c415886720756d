// Every export has a TSDoc @example; every example (TSDoc and README) runs and the values its comments
// claim hold — through the doc-example harness all packages share (@em/testkit).
import { describeDocExamples } from '@em/testkit';
import * as api from '../src/index.js';

describeDocExamples({
  root: new URL('..', import.meta.url),
  entries: { '@em/mixed': 'src/index.ts' },
  api: { '@em/mixed': api },
  minClaims: 20,
});
