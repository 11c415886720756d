// The Viterbi algorithm in log space: the single most likely state path. Back-pointers take one
// byte per state and step when there are at most 256 states.
import type { Emission } from './emissions/emission.js';
import type { Impossible, Workspace } from './forward-backward.js';

/**
 * Most likely path of rows [t0, t0 + T) into `path[pathOffset…]`; returns its joint
 * log-probability with the observations, or an {@link Impossible} when every path has probability 0.
 */
export function viterbi<Pr>(
  emission: Emission<unknown, Pr, unknown>,
  prep: Pr,
  logStart: Float64Array,
  logTrans: Float64Array,
  data: Float64Array,
  t0: number,
  length: number,
  ws: Workspace,
  path: Int32Array,
  pathOffset: number,
): number | Impossible {
  const s = emission.nStates;
  ws.ensure(length);
  const emis = ws.emis;
  emission.fill(prep, data, t0, t0 + length, emis);
  if (emission.direct) for (let k = 0; k < length * s; k++) emis[k] = Math.log(emis[k]!);
  const back = s <= 256 ? new Uint8Array(length * s) : new Int32Array(length * s);
  let delta = ws.p;
  let next = ws.next;
  for (let j = 0; j < s; j++) delta[j] = logStart[j]! + emis[j]!;
  if (!hasFinite(delta, s)) return { position: 0 };
  for (let t = 1, o = s; t < length; t++, o += s) {
    for (let j = 0; j < s; j++) {
      let best = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let i = 0; i < s; i++) {
        const v = delta[i]! + logTrans[i * s + j]!;
        if (v > best) {
          best = v;
          arg = i;
        }
      }
      next[j] = best + emis[o + j]!;
      back[o + j] = arg;
    }
    [delta, next] = [next, delta];
    if (!hasFinite(delta, s)) return { position: t };
  }
  let best = Number.NEGATIVE_INFINITY;
  let state = 0;
  for (let j = 0; j < s; j++) {
    if (delta[j]! > best) {
      best = delta[j]!;
      state = j;
    }
  }
  for (let t = length - 1; t >= 0; t--) {
    path[pathOffset + t] = state;
    state = back[t * s + state]!;
  }
  return best;
}

function hasFinite(values: Float64Array, s: number): boolean {
  for (let j = 0; j < s; j++) if (values[j]! > Number.NEGATIVE_INFINITY) return true;
  return false;
}
