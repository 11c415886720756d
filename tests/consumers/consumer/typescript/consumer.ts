// One use of each entry point, type-checked against the installed tarballs' declarations under
// `moduleResolution` node16 and bundler. The `@ts-expect-error` lines fail the check if a package's
// types did not load (everything would be `any`) or let a wrong option through.
import { EMError } from '@em/core';
import { type FlatMatrix, toFlatMatrix } from '@em/core/numeric';
import { GaussianMixture } from '@em/gaussian';
import { alleleFrequencies } from '@em/genetics';
import { HiddenMarkovModel } from '@em/hmm';
import { segmentImage } from '@em/imaging';
import { ItemResponseModel } from '@em/irt';
import { LinearMixedModel } from '@em/mixed';
import { PoissonMixture } from '@em/mixtures';
import { convergenceSvg } from '@em/plot';
import { aliasTable } from '@em/sampling';

const X: FlatMatrix = toFlatMatrix([[0], [1], [10], [11]]);
const gmm: GaussianMixture = new GaussianMixture({ nComponents: 2, covarianceType: 'full' });
gmm.fit(X);
const weights: number[] = gmm.weights;
// @ts-expect-error nComponents is a number
new GaussianMixture({ nComponents: 'two' });
// @ts-expect-error no such covariance type
new GaussianMixture({ covarianceType: 'round' });

export const uses = [
  weights,
  EMError,
  alleleFrequencies,
  new HiddenMarkovModel({ nStates: 2 }),
  segmentImage,
  new ItemResponseModel(),
  new LinearMixedModel(),
  new PoissonMixture(),
  convergenceSvg,
  aliasTable,
];
