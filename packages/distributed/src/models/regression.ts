// Mixtures of regressions of @em/mixtures: shards of rows [x₁ … x_d, y] (CSV or raw float64, or
// chunks from openShard). The worker must prepare rows as the coordinator's model does (intercept
// column, the family's check of y), so there is one entry per family and intercept setting, named
// in every job. A Poisson or logistic family's Newton trials are further passes (one job per shard
// each), as many as the in-memory fit's iterations.
import { type RegressionFamily, RegressionMixture } from '@em/mixtures';
import type { ShardModel } from '../shard-model.js';
import { rowMixtureModel } from './mixtures.js';

const FAMILIES: RegressionFamily[] = ['gaussian', 'poisson', 'binomial'];

/** The registry entries of RegressionMixture: one per family, with and without an intercept. */
export const regressionModels: ShardModel[] = FAMILIES.flatMap((family) =>
  [true, false].map((fitIntercept) => {
    const name = `RegressionMixture/${family}${fitIntercept ? '' : '/no-intercept'}`;
    const entry = rowMixtureModel(
      name,
      (nComponents) => new RegressionMixture({ nComponents, family, fitIntercept }),
    );
    return {
      ...entry,
      describe: `a RegressionMixture (@em/mixtures; family '${family}'${fitIntercept ? '' : ', no intercept'})`,
      accepts: (model: unknown) => {
        const m = model as Partial<RegressionMixture> | null;
        return m?.kind === 'RegressionMixture' && m.family === family && m.fitIntercept === fitIntercept;
      },
    };
  }),
);
