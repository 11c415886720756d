import { describe, expect, it } from 'vitest';
import { expectOutput, runExample } from './run-example.js';

describe('mixed-sleepstudy.ts (mixed models guide)', () => {
  it("reproduces lme4's sleepstudy fit and draws the caterpillar plot", async () => {
    const lines = await runExample('mixed-sleepstudy');
    const text = lines.join('\n');
    // lme4 1.1-31: summary(fm1)
    expect(text).toContain('REML criterion at convergence: 1743.6');
    expect(text).toMatch(/Subject {2}\(Intercept\) +612\.1 +24\.74/);
    expect(text).toMatch(/Days +35\.07 +5\.922 0\.07/);
    expect(text).toMatch(/\(Intercept\) +251\.4 +6\.825 +36\.838/);
    expect(text).toMatch(/Days +10\.47 +1\.546 +6\.771/);
    // lme4: coef(fm1)$Subject["308", ] = 253.66, 19.67
    expect(text).toContain(
      'subject 308: intercept 253.66, slope 19.666 ms/day',
    );
    // lme4: logLik(fm1ML) = -875.97, logLik of (1 | Subject) by ML = -897.04
    expect(text).toMatch(/ML: logLik -875\.97 \(AIC 1763\.94\) vs -897\.04/);
    expect(text).toContain('caterpillar: 18 subjects drawn (svg)');
    expectOutput('mixed-sleepstudy', lines);
  });
});

describe('mixed-heritability.ts (mixed models guide)', () => {
  it('estimates heritability in an animal model', async () => {
    const lines = await runExample('mixed-heritability');
    const h2 = Number(/h² ([\d.]+)/.exec(lines[0]!)![1]);
    const se = Number(/SE ([\d.]+)/.exec(lines[0]!)![1]);
    expect(Math.abs(h2 - 0.5)).toBeLessThan(3 * se); // the true value, within three SEs
    expect(lines[1]).toMatch(/^estimation: SQUAREM .* \+ Newton polish/);
    expectOutput('mixed-heritability', lines);
  });
});
