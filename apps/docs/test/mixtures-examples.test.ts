import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

describe('mixtures.ts (mixtures of other distributions guide)', () => {
  it("tonedata lines (mixtools' converged log-likelihood) and the topics corpus numbers", async () => {
    const lines = await runExample('mixtures');
    // mixtools' regmixEM from the same start: log-likelihood 141.1984 (packages/mixtures fixture).
    expect(lines[2]).toMatch(/^log-likelihood 141\.1984 /);
    expect(lines[3]).toBe('chart: drawn');
    expect(lines[5]).toBe('unsupervised:             ARI 0.509');
    expect(lines[7]).toMatch(/ARI 0\.794, accuracy 0\.916$/);
    expectOutput('mixtures', lines);
  });
});
