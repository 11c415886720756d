const TABLE_SIZE = 1024;
const TABLE = (() => {
  const table = new Float64Array(TABLE_SIZE);
  for (let i = 2; i < TABLE_SIZE; i++) table[i] = table[i - 1]! + Math.log(i);
  return table;
})();

/** log(k!) for an integer k >= 0: a table below 1024, Stirling's series (error < 1e-16 relative) above. */
export function logFactorial(k: number): number {
  if (k < TABLE_SIZE) return TABLE[k]!;
  const x = k + 1;
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (
    (x - 0.5) * Math.log(x) -
    x +
    0.5 * Math.log(2 * Math.PI) +
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))
  );
}
