/*
 * Reference distribution functions and goodness-of-fit tests for the statistical tests. They are
 * written from textbook formulas (Numerical Recipes, 3rd ed., §6.1–6.2 and §14.3), independently of
 * the samplers, and checked against published table values in test/helpers.test.ts.
 */

/** Complementary error function, Chebyshev fit with fractional error below 1.2e-7 everywhere. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 2 / (2 + z);
  const ty = 4 * t - 2;
  const coefficients = [
    -1.3026537197817094, 0.6419697923564902, 0.019476473204185836, -0.00956151478680863,
    -0.000946595344482036, 0.000366839497852761, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6,
    1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10,
    -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13,
    3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
  ];
  let d = 0;
  let dd = 0;
  for (let j = coefficients.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + coefficients[j]!;
    dd = tmp;
  }
  const value = t * Math.exp(-z * z + 0.5 * (coefficients[0]! + ty * d) - dd);
  return x >= 0 ? value : 2 - value;
}

export const normalCdf = (x: number, loc = 0, scale = 1): number =>
  0.5 * erfc(-(x - loc) / (scale * Math.SQRT2));

/** ln Γ(x) for x > 0 (Lanczos, Numerical Recipes `gammln`, relative error below 1e-15). */
export function logGamma(x: number): number {
  const cof = [
    57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202, 3.399464998481189e-5,
    4.652362892704858e-5, -9.837447530487956e-5, 0.0001580887032249125, -0.00021026444172410488,
    0.00021743961811521265, -0.0001643181065367639, 8.441822398385275e-5, -2.6190838401581408e-5,
    3.6899182659531625e-6,
  ];
  let y = x;
  const tmp = x + 5.2421875;
  const t = (x + 0.5) * Math.log(tmp) - tmp;
  let ser = 0.9999999999999971;
  for (const c of cof) ser += c / ++y;
  return t + Math.log((2.5066282746310007 * ser) / x);
}

/** Regularised lower incomplete gamma P(a, x): series below a + 1, continued fraction above. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 10000; n++) {
      del *= x / ++ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
    }
    return sum * front;
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - front * h;
}

export const gammaCdf = (x: number, shape: number, scale = 1): number => gammaP(shape, x / scale);
export const exponentialCdf = (x: number, scale = 1): number => (x <= 0 ? 0 : 1 - Math.exp(-x / scale));

/** Kolmogorov's limiting distribution Q_KS(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²). */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) sum += (k % 2 ? 2 : -2) * Math.exp(-2 * k * k * lambda * lambda);
  return Math.min(1, Math.max(0, sum));
}

/** One-sample Kolmogorov–Smirnov test (Stephens' small-sample correction of λ). */
export function ksTest(sample: ArrayLike<number>, cdf: (x: number) => number): { d: number; pValue: number } {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  const root = Math.sqrt(n);
  return { d, pValue: kolmogorovQ((root + 0.12 + 0.11 / root) * d) };
}

/** Pearson's chi-square test of observed counts against expected counts (same total). */
export function chiSquareTest(
  observed: ArrayLike<number>,
  expected: ArrayLike<number>,
  fittedParameters = 0,
): { statistic: number; df: number; pValue: number } {
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) statistic += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  const df = observed.length - 1 - fittedParameters;
  return { statistic, df, pValue: 1 - gammaP(df / 2, statistic / 2) };
}

/**
 * Chi-square test of integer draws against a probability mass function, pooling the tails so that
 * every expected count is at least 5 (Cochran's rule).
 */
export function chiSquareDiscrete(
  draws: ArrayLike<number>,
  pmf: (k: number) => number,
  support: [number, number],
): { statistic: number; df: number; pValue: number } {
  const n = draws.length;
  const [from, to] = support;
  const bins: { lo: number; hi: number; p: number }[] = [];
  let current = { lo: from, hi: from, p: 0 };
  for (let k = from; k <= to; k++) {
    current.p += pmf(k);
    current.hi = k;
    if (current.p * n >= 5) {
      bins.push(current);
      current = { lo: k + 1, hi: k + 1, p: 0 };
    }
  }
  // Whatever is left (the upper tail, including beyond `to`) joins the last bin.
  const last = bins[bins.length - 1]!;
  last.hi = Number.POSITIVE_INFINITY;
  last.p = 1 - bins.slice(0, -1).reduce((s, b) => s + b.p, 0);
  bins[0]!.lo = Number.NEGATIVE_INFINITY;
  const observed = new Float64Array(bins.length);
  for (let i = 0; i < n; i++) {
    const x = draws[i]!;
    const b = bins.findIndex((bin) => x >= bin.lo && x <= bin.hi);
    observed[b]!++;
  }
  return chiSquareTest(
    observed,
    bins.map((b) => b.p * n),
  );
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2;
  return s / (x.length - 1);
}

/** Pearson correlation of two equally long samples. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export const logFactorialRef = (k: number): number => logGamma(k + 1);
export const poissonPmf = (lam: number) => (k: number) =>
  Math.exp(-lam + k * Math.log(lam) - logFactorialRef(k));
export const binomialPmf = (n: number, p: number) => (k: number) =>
  k < 0 || k > n
    ? 0
    : Math.exp(
        logFactorialRef(n) -
          logFactorialRef(k) -
          logFactorialRef(n - k) +
          k * Math.log(p) +
          (n - k) * Math.log1p(-p),
      );
