import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

// The R side of the guide's prior section (Porting from mclust) was run with mclust 6.0.0; its
// numbers are quoted in the guide and asserted here against our output.
describe('porting-mclust-prior.ts (guide: Porting from mclust, conjugate prior)', () => {
  it("prints mclust's top three with priorControl(), its choice, means, defaultPrior and a rescued fit", async () => {
    const lines = await runExample('porting-mclust-prior');
    expectOutput('porting-mclust-prior', lines);
    const text = lines.join('\n');
    // summary(mclustBIC(faithful, prior = priorControl())): EEE,3 −2314.549, VVV,2 −2322.686, EEE,2 −2325.368.
    expect(text).toMatch(/EEE,3 -2314\.549/);
    expect(text).toMatch(/VVV,2 -2322\.686/);
    expect(text).toMatch(/EEE,2 -2325\.368/);
    // Mclust(...): log-likelihood −1126.443; means 3.7988 2.0378 4.4674 / 77.6557 54.4933 80.8155.
    expect(text).toMatch(
      /best: EEE with 3 components, log-likelihood -1126\.443/,
    );
    // defaultPrior(faithful, 3, "EEE"): scale 0.4342428 4.659269 / 4.6592693 61.607771.
    expect(text).toMatch(
      /scale 0\.43424\d 4\.65926\d \| 4\.65926\d 61\.60777\d/,
    );
    // meVVV(X, z, prior = priorControl())$loglik: −11.422047046447 (NA without the prior).
    expect(text).toMatch(/with the prior: log-likelihood -11\.422047/);
  }, 120_000);
});
