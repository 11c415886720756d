// One group's cross-products, gathered row by row, for a grouping factor alone or with a factor
// nested in it: shared by the in-memory nested engine and the streamed/sharded pass, which add the
// same rows in the same order and so hand the kernel the same bits.

/**
 * One group's cross-products over all its random effects — its own q, then q2 per nested level in
 * the order they came — so m = q + q2 · levels (reused between groups: copy what must be kept).
 */
export interface GroupCross {
  /** Random effects of the group. */
  m: number;
  /** ZᵀZ, m × m. */
  ztz: Float64Array;
  /** ZᵀX, m × p. */
  ztx: Float64Array;
  /** Zᵀy, m. */
  zty: Float64Array;
  /** The group's nested levels in block order; undefined without a nested factor. */
  inner: string[] | undefined;
  /** Rows of each nested level. */
  innerCounts: number[];
}

/** A nested level's running cross-products within its group. */
interface InnerCross {
  label: string;
  rows: number;
  /** Z₁ᵀZ₂ (q × q2), Z₂ᵀZ₂ (q2 × q2), Z₂ᵀX (q2 × p), Z₂ᵀy (q2). */
  z12: Float64Array;
  z22: Float64Array;
  z2x: Float64Array;
  z2y: Float64Array;
}

/** Sums over one group's rows, reset between groups. */
export class GroupBlock {
  private readonly own: GroupCross;
  private readonly out: GroupCross;
  private levels: InnerCross[] = [];
  private levelOf = new Map<string, InnerCross>();

  constructor(
    private readonly p: number,
    private readonly q: number,
    private readonly q2: number,
  ) {
    const empty = (): GroupCross => ({
      m: q,
      ztz: new Float64Array(q * q),
      ztx: new Float64Array(q * p),
      zty: new Float64Array(q),
      inner: undefined,
      innerCounts: [],
    });
    this.own = empty();
    this.out = empty();
  }

  /** Starts a new group. */
  reset(): void {
    this.own.ztz.fill(0);
    this.own.ztx.fill(0);
    this.own.zty.fill(0);
    this.levels = [];
    this.levelOf = new Map();
  }

  /** Adds a row: its z (q at `zr`), x (p at `xr`), y and, with a nested factor, its level and w (q2 at `wr`). */
  add(
    z: Float64Array,
    zr: number,
    x: Float64Array,
    xr: number,
    yi: number,
    level?: string,
    w?: Float64Array,
    wr = 0,
  ): void {
    const p = this.p;
    const q = this.q;
    const q2 = this.q2;
    const { ztz, ztx, zty } = this.own;
    for (let a = 0; a < q; a++) {
      const za = z[zr + a]!;
      zty[a]! += za * yi;
      for (let c = 0; c < q; c++) ztz[a * q + c]! += za * z[zr + c]!;
      for (let c = 0; c < p; c++) ztx[a * p + c]! += za * x[xr + c]!;
    }
    if (level === undefined || w === undefined) return;
    let inner = this.levelOf.get(level);
    if (!inner) {
      inner = {
        label: level,
        rows: 0,
        z12: new Float64Array(q * q2),
        z22: new Float64Array(q2 * q2),
        z2x: new Float64Array(q2 * p),
        z2y: new Float64Array(q2),
      };
      this.levelOf.set(level, inner);
      this.levels.push(inner);
    }
    inner.rows++;
    for (let a = 0; a < q2; a++) {
      const wa = w[wr + a]!;
      inner.z2y[a]! += wa * yi;
      for (let c = 0; c < q2; c++) inner.z22[a * q2 + c]! += wa * w[wr + c]!;
      for (let c = 0; c < p; c++) inner.z2x[a * p + c]! += wa * x[xr + c]!;
      for (let c = 0; c < q; c++) inner.z12[c * q2 + a]! += z[zr + c]! * wa;
    }
  }

  /** The group's sums: its own (no nested factor), or laid out as one m × m system. */
  finish(): GroupCross {
    const p = this.p;
    const q = this.q;
    const q2 = this.q2;
    const own = this.own;
    const out = this.out;
    const levels = this.levels;
    if (q2 === 0) return own;
    const m = q + q2 * levels.length;
    if (out.ztz.length < m * m) {
      out.ztz = new Float64Array(m * m);
      out.ztx = new Float64Array(m * p);
      out.zty = new Float64Array(m);
    }
    const ztz = out.ztz.subarray(0, m * m);
    const ztx = out.ztx.subarray(0, m * p);
    const zty = out.zty.subarray(0, m);
    ztz.fill(0);
    for (let a = 0; a < q; a++) {
      for (let c = 0; c < q; c++) ztz[a * m + c] = own.ztz[a * q + c]!;
      for (let c = 0; c < p; c++) ztx[a * p + c] = own.ztx[a * p + c]!;
      zty[a] = own.zty[a]!;
    }
    levels.forEach((level, j) => {
      const o = q + j * q2;
      for (let a = 0; a < q2; a++) {
        for (let c = 0; c < q; c++) {
          ztz[c * m + o + a] = level.z12[c * q2 + a]!;
          ztz[(o + a) * m + c] = level.z12[c * q2 + a]!;
        }
        for (let c = 0; c < q2; c++) ztz[(o + a) * m + o + c] = level.z22[a * q2 + c]!;
        for (let c = 0; c < p; c++) ztx[(o + a) * p + c] = level.z2x[a * p + c]!;
        zty[o + a] = level.z2y[a]!;
      }
    });
    return {
      m,
      ztz,
      ztx,
      zty,
      inner: levels.map((l) => l.label),
      innerCounts: levels.map((l) => l.rows),
    };
  }
}

/** The precision of one group's m = q + q2·J effects: blockdiag(Ψ⁻¹, I_J ⊗ Ψ₂⁻¹), into `out` if it fits. */
export function groupPrecision(
  q: number,
  q2: number,
  m: number,
  outer: Float64Array,
  inner: Float64Array,
  out: Float64Array,
): Float64Array {
  const pinv = out.length >= m * m ? out.subarray(0, m * m) : new Float64Array(m * m);
  pinv.fill(0);
  for (let a = 0; a < q; a++) for (let c = 0; c < q; c++) pinv[a * m + c] = outer[a * q + c]!;
  for (let o = q; o < m; o += q2)
    for (let a = 0; a < q2; a++) for (let c = 0; c < q2; c++) pinv[(o + a) * m + o + c] = inner[a * q2 + c]!;
  return pinv;
}

/** The group's m × m EM statistics `ga` added to its own factor's (q × q) and the nested one's (q2 × q2). */
export function foldGroupStats(
  q: number,
  q2: number,
  m: number,
  ga: Float64Array,
  acc: Float64Array,
  innerAcc: Float64Array,
): void {
  for (let a = 0; a < q; a++) for (let c = 0; c < q; c++) acc[a * q + c]! += ga[a * m + c]!;
  for (let o = q; o < m; o += q2)
    for (let a = 0; a < q2; a++)
      for (let c = 0; c < q2; c++) innerAcc[a * q2 + c]! += ga[(o + a) * m + o + c]!;
}
