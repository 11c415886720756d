/**
 * What to try when a covariance cannot be estimated. scikit-learn's four names floor the variances
 * with `regCovar`; mclust's names refuse `regCovar` (mclust has no such floor) and are rescued by
 * its conjugate prior instead, which exists for ten of the fourteen models.
 */
const REGULARISED = new Set(['full', 'tied', 'diag', 'spherical']);

const MCLUST_REMEDY =
  "pass prior: 'default' (mclust's priorControl(), for EII, VII, EEI, VEI, EVI, VVI, EEE, EEV, VEV and VVV; mclust's models take no regCovar)";

/** The remedies that apply to these covariance types around `common` ones, as one sentence. */
export function singularRemedies(covarianceTypes: readonly string[], common: readonly string[]): string {
  const sklearn = covarianceTypes.some((type) => REGULARISED.has(type));
  const mclust = covarianceTypes.some((type) => !REGULARISED.has(type));
  const remedies = [...(sklearn ? ['increase regCovar'] : []), ...common, ...(mclust ? [MCLUST_REMEDY] : [])];
  const last = remedies.pop()!;
  const text =
    remedies.length === 0 ? last : `${remedies.join(', ')}${remedies.length > 1 ? ',' : ''} or ${last}`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
