"""scikit-learn's side of bench/squarem.mjs: plain EM to convergence on the data it wrote.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 sklearn_squarem.py META.json REPEATS MIN_MS
META.json gives the data file (little-endian float64, row-major), n, d, k, tol, max_iter, reg_covar and
the initial weights, means and precisions. Each repeat times a loop of as many whole fits as take at
least MIN_MS (counted once, after a warm-up fit). Prints one JSON object on stdout, or
{"skipped": reason} when numpy/scikit-learn are absent.
"""

import json
import os
import sys
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

try:
    import numpy as np
    import sklearn
    from sklearn.mixture import GaussianMixture
except ImportError as error:  # the benchmark still runs our side
    print(json.dumps({"skipped": f"scikit-learn not importable: {error}"}))
    sys.exit(0)

try:
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None


def main():
    meta_path, repeats, min_ms = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    with open(meta_path) as file:
        meta = json.load(file)
    X = np.fromfile(meta["dataFile"], dtype="<f8").reshape(meta["n"], meta["d"])
    init = meta["init"]

    def fit():
        return GaussianMixture(
            n_components=meta["k"],
            covariance_type="full",
            tol=meta["tol"],
            reg_covar=meta["regCovar"],
            max_iter=meta["maxIter"],
            weights_init=np.array(init["weights"]),
            means_init=np.array(init["means"]),
            precisions_init=np.array(init["precisions"]),
        ).fit(X)

    def time_loop(count):
        start = time.perf_counter()
        for _ in range(count):
            fit()
        return 1000 * (time.perf_counter() - start)

    warnings.simplefilter("ignore")
    limits = threadpool_limits(1) if threadpool_limits else None
    gmm = fit()  # also the warm-up
    count = 1
    while time_loop(count) < min_ms:
        count *= 2
    ms = [time_loop(count) / count for _ in range(repeats)]
    del limits
    print(
        json.dumps(
            {
                "library": f"scikit-learn {sklearn.__version__}",
                "msPerFit": ms,
                "fitsPerTiming": count,
                "nIter": int(gmm.n_iter_),
                "converged": bool(gmm.converged_),
                "lowerBound": float(gmm.lower_bound_),
                "means": gmm.means_.ravel().tolist(),
                "weights": gmm.weights_.tolist(),
            }
        )
    )


main()
