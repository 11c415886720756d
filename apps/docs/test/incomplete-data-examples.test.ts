import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

describe('incomplete-data.ts (guide: Fitting incomplete data)', () => {
  it('EM beats mean imputation everywhere and listwise deletion on iris and diabetes, and imputes better', async () => {
    const lines = await runExample('incomplete-data');
    expectOutput('incomplete-data', lines);
    for (const line of lines.slice(1)) {
      const [, params, covs, impute] = line.split('|');
      const [em, listwise, meanImputed] = params!.trim().split(/\s+/);
      const [emCov, listwiseCov, meanCov] = covs!.trim().split(/\s+/);
      const [emImpute, meanImpute] = impute!.trim().split(/\s+/).map(Number);
      const beats = (ours: string | undefined, other: string | undefined) =>
        other === 'fails' || Number(ours) < Number(other);
      // On the 2-D seed example most rows stay complete and listwise deletion (unbiased when cells
      // go missing completely at random) happens to land closer in this draw; the guide says so.
      if (!line.startsWith('seed')) {
        expect(beats(em, listwise), line).toBe(true);
        expect(beats(emCov, listwiseCov), line).toBe(true);
      }
      expect(beats(em, meanImputed), line).toBe(true);
      expect(beats(emCov, meanCov), line).toBe(true);
      expect(emImpute!, line).toBeLessThan(meanImpute!);
    }
  });
});
