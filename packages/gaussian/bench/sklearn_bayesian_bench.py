"""scikit-learn's side of bench/bayesian.mjs: fits BayesianGaussianMixture on the case it wrote.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 sklearn_bayesian_bench.py CASE.json REPEATS
Prints one JSON object on stdout ({"skipped": reason} when numpy/scikit-learn are absent).
ms per iteration = (fit with max_iter=n − fit with max_iter=1) / (n − 1), median over REPEATS,
which leaves out validation and initialisation, as the JavaScript side.
"""

import json
import os
import statistics
import sys
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

try:
    import numpy as np
    import sklearn
    from sklearn.mixture import BayesianGaussianMixture
except ImportError as error:
    print(json.dumps({"skipped": f"scikit-learn not importable: {error}"}))
    sys.exit(0)

try:
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None


def main():
    meta_path, repeats = sys.argv[1], int(sys.argv[2])
    with open(meta_path) as file:
        meta = json.load(file)
    X = np.fromfile(meta["dataFile"], dtype="<f8").reshape(meta["n"], meta["d"])

    def fit(max_iter):
        model = BayesianGaussianMixture(
            n_components=meta["k"],
            covariance_type=meta["covarianceType"],
            weight_concentration_prior_type=meta["priorType"],
            tol=0,
            reg_covar=meta["regCovar"],
            max_iter=max_iter,
            init_params="random_from_data",
            random_state=0,
        )
        start = time.perf_counter()
        model.fit(X)
        return time.perf_counter() - start

    warnings.simplefilter("ignore")  # tol=0 never converges, by design
    limits = threadpool_limits(1) if threadpool_limits else None
    n_iter = meta["iterations"]
    fit(n_iter)  # warm-up
    per_iteration = []
    for _ in range(repeats):
        full = fit(n_iter)
        setup = fit(1)
        per_iteration.append(1000 * (full - setup) / (n_iter - 1))
    del limits
    print(json.dumps({"library": f"scikit-learn {sklearn.__version__}",
                      "msPerIteration": statistics.median(per_iteration), "runs": per_iteration}))


main()
