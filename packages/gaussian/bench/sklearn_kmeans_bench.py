"""scikit-learn's side of bench/kmeans.mjs: the k-means that GaussianMixture's default
initialisation runs, KMeans(n_init=1, init="k-means++", algorithm="lloyd"), timed alone.

Usage: OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 sklearn_kmeans_bench.py DATA.bin N D K SEEDS
DATA.bin is little-endian float64, row-major. Fits once per random_state in SEEDS (comma-separated)
after a warm-up fit on the first rows, and prints one JSON object: the wall and CPU milliseconds of
all the seeds' fits together and each fit's iteration count. Prints {"skipped": reason} when
numpy/scikit-learn are absent.
"""

import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

try:
    import numpy as np
    import sklearn
    from sklearn.cluster import KMeans
except ImportError as error:  # the benchmark still runs our side
    print(json.dumps({"skipped": f"scikit-learn not importable: {error}"}))
    sys.exit(0)

path, n, d, k, seeds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
X = np.fromfile(path, dtype="<f8").reshape(n, d)


def fit(data, seed):
    # GaussianMixture._initialize_parameters: KMeans(n_clusters, n_init=1, random_state); lloyd
    # is its default algorithm in 1.2 ("auto" picks it for dense data), named here for clarity.
    return KMeans(n_clusters=k, n_init=1, init="k-means++", algorithm="lloyd", random_state=seed).fit(data)


fit(X[: min(n, 2000)], 0)
wall = time.perf_counter()
cpu = time.process_time()
iterations = [int(fit(X, int(seed)).n_iter_) for seed in seeds.split(",")]
print(
    json.dumps(
        {
            "wallMs": (time.perf_counter() - wall) * 1000,
            "cpuMs": (time.process_time() - cpu) * 1000,
            "iterations": iterations,
            "version": sklearn.__version__,
        }
    )
)
