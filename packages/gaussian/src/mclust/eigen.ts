/**
 * Small dense linear algebra for the mclust M-steps (d × d matrices, d rarely above 10): the
 * symmetric eigendecomposition by cyclic Jacobi rotations, and the orthogonal polar factor.
 * Matrices are flat row-major `Float64Array`s.
 */
import { type Jacobi, jacobiFor } from './jacobi.js';
import { type SmallProducts, smallProducts } from './small-products.js';

/** Eigen-decomposition of a symmetric d × d matrix: eigenvalues in decreasing order, eigenvectors as columns. */
export function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  symmetricEigenInto(a, 0, d, values, vectors, new Float64Array(2 * d * d), new Int32Array(d));
  return { values, vectors };
}

/**
 * {@link symmetricEigen} of the d × d matrix at offset `off` of `a`, into `values` and `vectors`,
 * without allocating: `work` holds 2 d × d blocks and `order` d indices.
 */
export function symmetricEigenInto(
  a: Float64Array,
  off: number,
  d: number,
  values: Float64Array,
  vectors: Float64Array,
  work: Float64Array,
  order: Int32Array,
): void {
  const dd = d * d;
  const m = work.subarray(0, dd);
  const v = work.subarray(dd, 2 * dd);
  for (let i = 0; i < dd; i++) m[i] = a[off + i]!;
  jacobiFor(d)(m, v, d);
  decreasingOrder(m, d, order);
  for (let to = 0; to < d; to++) {
    const from = order[to]!;
    values[to] = m[from * d + from]!;
    for (let k = 0; k < d; k++) vectors[k * d + to] = v[k * d + from]!;
  }
}

/**
 * The eigenvalues of the symmetric d × d matrix at offset `off` of `a`, decreasing, into `values`,
 * as {@link symmetricEigen} without allocating: `work` holds 2 d × d blocks and `order` d indices
 * (for inner loops that need only the values).
 */
export function symmetricEigenvaluesInto(
  a: Float64Array,
  d: number,
  values: Float64Array,
  work: Float64Array,
  order: Int32Array,
  off = 0,
): void {
  const dd = d * d;
  const m = work.subarray(0, dd);
  const v = work.subarray(dd, 2 * dd);
  for (let i = 0; i < dd; i++) m[i] = a[off + i]!;
  jacobiFor(d)(m, v, d);
  decreasingOrder(m, d, order);
  for (let to = 0; to < d; to++) values[to] = m[order[to]! * (d + 1)]!;
}

/** Indices of the diagonal of `m` by decreasing value, ties in index order (stable insertion sort). */
function decreasingOrder(m: Float64Array, d: number, order: Int32Array): void {
  for (let i = 0; i < d; i++) {
    let at = i;
    while (at > 0 && m[order[at - 1]! * (d + 1)]! < m[i * (d + 1)]!) {
      order[at] = order[at - 1]!;
      at--;
    }
    order[at] = i;
  }
}

/** `a · b` for d × d matrices. */
export function multiply(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j]! += aik * b[k * d + j]!;
    }
  }
  return out;
}

/** The transpose of a d × d matrix. */
export function transpose(a: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[j * d + i] = a[i * d + j]!;
  return out;
}

/**
 * Work arrays of {@link polarFactor}, reused across the thousands of calls of an inner loop. `basis`
 * keeps the eigenvectors of FᵀF from the previous call: the next F differs little, so Jacobi
 * started from them needs one or two sweeps instead of five or more.
 */
export interface PolarWork {
  /** FᵀF rotated into `basis` (d × d). */
  m: Float64Array;
  /** U (d × d). */
  u: Float64Array;
  /** F · basis (d × d). */
  g: Float64Array;
  /** Eigenvectors of the previous FᵀF (columns); identity before the first call. */
  basis: Float64Array;
  /** The columns of the previous F that were exactly zero. */
  zeroColumns: Uint8Array;
  /** Which columns of U are set (the others are completed to an orthonormal basis). */
  filled: Uint8Array;
  /** One column being orthonormalised. */
  column: Float64Array;
  /** The d × d products, unrolled for d where the environment allows. */
  products: SmallProducts;
  /** Jacobi rotations for d, unrolled where the environment allows. */
  jacobi: Jacobi;
}

/** Fresh {@link PolarWork} for d × d matrices. */
export function polarWork(d: number): PolarWork {
  const dd = d * d;
  const basis = new Float64Array(dd);
  for (let j = 0; j < d; j++) basis[j * d + j] = 1;
  return {
    m: new Float64Array(dd),
    u: new Float64Array(dd),
    g: new Float64Array(dd),
    basis,
    zeroColumns: new Uint8Array(d),
    filled: new Uint8Array(d),
    column: new Float64Array(d),
    products: smallProducts(d),
    jacobi: jacobiFor(d),
  };
}

/** Makes `work` as {@link polarWork} made it, for a new sequence of calls (the arrays are kept). */
export function resetPolarWork(work: PolarWork, d: number): void {
  identityInto(work.basis, d);
  work.zeroColumns.fill(0);
}

/**
 * What {@link polarFactor} carries from one call to the next (the basis, then the zero-column
 * flags), as a copy: kept with a fit's other warm starts so that its next sequence of calls
 * resumes from it ({@link resumePolarWork}) whatever ran in between.
 */
export function polarState(work: PolarWork, d: number): Float64Array {
  const dd = d * d;
  const state = new Float64Array(dd + d);
  state.set(work.basis);
  for (let j = 0; j < d; j++) state[dd + j] = work.zeroColumns[j]!;
  return state;
}

/** Puts `state` from {@link polarState} back into `work`, or resets it ({@link resetPolarWork}) when there is none. */
export function resumePolarWork(work: PolarWork, d: number, state: Float64Array | undefined): void {
  if (!state) {
    resetPolarWork(work, d);
    return;
  }
  const dd = d * d;
  for (let i = 0; i < dd; i++) work.basis[i] = state[i]!;
  for (let j = 0; j < d; j++) work.zeroColumns[j] = state[dd + j]!;
}

/**
 * The orthogonal polar factor U Vᵀ of F = U S Vᵀ (its singular value decomposition), from the
 * eigenvectors V of FᵀF: U's columns are F v_j / s_j, and those of (numerically) zero singular
 * values are completed to an orthonormal basis, as LAPACK's SVD does for a rank-deficient F.
 * Written to `out`. The eigenvectors are found by Jacobi on Bᵀ FᵀF B, B the previous call's V
 * (kept in `work.basis`), so repeated calls on slowly changing F are cheap. The polar factor of a
 * rank-deficient F depends on the null vectors Jacobi picks, so these come out as from the
 * identity: exactly zero columns of F keep their unit vector (B restarts from the identity when
 * the set of zero columns changes), and any other null direction is recomputed from the identity.
 */
export function polarFactor(
  f: Float64Array,
  d: number,
  out: Float64Array = new Float64Array(d * d),
  work: PolarWork = polarWork(d),
): Float64Array {
  const { basis, zeroColumns } = work;
  let zeroCount = 0;
  let sameZeros = true;
  for (let j = 0; j < d; j++) {
    let zero = 1;
    for (let a = 0; a < d; a++) if (f[a * d + j] !== 0) zero = 0;
    zeroCount += zero;
    if (zeroColumns[j] !== zero) sameZeros = false;
    zeroColumns[j] = zero;
  }
  if (!sameZeros) identityInto(basis, d);
  const cold = !sameZeros || isIdentity(basis, d);
  if (polarFrom(f, d, out, work) > zeroCount && !cold) {
    identityInto(basis, d);
    polarFrom(f, d, out, work);
  }
  return out;
}

function identityInto(a: Float64Array, d: number): void {
  a.fill(0);
  for (let j = 0; j < d; j++) a[j * d + j] = 1;
}

function isIdentity(a: Float64Array, d: number): boolean {
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) if (a[i * d + j] !== (i === j ? 1 : 0)) return false;
  return true;
}

/** {@link polarFactor} from `work.basis` (replaced by the new eigenvectors); returns the number of null directions. */
function polarFrom(f: Float64Array, d: number, out: Float64Array, work: PolarWork): number {
  const { m, u, g, basis, filled, column, products, jacobi } = work;
  // G = F B, then M = Gᵀ G = Bᵀ FᵀF B.
  products.times(f, basis, g, 1);
  products.gram(g, m);
  // The rotations R accumulate onto B: V = B R, the next basis.
  jacobi(m, basis, d, true);
  products.times(f, basis, u, 1);
  let largest = 0;
  for (let j = 0; j < d; j++) largest = Math.max(largest, m[j * d + j]!);
  const floor = Math.max(largest, Number.MIN_VALUE) * 1e-24;
  filled.fill(0);
  let nullCount = 0;
  for (let j = 0; j < d; j++) {
    const value = m[j * d + j]!;
    if (!(value > floor)) {
      nullCount++;
      continue;
    }
    const inverse = 1 / Math.sqrt(value);
    for (let a = 0; a < d; a++) u[a * d + j]! *= inverse;
    filled[j] = 1;
  }
  // Gram–Schmidt on the unit vectors for the columns of zero singular values.
  let e = 0;
  for (let j = 0; j < d; j++) {
    if (filled[j]) continue;
    for (; e < d && !filled[j]; e++) {
      column.fill(0);
      column[e] = 1;
      for (let other = 0; other < d; other++) {
        if (!filled[other]) continue;
        let dot = 0;
        for (let a = 0; a < d; a++) dot += column[a]! * u[a * d + other]!;
        for (let a = 0; a < d; a++) column[a]! -= dot * u[a * d + other]!;
      }
      let norm = 0;
      for (let a = 0; a < d; a++) norm += column[a]! * column[a]!;
      norm = Math.sqrt(norm);
      if (norm > 1e-8) {
        for (let a = 0; a < d; a++) u[a * d + j] = column[a]! / norm;
        filled[j] = 1;
      }
    }
  }
  // U Vᵀ.
  products.timesTransposed(u, basis, out, 1);
  return nullCount;
}

/** The smallest positive normal double: below it a product has lost precision. */
const MIN_NORMAL = 2 ** -1022;

/** Geometric mean of the first `d` entries of `values` from offset `off` (0 if any is ≤ 0). */
export function geometricMean(values: Float64Array, off: number, d: number): number {
  // The d-th root of the product (one power instead of d logarithms: the EVE/VVE inner loops take
  // one per component and round), unless the product leaves the normal range.
  let product = 1;
  for (let j = 0; j < d; j++) product *= values[off + j]!;
  if (product >= MIN_NORMAL && product <= Number.MAX_VALUE) {
    for (let j = 0; j < d; j++) if (!(values[off + j]! > 0)) return 0;
    return product ** (1 / d);
  }
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const v = values[off + j]!;
    if (!(v > 0)) return 0;
    sum += Math.log(v);
  }
  return Math.exp(sum / d);
}
