/**
 * Edit distance with transpositions (optimal string alignment): "--covarience" is 1 from
 * "--covariance", "fti" 1 from "fit".
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate the user most likely meant by `typed`: the only one it begins (an abbreviation such
 * as `--comp`), else the nearest within about a third of its length in edits (typos), case ignored.
 * Undefined when nothing is close enough to be a useful guess.
 */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  const prefixed = candidates.filter(
    (c) => c.toLowerCase().startsWith(word) && word.replace(/^-+/, '').length >= 2,
  );
  if (prefixed.length === 1) return prefixed[0];
  const limit = Math.max(1, Math.floor(word.replace(/^-+/, '').length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** "; did you mean --components?" or nothing. */
export function didYouMean(typed: string, candidates: readonly string[]): string {
  const guess = closest(typed, candidates);
  return guess === undefined ? '' : `; did you mean ${guess}?`;
}
