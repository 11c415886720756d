/**
 * `@em/sampling`: seeded, reproducible random numbers and distributions for Node and browsers.
 *
 * @packageDocumentation
 */

// The flat matrix shape every multivariate sampler returns, shared with every @em/* package.
export type { FlatMatrix } from '@em/core/numeric';
export { isFlatMatrix } from '@em/core/numeric';
export type { BernoulliOptions, BinomialOptions, MultinomialOptions } from './binomial.js';
export { bernoulli, binomial, multinomial } from './binomial.js';
export type { AliasTable, CategoricalOptions } from './categorical.js';
export { aliasTable, categorical, sampleAlias } from './categorical.js';
export type { ExponentialOptions } from './exponential.js';
export { exponential } from './exponential.js';
export type { DirichletOptions, GammaOptions } from './gamma.js';
export { dirichlet, gamma } from './gamma.js';
export type { Sample } from './matrix.js';
export type { ComponentSampler, MixtureSample, SampleMixtureOptions } from './mixture.js';
export { sampleMixture } from './mixture.js';
export type { MultivariateNormalOptions } from './multivariate-normal.js';
export { multivariateNormal } from './multivariate-normal.js';
export type { NormalOptions } from './normal.js';
export { normal } from './normal.js';
export type { PoissonOptions } from './poisson.js';
export { poisson } from './poisson.js';
export { createRandom, Random } from './random.js';
export type {
  BootstrapSample,
  ChoiceOptions,
  TrainTestSplit,
  TrainTestSplitOptions,
} from './select.js';
export { bootstrap, choice, takeRows, trainTestSplit } from './select.js';
export type { MutableArrayLike } from './shuffle.js';
export { permutation, shuffle } from './shuffle.js';
export { concat, hstack } from './stack.js';
export type { IntegersOptions, UniformOptions } from './uniform.js';
export { integers, uniform } from './uniform.js';
