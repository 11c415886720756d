/**
 * Siddon's ray tracing (Siddon 1985, in the incremental form of Jacobs et al. 1998): the exact length
 * of a line inside every pixel it crosses, walking from one grid-line crossing to the next.
 *
 * Coordinates: u is the column coordinate, v the row coordinate, both in [0, N]; pixel (r, c) is the
 * square [c, c + 1] × [r, r + 1]. The line is (u0 + t·du, v0 + t·dv) with du² + dv² = 1, so the
 * parameter steps are lengths.
 *
 * @internal
 */
export function traceRay(
  n: number,
  u0: number,
  v0: number,
  du: number,
  dv: number,
  emit: (pixel: number, length: number) => void,
): void {
  const eps = 1e-12;
  let tmin = Number.NEGATIVE_INFINITY;
  let tmax = Number.POSITIVE_INFINITY;
  if (Math.abs(du) < eps) {
    if (u0 <= 0 || u0 >= n) return;
  } else {
    const a = -u0 / du;
    const b = (n - u0) / du;
    tmin = Math.max(tmin, Math.min(a, b));
    tmax = Math.min(tmax, Math.max(a, b));
  }
  if (Math.abs(dv) < eps) {
    if (v0 <= 0 || v0 >= n) return;
  } else {
    const a = -v0 / dv;
    const b = (n - v0) / dv;
    tmin = Math.max(tmin, Math.min(a, b));
    tmax = Math.min(tmax, Math.max(a, b));
  }
  if (!(tmax - tmin > eps)) return;
  // The next grid line crossed in u and in v, and the parameter step between crossings.
  let tu = Number.POSITIVE_INFINITY;
  let dtu = Number.POSITIVE_INFINITY;
  if (Math.abs(du) >= eps) {
    const uStart = u0 + tmin * du;
    const next = du > 0 ? Math.floor(uStart + 1e-9) + 1 : Math.ceil(uStart - 1e-9) - 1;
    tu = (next - u0) / du;
    dtu = 1 / Math.abs(du);
  }
  let tv = Number.POSITIVE_INFINITY;
  let dtv = Number.POSITIVE_INFINITY;
  if (Math.abs(dv) >= eps) {
    const vStart = v0 + tmin * dv;
    const next = dv > 0 ? Math.floor(vStart + 1e-9) + 1 : Math.ceil(vStart - 1e-9) - 1;
    tv = (next - v0) / dv;
    dtv = 1 / Math.abs(dv);
  }
  let t = tmin;
  const last = n - 1;
  while (t < tmax - eps) {
    const tn = Math.min(tu, tv, tmax);
    const length = tn - t;
    if (length > eps) {
      // The segment's midpoint names its pixel unambiguously, even where lines cross at a corner.
      const mid = 0.5 * (t + tn);
      let c = Math.floor(u0 + mid * du);
      let r = Math.floor(v0 + mid * dv);
      if (c < 0) c = 0;
      else if (c > last) c = last;
      if (r < 0) r = 0;
      else if (r > last) r = last;
      emit(r * n + c, length);
    }
    t = tn;
    if (tu <= tn) tu += dtu;
    if (tv <= tn) tv += dtv;
  }
}
