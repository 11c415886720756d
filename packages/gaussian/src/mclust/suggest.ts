/**
 * The known name closest to a misspelt one: an exact match up to case first ('vev' → 'VEV'), else
 * the nearest by edit distance when at most two edits away; undefined otherwise.
 */
export function suggestName(value: string, known: readonly string[]): string | undefined {
  const caseless = known.find((name) => name.toLowerCase() === value.toLowerCase());
  if (caseless) return caseless;
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of known) {
    const distance = editDistance(value.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
