// The registry: each model kind goes to its own entry, and the initialisation sample is drawn with
// the model's own randomState (it used to be 0 for hidden Markov models).
import { BayesianGaussianMixture, GaussianMixture } from '@em/gaussian';
import { ABO, AlleleFrequencyModel, HaplotypeEMModel } from '@em/genetics';
import { HiddenMarkovModel } from '@em/hmm';
import { parallelBeam, StreamingMlem } from '@em/imaging';
import { ItemResponseModel } from '@em/irt';
import { LinearMixedModel } from '@em/mixed';
import { BernoulliMixture, CategoricalMixture, PoissonMixture } from '@em/mixtures';
import { describe, expect, it } from 'vitest';
import { SHARD_MODELS, shardModelFor } from '../src/registry.js';

describe('registry', () => {
  const cases: [unknown, string, number][] = [
    [new GaussianMixture({ nComponents: 2, randomState: 5 }), 'gaussian', 5],
    [new BayesianGaussianMixture({ nComponents: 2, randomState: 4 }), 'bayesian-gaussian', 4],
    [new PoissonMixture({ nComponents: 2, randomState: 6 }), 'PoissonMixture', 6],
    [new BernoulliMixture({ nComponents: 2, randomState: 7 }), 'BernoulliMixture', 7],
    [new CategoricalMixture({ nComponents: 2, randomState: 8 }), 'CategoricalMixture', 8],
    [new HiddenMarkovModel({ nStates: 2, randomState: 9 }), 'HiddenMarkovModel', 9],
    // MLEM draws no sample: its start is the uniform image.
    [new StreamingMlem(parallelBeam({ size: 8, nAngles: 4 })), 'StreamingMlem', 0],
    // Haplotype EM draws no sample either: its tables hold every distinct row.
    [new HaplotypeEMModel({ seed: 3 }), 'HaplotypeEMModel', 0],
    // Nor does gene counting: its scans are phenotype counts.
    [new AlleleFrequencyModel(ABO), 'AlleleFrequencyModel', 0],
    // Nothing is drawn at random: the starting values come from sums over all rows.
    [new LinearMixedModel(), 'LinearMixedModel', 0],
  ];
  it.each(cases)('%o goes to the entry named %s, seeded with its randomState', (model, name, seed) => {
    const entry = shardModelFor(model);
    expect(entry?.name).toBe(name);
    expect(SHARD_MODELS[name]).toBe(entry);
    expect(entry!.seed(model)).toBe(seed);
  });

  it('an ItemResponseModel goes to its entry, which draws no sample (seed 0)', () => {
    const model = new ItemResponseModel({ itemType: 'graded' });
    expect(shardModelFor(model)).toBe(SHARD_MODELS.ItemResponseModel);
    expect(shardModelFor(model)!.seed(model)).toBe(0);
  });

  it('a model without randomState draws its sample with seed 0', () => {
    expect(
      shardModelFor(new HiddenMarkovModel({ nStates: 2 }))!.seed(new HiddenMarkovModel({ nStates: 2 })),
    ).toBe(0);
  });

  it('no entry takes anything else', () => {
    for (const other of [null, {}, 3, { fitFromStatistics: 1 }]) expect(shardModelFor(other)).toBeUndefined();
  });
});
