// One (outermost) group's cross-products, gathered row by row, for a grouping factor alone or with
// any depth of factors nested in it ((1 | a/b/c)): shared by the in-memory block engine and the
// streamed/sharded pass, which add the same rows in the same order and so hand the kernel the same
// bits. Every nested level lies inside one group, so a group and its nested levels are one
// independent block of the mixed-model equations.

/** A nested level of one group: its label, its depth (1 = nested in the group) and its rows. */
export interface NestedLevel {
  /** The level's label (lme4's `c:b:a`: its own label, then its parent's). */
  label: string;
  /** 1 for a level nested in the group, 2 for one nested in such a level, … */
  depth: number;
  /** Rows of the level. */
  rows: number;
}

/**
 * One group's cross-products over all its random effects — its own q₀, then q_depth per nested level
 * in the order the levels came — so m = q₀ + Σ q_depth (reused between groups: copy what must be kept).
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
  /** The group's nested levels in block order (empty without nested factors). */
  nested: NestedLevel[];
}

/** A nested level's running cross-products within its group. */
interface NodeCross extends NestedLevel {
  /** The level's ancestors at depths 1 … depth − 1 (the group itself is depth 0). */
  ancestors: NodeCross[];
  /** Z_jᵀZ_depth with each ancestor j = 0 … depth − 1 (q_j × q_depth). */
  cross: Float64Array[];
  /** Z_depthᵀZ_depth, Z_depthᵀX, Z_depthᵀy. */
  zz: Float64Array;
  zx: Float64Array;
  zy: Float64Array;
}

/** Sums over one group's rows, reset between groups. */
export class GroupBlock {
  private readonly own: GroupCross;
  private readonly out: GroupCross;
  private levels: NodeCross[] = [];
  private levelOf = new Map<string, NodeCross>();
  private readonly path: NodeCross[] = [];

  /**
   * @param p Fixed effects.
   * @param qs Random-effect terms of the group's own factor, then of each nested depth.
   */
  constructor(
    private readonly p: number,
    private readonly qs: readonly number[],
  ) {
    const q = qs[0]!;
    const empty = (): GroupCross => ({
      m: q,
      ztz: new Float64Array(q * q),
      ztx: new Float64Array(q * p),
      zty: new Float64Array(q),
      nested: [],
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

  /** The node of `label` at `depth` (under the path so far), created as it first comes. */
  private node(label: string, depth: number): NodeCross {
    // Keyed by depth too: labels of two depths never stand for one level.
    const key = `${depth}\u0000${label}`;
    let node = this.levelOf.get(key);
    if (node) return node;
    const { p, qs } = this;
    const q = qs[depth]!;
    node = {
      label,
      depth,
      rows: 0,
      ancestors: this.path.slice(0, depth - 1),
      cross: qs.slice(0, depth).map((qj) => new Float64Array(qj * q)),
      zz: new Float64Array(q * q),
      zx: new Float64Array(q * p),
      zy: new Float64Array(q),
    };
    this.levelOf.set(key, node);
    this.levels.push(node);
    return node;
  }

  /**
   * Adds row `i` of row-major arrays: `zs[k]` the Z of depth k (n × q_k; zs[0] the group's own),
   * `x` (n × p), its response `yi` and `labels[k − 1]` its level at depth k ≥ 1 (lme4's full label).
   */
  add(zs: readonly Float64Array[], i: number, x: Float64Array, yi: number, labels: readonly string[]): void {
    const p = this.p;
    const q = this.qs[0]!;
    const xr = i * p;
    const z = zs[0]!;
    const zr = i * q;
    const { ztz, ztx, zty } = this.own;
    for (let a = 0; a < q; a++) {
      const za = z[zr + a]!;
      zty[a]! += za * yi;
      for (let c = 0; c < q; c++) ztz[a * q + c]! += za * z[zr + c]!;
      for (let c = 0; c < p; c++) ztx[a * p + c]! += za * x[xr + c]!;
    }
    for (let depth = 1; depth < this.qs.length; depth++) {
      const node = this.node(labels[depth - 1]!, depth);
      this.path[depth - 1] = node;
      node.rows++;
      const qk = this.qs[depth]!;
      const w = zs[depth]!;
      const wr = i * qk;
      for (let a = 0; a < qk; a++) {
        const wa = w[wr + a]!;
        node.zy[a]! += wa * yi;
        for (let c = 0; c < qk; c++) node.zz[a * qk + c]! += wa * w[wr + c]!;
        for (let c = 0; c < p; c++) node.zx[a * p + c]! += wa * x[xr + c]!;
        for (let j = 0; j < depth; j++) {
          const qj = this.qs[j]!;
          const zj = zs[j]!;
          const cross = node.cross[j]!;
          for (let c = 0; c < qj; c++) cross[c * qk + a]! += zj[i * qj + c]! * wa;
        }
      }
    }
  }

  /** The group's sums: its own (no nested factor), or laid out as one m × m system. */
  finish(): GroupCross {
    const { p, qs, own, levels } = this;
    const out = this.out;
    if (qs.length === 1) return own;
    const q = qs[0]!;
    const offset = new Map<NodeCross, number>();
    let m = q;
    for (const level of levels) {
      offset.set(level, m);
      m += qs[level.depth]!;
    }
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
    for (const level of levels) {
      const o = offset.get(level)!;
      const qk = qs[level.depth]!;
      level.cross.forEach((cross, j) => {
        const oj = j === 0 ? 0 : offset.get(level.ancestors[j - 1]!)!;
        const qj = qs[j]!;
        for (let a = 0; a < qk; a++)
          for (let c = 0; c < qj; c++) {
            ztz[(oj + c) * m + o + a] = cross[c * qk + a]!;
            ztz[(o + a) * m + oj + c] = cross[c * qk + a]!;
          }
      });
      for (let a = 0; a < qk; a++) {
        for (let c = 0; c < qk; c++) ztz[(o + a) * m + o + c] = level.zz[a * qk + c]!;
        for (let c = 0; c < p; c++) ztx[(o + a) * p + c] = level.zx[a * p + c]!;
        zty[o + a] = level.zy[a]!;
      }
    }
    return {
      m,
      ztz,
      ztx,
      zty,
      nested: levels.map(({ label, depth, rows }) => ({ label, depth, rows })),
    };
  }
}

/**
 * The precision of one group's m effects: blockdiag(Ψ₀⁻¹, Ψ_depth⁻¹ per nested level in block order),
 * into `out` if it fits. `psiInverse[k]` is depth k's (q_k × q_k).
 */
export function groupPrecision(
  qs: readonly number[],
  m: number,
  psiInverse: readonly Float64Array[],
  nested: readonly NestedLevel[],
  out: Float64Array,
): Float64Array {
  const pinv = out.length >= m * m ? out.subarray(0, m * m) : new Float64Array(m * m);
  pinv.fill(0);
  const place = (o: number, k: number) => {
    const q = qs[k]!;
    const source = psiInverse[k]!;
    for (let a = 0; a < q; a++) for (let c = 0; c < q; c++) pinv[(o + a) * m + o + c] = source[a * q + c]!;
    return o + q;
  };
  let o = place(0, 0);
  for (const level of nested) o = place(o, level.depth);
  return pinv;
}

/** The group's m × m EM statistics `ga` added to each depth's (q_k × q_k): `accs[k]`. */
export function foldGroupStats(
  qs: readonly number[],
  m: number,
  nested: readonly NestedLevel[],
  ga: Float64Array,
  accs: readonly Float64Array[],
): void {
  const fold = (o: number, k: number) => {
    const q = qs[k]!;
    const acc = accs[k]!;
    for (let a = 0; a < q; a++) for (let c = 0; c < q; c++) acc[a * q + c]! += ga[(o + a) * m + o + c]!;
    return o + q;
  };
  let o = fold(0, 0);
  for (const level of nested) o = fold(o, level.depth);
}
