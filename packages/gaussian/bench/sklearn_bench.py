"""scikit-learn's side of `pnpm bench`: fits GaussianMixture on the case written by run.mjs.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 sklearn_bench.py CASE.json REPEATS [end-to-end [WARM_UPS]]
Prints one JSON object on stdout. Prints {"skipped": reason} when numpy/scikit-learn are absent.
Timing is the same as our side's: ms per iteration = (fit with max_iter=n − fit with max_iter=1) / (n − 1),
which leaves out validation, initialisation and the final E-step; median over REPEATS.
(scikit-learn 1.2.1 cannot fit with max_iter=0.)
With "end-to-end": the whole fit with the defaults (k-means initialisation, EM to convergence),
random_state=0, best of REPEATS after WARM_UPS fits (default 1), the first timed apart.
"""

import json
import os
import resource
import statistics
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
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:
    threadpool_info = None
    threadpool_limits = None


def current_rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    meta_path, repeats = sys.argv[1], int(sys.argv[2])
    with open(meta_path) as file:
        meta = json.load(file)
    X = np.fromfile(meta["dataFile"], dtype="<f8").reshape(meta["n"], meta["d"])
    if len(sys.argv) > 3 and sys.argv[3] == "end-to-end":
        warnings.simplefilter("ignore")
        limits = threadpool_limits(1) if threadpool_limits else None
        end_to_end(meta, X, repeats, int(sys.argv[4]) if len(sys.argv) > 4 else 1)
        del limits
        return
    init = meta["init"]

    def fit(max_iter):
        gmm = GaussianMixture(
            n_components=meta["k"],
            covariance_type=meta["covarianceType"],
            tol=0,
            reg_covar=meta["regCovar"],
            max_iter=max_iter,
            init_params="random_from_data",
            weights_init=np.array(init["weights"]),
            means_init=np.array(init["means"]),
            precisions_init=np.array(init["precisions"]),
            random_state=0,
        )
        start = time.perf_counter()
        gmm.fit(X)
        return time.perf_counter() - start, gmm

    warnings.simplefilter("ignore")  # tol=0 never converges, by design
    limits = threadpool_limits(1) if threadpool_limits else None
    n_iter = meta["iterations"]

    rss_before = current_rss_bytes()
    _, gmm = fit(n_iter)  # also the warm-up
    peak = max(0, peak_rss_bytes() - rss_before)

    per_iteration = []
    for _ in range(repeats):
        full, _ = fit(n_iter)
        setup, _ = fit(1)
        per_iteration.append(1000 * (full - setup) / (n_iter - 1))

    blas = None
    if threadpool_info:
        blas = [
            {k: info.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for info in threadpool_info()
        ]
    del limits
    print(
        json.dumps(
            {
                "library": f"scikit-learn {sklearn.__version__}",
                "msPerIteration": statistics.median(per_iteration),
                "runs": per_iteration,
                "peakMemoryBytes": peak,
                "lowerBound": float(gmm.lower_bound_),
                "blas": blas,
            }
        )
    )


def end_to_end(meta, X, repeats, warm_ups=1):
    def fit():
        gmm = GaussianMixture(n_components=meta["k"], covariance_type=meta["covarianceType"], random_state=0)
        start = time.perf_counter()
        gmm.fit(X)
        return 1000 * (time.perf_counter() - start), gmm

    first_fit_ms, _ = fit()  # warm-up
    for _ in range(1, warm_ups):
        fit()
    runs = []
    for _ in range(repeats):
        ms, gmm = fit()
        runs.append(ms)
    print(
        json.dumps(
            {
                "library": f"scikit-learn {sklearn.__version__}",
                "runs": runs,
                "msPerFit": min(runs),
                "firstFitMs": first_fit_ms,
                "nIter": int(gmm.n_iter_),
                "lowerBound": float(gmm.lower_bound_),
            }
        )
    )


main()
