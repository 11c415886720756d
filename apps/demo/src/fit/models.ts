import type { CovarianceModel, MclustModelName } from '@em/gaussian';

// The names only: importing @em/gaussian's MCLUST_MODELS would bring its M-steps into the page's
// bundle, which needs none of them (the fits run in the worker).

/** mclust's 14 covariance models, in mclust's order, with what each keeps equal or lets vary. */
export const MCLUST_MODELS: readonly { name: MclustModelName; shape: string }[] = [
  { name: 'EII', shape: 'spherical, equal volume' },
  { name: 'VII', shape: 'spherical, varying volume' },
  { name: 'EEI', shape: 'diagonal, equal volume and shape' },
  { name: 'VEI', shape: 'diagonal, varying volume, equal shape' },
  { name: 'EVI', shape: 'diagonal, equal volume, varying shape' },
  { name: 'VVI', shape: 'diagonal, varying volume and shape' },
  { name: 'EEE', shape: 'ellipsoidal, all equal' },
  { name: 'VEE', shape: 'ellipsoidal, varying volume' },
  { name: 'EVE', shape: 'ellipsoidal, varying shape' },
  { name: 'VVE', shape: 'ellipsoidal, equal orientation' },
  { name: 'EEV', shape: 'ellipsoidal, varying orientation' },
  { name: 'VEV', shape: 'ellipsoidal, equal shape' },
  { name: 'EVV', shape: 'ellipsoidal, equal volume' },
  { name: 'VVV', shape: 'ellipsoidal, all varying' },
];

/** scikit-learn's four names and the mclust models they are. */
export const SKLEARN_EQUIVALENT: Readonly<Record<string, MclustModelName>> = {
  full: 'VVV',
  tied: 'EEE',
  diag: 'VVI',
  spherical: 'VII',
};

/** Whether a covariance model is one of mclust's (fitted as mclust fits it: hc start, its tolerance). */
export function isMclustName(model: CovarianceModel): model is MclustModelName {
  return MCLUST_MODELS.some((m) => m.name === model);
}

/** What a covariance model keeps equal or lets vary, in words (scikit-learn's names by their mclust model). */
export function describeModel(model: string): string {
  const name = SKLEARN_EQUIVALENT[model] ?? model;
  return MCLUST_MODELS.find((m) => m.name === name)?.shape ?? '';
}

/**
 * The `<option>`s of a covariance picker: scikit-learn's four (with their mclust names), then
 * mclust's 14 (with scikit-learn's name where there is one). The labels stay short so the closed
 * picker shows them whole; each option's title, and {@link describeModel}, say what it means.
 */
export function covarianceOptions(selected: CovarianceModel): string {
  const option = (value: string, label: string) =>
    `<option value="${value}" title="${describeModel(value)}"${value === selected ? ' selected' : ''}>${label}</option>`;
  const sklearn = Object.entries(SKLEARN_EQUIVALENT)
    .map(([name, mclust]) => option(name, `${name} (≡ ${mclust})`))
    .join('');
  const sklearnOf = Object.fromEntries(Object.entries(SKLEARN_EQUIVALENT).map(([k, v]) => [v, k]));
  const mclust = MCLUST_MODELS.map(({ name }) =>
    option(name, `${name}${sklearnOf[name] ? ` (≡ ${sklearnOf[name]})` : ''}`),
  ).join('');
  return `<optgroup label="scikit-learn">${sklearn}</optgroup><optgroup label="mclust">${mclust}</optgroup>`;
}
