import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

describe('toString and console.log: one line, not the internal state', () => {
  it("sleepstudy: lme4's REML log-likelihood −871.814 (REML criterion 1743.628), 180 observations", () => {
    const model = new api.LinearMixedModel();
    expect(String(model)).toBe('LinearMixedModel { reml: true, fitted: false }');
    model.fit('Reaction ~ Days + (Days | Subject)', api.sleepstudy);
    expect(inspect(model)).toBe(
      "LinearMixedModel { formula: 'Reaction ~ Days + (Days | Subject)', reml: true, nObs: 180, fitted: true, logLikelihood: -871.814 }",
    );
    expect(String(new api.LinearMixedModel({ reml: false }))).toBe(
      'LinearMixedModel { reml: false, fitted: false }',
    );
  });
});
