import { describe, expect, it } from 'vitest';
import { casinoModel, runCasino } from '../src/casino/model.js';

describe('the dishonest casino page', () => {
  const run = runCasino({ rolls: 3000, loadedSix: 0.5, toLoaded: 0.05, toFair: 0.1, seed: 1 });

  it('learns the loaded die back from the rolls', () => {
    expect(run.fitted.emissionProb[run.loaded]![5]).toBeGreaterThan(0.4);
    expect(run.fitted.emissionProb[1 - run.loaded]![5]).toBeLessThan(0.25);
  });

  it('decodes the dice about as well as the true model does, with posteriors that sum to 1', () => {
    expect(run.accuracy).toBeGreaterThan(0.7);
    expect(Math.abs(run.accuracy - run.trueAccuracy)).toBeLessThan(0.05);
    for (const row of run.posteriors.slice(0, 50)) expect(row[0]! + row[1]!).toBeCloseTo(1, 12);
    expect(run.decoded).toHaveLength(3000);
  });

  it('builds the true model from the settings', () => {
    const truth = casinoModel({ loadedSix: 0.7, toLoaded: 0.02, toFair: 0.2 });
    expect(truth.emissionProb[1]![5]).toBeCloseTo(0.7, 12);
    expect(truth.transMat[0]![1]).toBeCloseTo(0.02, 12);
    expect(truth.transMat[1]![0]).toBeCloseTo(0.2, 12);
  });
});
