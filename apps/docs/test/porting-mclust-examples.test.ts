import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

// The R side of the guide (Porting from mclust) was run with mclust 6.0.0; its numbers are quoted
// in the guide and asserted here against our output.
describe('porting-mclust.ts (guide: Porting from mclust)', () => {
  it("prints mclust's BIC table, top three, choice, ICL choice and a single VVV fit", async () => {
    const lines = await runExample('porting-mclust');
    expectOutput('porting-mclust', lines);
    const text = lines.join('\n');
    // mclust 6.0.0: summary(mclustBIC(faithful)) → EEE,3 −2314.316, VVE,2 −2320.433, VEE,3 −2322.103.
    expect(text).toMatch(/EEE,3 -2314\.31\d/);
    expect(text).toMatch(/VVE,2 -2320\.43\d/);
    expect(text).toMatch(/VEE,3 -2322\.10\d/);
    // Mclust(faithful, G = 2, modelNames = "VVV")$bic: −2322.192.
    expect(text).toMatch(/VVV, 2 components: BIC -2322\.19\d/);
    expect(text).toMatch(/best: EEE with 3 components/);
    // mclustICL(faithful): VVE,2.
    expect(text).toMatch(/best by ICL: VVE,2/);
  }, 120_000);
});
