/**
 * mclust's three-letter name of a covariance model (volume, shape, orientation: E equal, V varying,
 * I identity). scikit-learn's four types are four of mclust's fourteen models; a name that already is
 * one of mclust's is its own.
 */
const MCLUST_NAMES: Record<string, string> = { full: 'VVV', tied: 'EEE', diag: 'VVI', spherical: 'VII' };

/**
 * `'tied'` → `'EEE'`, `'VEV'` → `'VEV'`; undefined for a name mclust does not have. With one feature,
 * mclust's univariate names: `'E'` (equal variances: tied) or `'V'` (the others).
 */
export function mclustName(covarianceType: string, nFeatures = 2): string | undefined {
  if (/^[EV]([EIV][EIV])?$/.test(covarianceType)) return covarianceType;
  const name = MCLUST_NAMES[covarianceType];
  return name !== undefined && nFeatures === 1 ? name[0] : name;
}

/** "tied (EEE)", or the name alone when mclust's is the same or unknown. */
export function modelLabel(covarianceType: string, nFeatures = 2): string {
  const mclust = mclustName(covarianceType, nFeatures);
  return mclust === undefined || mclust === covarianceType ? covarianceType : `${covarianceType} (${mclust})`;
}
