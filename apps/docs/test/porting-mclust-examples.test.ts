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

  it("prints mclust's noise analysis: the top three, the pick with its noise term, proportions and classes", async () => {
    const lines = await runExample('porting-mclust-noise');
    expectOutput('porting-mclust-noise', lines);
    const text = lines.join('\n');
    // mclust 6.0.0: summary(mclustBIC(noisy, G = 1:9, initialization = list(noise = guess))).
    expect(text).toMatch(/VVE,2 -2834\.51\d/);
    expect(text).toMatch(/EEI,3 -2835\.47\d/);
    expect(text).toMatch(/EEE,3 -2836\.58\d/);
    // Mclust(noisy, x = bic): log-likelihood −1382.798, df 12, BIC −2834.511.
    expect(text).toMatch(
      /VVE with 2 components and a noise term: log-likelihood -1382\.79\d, df 12, BIC -2834\.51\d/,
    );
    // round(m$parameters$pro, 4): 0.5435 0.2871 0.1694; table(m$classification): 0: 37, 1: 180, 2: 95.
    expect(text).toMatch(/proportions 0\.5435 0\.2871 0\.1694/);
    expect(text).toMatch(/classification -1: 37, 0: 180, 1: 95/);
    // 1 / m$parameters$Vinv: 185.5.
    expect(text).toMatch(/noise volume 185\.5/);
  }, 120_000);
});
