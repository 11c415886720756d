"""pomegranate's side of `pnpm bench` for @em/hmm: Baum-Welch on the case written by run.mjs.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 pomegranate_bench.py CASE.json DATA.f64 REPEATS
Prints one JSON object; {"skipped": reason} when pomegranate is not importable.
ms per iteration = (fit with n updates - fit with 2 updates) / (n - 2), single-threaded (n_jobs=1),
plain maximum likelihood; pomegranate's max_iterations=m performs m + 1 updates.
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
try:
    import numpy as np
    import pomegranate
    from pomegranate import DiscreteDistribution, HiddenMarkovModel, NormalDistribution
except ImportError as error:
    print(json.dumps({"skipped": f"pomegranate not importable: {error}"}))
    sys.exit(0)

case = json.load(open(sys.argv[1]))
X = np.fromfile(sys.argv[2], dtype="<f8")
repeats = int(sys.argv[3])
init = case["init"]
s = len(init["startProb"])


def build():
    if case["kind"] == "categorical":
        dists = [DiscreteDistribution({o: p for o, p in enumerate(row)}) for row in init["emissionProb"]]
    else:
        dists = [NormalDistribution(m[0], np.sqrt(c[0])) for m, c in zip(init["means"], init["covars"])]
    names = ["s%03d" % j for j in range(s)]
    return HiddenMarkovModel.from_matrix(
        np.array(init["transMat"]), dists, np.array(init["startProb"]), state_names=names, merge="None"
    )


def fit_seconds(updates):
    model = build()
    start = time.perf_counter()
    model.fit([X], max_iterations=updates - 1, min_iterations=updates - 1, stop_threshold=1e-300,
              pseudocount=0, inertia=0.0, verbose=False, n_jobs=1, multiple_check_input=False)
    seconds = time.perf_counter() - start
    return seconds, float(model.log_probability(X))


n = case["iterations"]
fit_seconds(2)  # warm-up
per_iteration = []
log_prob = None
for _ in range(repeats):
    many, log_prob = fit_seconds(n)
    two, _ = fit_seconds(2)
    per_iteration.append((many - two) / (n - 2) * 1000)
print(json.dumps({"version": pomegranate.__version__, "msPerIteration": statistics.median(per_iteration),
                  "logProb": log_prob}))
