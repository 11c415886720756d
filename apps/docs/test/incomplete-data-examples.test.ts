import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

describe('incomplete-data.ts (guide: Fitting incomplete data)', () => {
  it('on average over random removals, EM beats listwise deletion and mean imputation everywhere, and imputes better', async () => {
    const lines = await runExample('incomplete-data');
    expectOutput('incomplete-data', lines);
    for (const line of lines.slice(1)) {
      const [, params, covs, impute] = line.split('|');
      const [em, listwise, meanImputed] = params!.trim().split(/\s+/);
      const [emCov, listwiseCov, meanCov] = covs!.trim().split(/\s+/);
      const [emImpute, meanImpute] = impute!.trim().split(/\s+/).map(Number);
      const beats = (ours: string | undefined, other: string | undefined) =>
        other === 'fails' || Number(ours) < Number(other);
      // Averages over several random removals: EM is closer than listwise deletion everywhere.
      expect(beats(em, listwise), line).toBe(true);
      expect(beats(emCov, listwiseCov), line).toBe(true);
      expect(beats(em, meanImputed), line).toBe(true);
      expect(beats(emCov, meanCov), line).toBe(true);
      expect(emImpute!, line).toBeLessThan(meanImpute!);
    }
  });
});
