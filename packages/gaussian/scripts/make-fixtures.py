#!/usr/bin/python3
"""Reference fixtures for @em/gaussian, computed with scikit-learn's GaussianMixture.

Run from the package directory with Debian's Python (scikit-learn 1.2.1):

    /usr/bin/python3 scripts/make-fixtures.py

It writes test/fixtures/sklearn-gmm.json, which is committed so CI needs no Python. Every run
starts from explicit initial weights, means and precisions (numpy's random stream cannot be
reproduced in JavaScript), with tol=0 so exactly max_iter iterations run.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _compute_precision_cholesky

warnings.simplefilter("ignore", ConvergenceWarning)
rng = np.random.RandomState(20240601)
TYPES = ["full", "tied", "diag", "spherical"]
ITERATIONS = [1, 5, 20]


def datasets():
    # Three overlapping 3-D clusters with correlated, unequal covariances.
    a = rng.multivariate_normal([0, 0, 0], [[1.0, 0.6, 0.2], [0.6, 2.0, -0.3], [0.2, -0.3, 0.5]], 120)
    b = rng.multivariate_normal([3, 1, -1], [[0.5, -0.2, 0.0], [-0.2, 0.8, 0.1], [0.0, 0.1, 1.5]], 100)
    c = rng.multivariate_normal([1, 4, 2], [[2.0, 0.0, 0.7], [0.0, 0.3, 0.0], [0.7, 0.0, 1.0]], 80)
    multi = np.vstack([a, b, c])
    rng.shuffle(multi)
    # Two overlapping 1-D groups (the univariate fast path).
    uni = np.concatenate([rng.normal(20, 5, 150), rng.normal(40, 5, 250)])
    rng.shuffle(uni)
    return {"multivariate": multi, "univariate": uni.reshape(-1, 1)}


def initial(X, k, covariance_type):
    """Deliberately rough initial parameters: spread-out data points and scaled data covariance."""
    n, d = X.shape
    weights = np.linspace(1.0, 2.0, k)
    weights /= weights.sum()
    means = X[np.linspace(0, n - 1, k).astype(int)] + 0.25
    base = np.atleast_2d(np.cov(X.T)) * 0.6 + 0.1 * np.eye(d)
    covs = np.array([base * (1.0 + 0.3 * c) for c in range(k)])
    if covariance_type == "full":
        covariances = covs
    elif covariance_type == "tied":
        covariances = base
    elif covariance_type == "diag":
        covariances = np.array([np.diag(cv) for cv in covs])
    else:
        covariances = np.array([np.diag(cv).mean() for cv in covs])
    prec_chol = _compute_precision_cholesky(covariances, covariance_type)
    if covariance_type == "full":
        precisions = np.array([p @ p.T for p in prec_chol])
    elif covariance_type == "tied":
        precisions = prec_chol @ prec_chol.T
    else:
        precisions = prec_chol**2
    return weights, means, precisions


def fitted(gmm):
    return {
        "weights": gmm.weights_.tolist(),
        "means": gmm.means_.tolist(),
        "covariances": gmm.covariances_.tolist(),
        "precisions": gmm.precisions_.tolist(),
        "precisionsCholesky": gmm.precisions_cholesky_.tolist(),
        "lowerBound": float(gmm.lower_bound_),
        "nIter": int(gmm.n_iter_),
        "converged": bool(gmm.converged_),
    }


def main():
    out = {
        "generator": "scripts/make-fixtures.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "regCovar": 1e-6,
        "datasets": {},
        "runs": [],
        "evaluations": [],
        "converged": [],
    }
    data = datasets()
    query = {
        "multivariate": np.vstack([rng.normal(1, 2, size=(40, 3)), [[30.0, -30.0, 30.0]]]),
        "univariate": np.concatenate([rng.normal(30, 12, 40), [200.0, -150.0]]).reshape(-1, 1),
    }
    for name, X in data.items():
        out["datasets"][name] = {"X": X.tolist(), "query": query[name].tolist()}
        k = 3 if name == "multivariate" else 2
        for covariance_type in TYPES:
            weights, means, precisions = initial(X, k, covariance_type)
            init = {"weights": weights.tolist(), "means": means.tolist(), "precisions": precisions.tolist()}
            for max_iter in ITERATIONS:
                gmm = GaussianMixture(
                    n_components=k,
                    covariance_type=covariance_type,
                    tol=0.0,
                    reg_covar=1e-6,
                    max_iter=max_iter,
                    weights_init=weights,
                    means_init=means,
                    precisions_init=precisions,
                ).fit(X)
                out["runs"].append(
                    {"dataset": name, "covarianceType": covariance_type, "nComponents": k,
                     "maxIter": max_iter, "init": init, "expected": fitted(gmm)}
                )
                if max_iter == 5:
                    # Fixed parameters (those after 5 iterations) evaluated on new points.
                    Q = query[name]
                    out["evaluations"].append(
                        {"dataset": name, "covarianceType": covariance_type, "nComponents": k,
                         "params": {"weights": gmm.weights_.tolist(), "means": gmm.means_.tolist(),
                                    "covariances": gmm.covariances_.tolist()},
                         "scoreSamples": gmm.score_samples(Q).tolist(),
                         "predictProba": gmm.predict_proba(Q).tolist(),
                         "predict": gmm.predict(Q).tolist(),
                         "score": float(gmm.score(Q)),
                         "bic": float(gmm.bic(Q)),
                         "aic": float(gmm.aic(Q)),
                         "nParameters": int(gmm._n_parameters())}
                    )
            # Converged fit from scikit-learn's default k-means initialisation (best of 5).
            gmm = GaussianMixture(n_components=k, covariance_type=covariance_type, tol=1e-12,
                                  max_iter=5000, n_init=5, random_state=0).fit(X)
            out["converged"].append(
                {"dataset": name, "covarianceType": covariance_type, "nComponents": k,
                 "expected": fitted(gmm), "bic": float(gmm.bic(X)), "aic": float(gmm.aic(X))}
            )
    # warm_start: a second fit continues from the first and compares its first iteration with
    # the first fit's lower bound.
    X = data["multivariate"]
    weights, means, precisions = initial(X, 3, "full")
    gmm = GaussianMixture(n_components=3, covariance_type="full", tol=1e-3, max_iter=100, warm_start=True,
                          weights_init=weights, means_init=means, precisions_init=precisions)
    out["warmStart"] = {"dataset": "multivariate", "covarianceType": "full", "nComponents": 3, "tol": 1e-3,
                        "init": {"weights": weights.tolist(), "means": means.tolist(),
                                 "precisions": precisions.tolist()},
                        "fits": [fitted(gmm.fit(X)), fitted(gmm.fit(X)), fitted(gmm.fit(X))]}
    path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "sklearn-gmm.json")
    with open(path, "w") as handle:
        json.dump(out, handle, indent=None, separators=(",", ":"))
        handle.write("\n")
    print("wrote", os.path.normpath(path), len(out["runs"]), "runs")


if __name__ == "__main__":
    main()
