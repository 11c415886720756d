/**
 * Small dense linear algebra for the mclust M-steps (d × d matrices, d rarely above 10): the
 * symmetric eigendecomposition by cyclic Jacobi rotations, and the orthogonal polar factor.
 * Matrices are flat row-major `Float64Array`s.
 */

/** Eigen-decomposition of a symmetric d × d matrix: eigenvalues in decreasing order, eigenvectors as columns. */
export function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const m = a.slice(0, d * d);
  const v = new Float64Array(d * d);
  jacobi(m, v, d);
  const order = Array.from({ length: d }, (_, i) => i).sort((x, y) => m[y * d + y]! - m[x * d + x]!);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  order.forEach((from, to) => {
    values[to] = m[from * d + from]!;
    for (let k = 0; k < d; k++) vectors[k * d + to] = v[k * d + from]!;
  });
  return { values, vectors };
}

/**
 * Cyclic Jacobi rotations in place: `m` (symmetric) becomes diagonal, its eigenvalues on the
 * diagonal in no particular order, and `v` the eigenvectors as columns.
 */
function jacobi(m: Float64Array, v: Float64Array, d: number): void {
  v.fill(0);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let scale = 0;
    for (let i = 0; i < d; i++) {
      scale += m[i * d + i]! ** 2;
      for (let j = i + 1; j < d; j++) off += m[i * d + j]! ** 2;
    }
    if (off <= 1e-30 * scale || off === 0) return;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q]!;
        if (apq === 0) continue;
        const theta = (m[q * d + q]! - m[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const mkp = m[k * d + p]!;
          const mkq = m[k * d + q]!;
          m[k * d + p] = c * mkp - s * mkq;
          m[k * d + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < d; k++) {
          const mpk = m[p * d + k]!;
          const mqk = m[q * d + k]!;
          m[p * d + k] = c * mpk - s * mqk;
          m[q * d + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
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
 * The orthogonal polar factor U Vᵀ of F = U S Vᵀ (its singular value decomposition), from the
 * eigenvectors V of FᵀF: U's columns are F v_j / s_j, and those of (numerically) zero singular
 * values are completed to an orthonormal basis, as LAPACK's SVD does for a rank-deficient F.
 * Written to `out`; `scratch` holds 3 d × d blocks (the inner loops call this thousands of times).
 */
export function polarFactor(
  f: Float64Array,
  d: number,
  out: Float64Array = new Float64Array(d * d),
  scratch: Float64Array = new Float64Array(3 * d * d),
): Float64Array {
  const dd = d * d;
  const m = scratch.subarray(0, dd);
  const v = scratch.subarray(dd, 2 * dd);
  const u = scratch.subarray(2 * dd, 3 * dd);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let sum = 0;
      for (let a = 0; a < d; a++) sum += f[a * d + i]! * f[a * d + j]!;
      m[i * d + j] = sum;
      m[j * d + i] = sum;
    }
  }
  jacobi(m, v, d);
  let largest = 0;
  for (let j = 0; j < d; j++) largest = Math.max(largest, m[j * d + j]!);
  const floor = Math.max(largest, Number.MIN_VALUE) * 1e-24;
  const filled = new Uint8Array(d);
  for (let j = 0; j < d; j++) {
    const value = m[j * d + j]!;
    if (!(value > floor)) continue;
    const s = Math.sqrt(value);
    for (let a = 0; a < d; a++) {
      let sum = 0;
      for (let b = 0; b < d; b++) sum += f[a * d + b]! * v[b * d + j]!;
      u[a * d + j] = sum / s;
    }
    filled[j] = 1;
  }
  // Gram–Schmidt on the unit vectors for the columns of zero singular values.
  let e = 0;
  for (let j = 0; j < d; j++) {
    if (filled[j]) continue;
    for (; e < d && !filled[j]; e++) {
      const column = new Float64Array(d);
      column[e] = 1;
      for (let other = 0; other < d; other++) {
        if (!filled[other]) continue;
        let dot = 0;
        for (let a = 0; a < d; a++) dot += column[a]! * u[a * d + other]!;
        for (let a = 0; a < d; a++) column[a]! -= dot * u[a * d + other]!;
      }
      const norm = Math.hypot(...column);
      if (norm > 1e-8) {
        for (let a = 0; a < d; a++) u[a * d + j] = column[a]! / norm;
        filled[j] = 1;
      }
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += u[a * d + j]! * v[b * d + j]!;
      out[a * d + b] = sum;
    }
  }
  return out;
}

/** Geometric mean of the first `d` entries of `values` from offset `off` (0 if any is ≤ 0). */
export function geometricMean(values: Float64Array, off: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const v = values[off + j]!;
    if (!(v > 0)) return 0;
    sum += Math.log(v);
  }
  return Math.exp(sum / d);
}
