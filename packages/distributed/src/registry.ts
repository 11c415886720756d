// The models a worker can run the E-step of, and the coordinator fit, by name: the name travels in
// every job, so one pool of workers serves fits of any of them. One file per model in models/.
import { BernoulliMixture, CategoricalMixture, MultinomialMixture, PoissonMixture } from '@em/mixtures';
import { alleleFrequencyModel } from './models/allele-frequencies.js';
import { bayesianGaussianModel } from './models/bayesian-gaussian.js';
import { gaussianModel } from './models/gaussian.js';
import { haplotypeEMModel } from './models/haplotype-em.js';
import { hiddenMarkovModel } from './models/hidden-markov-model.js';
import { itemResponseModel } from './models/item-response-model.js';
import { linearMixedModel } from './models/linear-mixed-model.js';
import { rowMixtureModel } from './models/mixtures.js';
import { regressionModels } from './models/regression.js';
import { streamingMlemModel } from './models/streaming-mlem.js';
import type { ShardModel } from './shard-model.js';

const MODELS: ShardModel[] = [
  gaussianModel,
  bayesianGaussianModel,
  rowMixtureModel('PoissonMixture', (nComponents) => new PoissonMixture({ nComponents })),
  rowMixtureModel('BernoulliMixture', (nComponents) => new BernoulliMixture({ nComponents })),
  rowMixtureModel('CategoricalMixture', (nComponents) => new CategoricalMixture({ nComponents })),
  // The E-step's statistics do not depend on alpha (its prior is added by the coordinator's model).
  rowMixtureModel('MultinomialMixture', (nComponents) => new MultinomialMixture({ nComponents })),
  ...regressionModels,
  hiddenMarkovModel,
  streamingMlemModel,
  haplotypeEMModel,
  alleleFrequencyModel,
  itemResponseModel,
  linearMixedModel,
];

/** The models workers know, by the name jobs carry. */
export const SHARD_MODELS: Readonly<Record<string, ShardModel>> = Object.fromEntries(
  MODELS.map((model) => [model.name, model]),
);

/** The registry entry that fits `model`, if any. */
export function shardModelFor(model: unknown): ShardModel | undefined {
  return MODELS.find((entry) => entry.accepts(model));
}

/** What fitDistributed takes, for the error a model of no other kind gets. */
export const KNOWN_MODELS = MODELS.map((model) => model.describe).join(', ');
