// Independent references for the tests: brute-force enumeration of every state path, and a plain
// log-space forward algorithm (no scaling), written without the package's code.

/** log Σ exp. */
export function lse(values: number[]): number {
  const m = Math.max(...values);
  if (m === Number.NEGATIVE_INFINITY) return m;
  return m + Math.log(values.reduce((s, v) => s + Math.exp(v - m), 0));
}

/** Every state path of length T over S states. */
export function* paths(s: number, t: number): Generator<number[]> {
  const path = new Array<number>(t).fill(0);
  while (true) {
    yield [...path];
    let k = t - 1;
    while (k >= 0 && path[k] === s - 1) path[k--] = 0;
    if (k < 0) return;
    path[k]!++;
  }
}

/** log P(X), posteriors and expected transition counts by enumerating all S^T paths. */
export function enumerate(
  start: number[],
  trans: number[][],
  logEmit: (state: number, t: number) => number,
  t: number,
): { logProb: number; posteriors: number[][]; transCounts: number[][] } {
  const s = start.length;
  const joint: { path: number[]; lp: number }[] = [];
  for (const path of paths(s, t)) {
    let lp = Math.log(start[path[0]!]!) + logEmit(path[0]!, 0);
    for (let k = 1; k < t; k++) lp += Math.log(trans[path[k - 1]!]![path[k]!]!) + logEmit(path[k]!, k);
    joint.push({ path, lp });
  }
  const logProb = lse(joint.map((j) => j.lp));
  const posteriors = Array.from({ length: t }, () => new Array<number>(s).fill(0));
  const transCounts = Array.from({ length: s }, () => new Array<number>(s).fill(0));
  for (const { path, lp } of joint) {
    const w = Math.exp(lp - logProb);
    path.forEach((state, k) => {
      posteriors[k]![state]! += w;
      if (k > 0) transCounts[path[k - 1]!]![state]! += w;
    });
  }
  return { logProb, posteriors, transCounts };
}

/** The forward algorithm in plain log space: slow, simple, no scaling. */
export function logForward(
  start: number[],
  trans: number[][],
  logEmit: (state: number, t: number) => number,
  t: number,
): number {
  const s = start.length;
  let prev = start.map((p, j) => Math.log(p) + logEmit(j, 0));
  const logTrans = trans.map((row) => row.map(Math.log));
  for (let k = 1; k < t; k++) {
    const next = new Array<number>(s);
    for (let j = 0; j < s; j++) next[j] = lse(prev.map((v, i) => v + logTrans[i]![j]!)) + logEmit(j, k);
    prev = next;
  }
  return lse(prev);
}

export const FAIR = [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6];
export const LOADED = [0.1, 0.1, 0.1, 0.1, 0.1, 0.5];
/** The occasionally dishonest casino of Durbin, Eddy, Krogh & Mitchison (1998), §3.2. */
export const CASINO = {
  nStates: 2,
  emission: 'categorical' as const,
  startProb: [0.5, 0.5],
  transMat: [
    [0.95, 0.05],
    [0.1, 0.9],
  ],
  emissionProb: [FAIR, LOADED],
};

/**
 * A two-regime chain of `length` steps: state 0 and 1 switch with probability 0.05 per step, and
 * `emit(state)` draws each observation (low values in state 0, high ones in state 1, say).
 */
export function twoRegimeChain(
  rng: { random(): number },
  length: number,
  emit: (state: number) => number | number[],
): (number | number[])[] {
  let state = 0;
  const out: (number | number[])[] = [];
  for (let t = 0; t < length; t++) {
    if (rng.random() < 0.05) state = 1 - state;
    out.push(emit(state));
  }
  return out;
}
