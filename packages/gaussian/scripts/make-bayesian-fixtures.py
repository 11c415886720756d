#!/usr/bin/python3
"""Reference fixtures for @em/gaussian's BayesianGaussianMixture, from scikit-learn's.

Run from the package directory with Debian's Python (scikit-learn 1.2.1):

    /usr/bin/python3 scripts/make-bayesian-fixtures.py

It writes test/fixtures/sklearn-bayesian.json, committed so CI needs no Python. numpy's random
stream cannot be reproduced in JavaScript, so every fit starts from initial responsibilities
written into the fixture: the subclass below overrides `_initialize_parameters` to hand them to
scikit-learn's own `_initialize` (the JavaScript side passes them as `respInit`). Runs with tol=0
stop after exactly max_iter iterations; the "converged" runs use tol=1e-6.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture

warnings.simplefilter("ignore", ConvergenceWarning)
rng = np.random.RandomState(20240625)
TYPES = ["full", "tied", "diag", "spherical"]
PRIOR_TYPES = ["dirichlet_process", "dirichlet_distribution"]
ITERATIONS = [1, 5, 20]


class PinnedStart(BayesianGaussianMixture):
    """scikit-learn's estimator, started from the given responsibilities instead of k-means."""

    def __init__(self, resp=None, **kwargs):
        super().__init__(**kwargs)
        self.resp = resp

    def _initialize_parameters(self, X, random_state):
        self._initialize(X, self.resp)

    def get_params(self, deep=True):  # keep sklearn's parameter validation happy
        params = super().get_params(deep)
        params.pop("resp", None)
        return params

    _parameter_constraints = {**BayesianGaussianMixture._parameter_constraints, "resp": [None, "array-like"]}


def datasets():
    # Three overlapping 3-D clusters with correlated, unequal covariances.
    a = rng.multivariate_normal([0, 0, 0], [[1.0, 0.6, 0.2], [0.6, 2.0, -0.3], [0.2, -0.3, 0.5]], 120)
    b = rng.multivariate_normal([3, 1, -1], [[0.5, -0.2, 0.0], [-0.2, 0.8, 0.1], [0.0, 0.1, 1.5]], 100)
    c = rng.multivariate_normal([1, 4, 2], [[2.0, 0.0, 0.7], [0.0, 0.3, 0.0], [0.7, 0.0, 1.0]], 80)
    multi = np.vstack([a, b, c])
    rng.shuffle(multi)
    # Two 1-D groups (the univariate fast path), far from the origin.
    uni = np.concatenate([rng.normal(20, 5, 150), rng.normal(40, 5, 250)])
    rng.shuffle(uni)
    # Four well-separated 2-D blobs of unequal sizes.
    centres = np.array([[0.0, 0.0], [8.0, 1.0], [2.0, 9.0], [10.0, 10.0]])
    sizes = [140, 90, 70, 60]
    blobs = np.vstack([rng.normal(c, [1.0, 0.7], size=(s, 2)) for c, s in zip(centres, sizes)])
    rng.shuffle(blobs)
    return {"multivariate": (multi, 5), "univariate": (uni.reshape(-1, 1), 4), "blobs": (blobs, 6)}


def responsibilities(n, k):
    """Soft random responsibilities (scikit-learn's init_params='random')."""
    resp = rng.uniform(size=(n, k))
    return resp / resp.sum(axis=1)[:, np.newaxis]


def fitted(model):
    wc = model.weight_concentration_
    return {
        "weights": model.weights_.tolist(),
        "means": model.means_.tolist(),
        "covariances": model.covariances_.tolist(),
        "precisionsCholesky": model.precisions_cholesky_.tolist(),
        "weightConcentration": [wc[0].tolist(), wc[1].tolist()] if isinstance(wc, tuple) else wc.tolist(),
        "meanPrecision": model.mean_precision_.tolist(),
        "degreesOfFreedom": np.broadcast_to(model.degrees_of_freedom_, (model.n_components,)).tolist(),
        "lowerBound": float(model.lower_bound_),
        "nIter": int(model.n_iter_),
        "converged": bool(model.converged_),
    }


def main():
    out = {
        "generator": "scripts/make-bayesian-fixtures.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "regCovar": 1e-6,
        "datasets": {},
        "runs": [],
        "evaluations": [],
    }
    query = {
        "multivariate": np.vstack([rng.normal(1, 2, size=(20, 3)), [[30.0, -30.0, 30.0]]]),
        "univariate": np.concatenate([rng.normal(30, 12, 20), [200.0]]).reshape(-1, 1),
        "blobs": np.vstack([rng.normal(5, 5, size=(20, 2)), [[-40.0, 60.0]]]),
    }
    data = datasets()
    for name, (X, k) in data.items():
        resp = responsibilities(X.shape[0], k)
        out["datasets"][name] = {"X": X.tolist(), "nComponents": k, "resp": resp.tolist(), "query": query[name].tolist()}
        for prior_type in PRIOR_TYPES:
            for covariance_type in TYPES:
                settings = {"nComponents": k, "covarianceType": covariance_type,
                            "weightConcentrationPriorType": prior_type}
                common = dict(n_components=k, covariance_type=covariance_type, reg_covar=1e-6,
                              weight_concentration_prior_type=prior_type)
                for max_iter in ITERATIONS:
                    model = PinnedStart(resp=resp, tol=0.0, max_iter=max_iter, **common).fit(X)
                    out["runs"].append({"dataset": name, **settings, "tol": 0.0, "maxIter": max_iter,
                                        "priors": None, "expected": fitted(model)})
                    if max_iter == 5:
                        Q = query[name]
                        out["evaluations"].append({
                            "dataset": name, **settings, "maxIter": 5,
                            "scoreSamples": model.score_samples(Q).tolist(),
                            "predictProba": model.predict_proba(Q).tolist(),
                            "predict": model.predict(Q).tolist(),
                            "score": float(model.score(Q)),
                        })
                model = PinnedStart(resp=resp, tol=1e-6, max_iter=3000, **common).fit(X)
                out["runs"].append({"dataset": name, **settings, "tol": 1e-6, "maxIter": 3000,
                                    "priors": None, "expected": fitted(model)})
    # Explicit priors of every kind, on the 2-D blobs.
    X, k = data["blobs"]
    resp = np.array(out["datasets"]["blobs"]["resp"])
    for prior_type in PRIOR_TYPES:
        for covariance_type in TYPES:
            covariance_prior = {
                "full": [[2.0, 0.3], [0.3, 1.5]],
                "tied": [[2.0, 0.3], [0.3, 1.5]],
                "diag": [2.0, 1.5],
                "spherical": 1.7,
            }[covariance_type]
            priors = {"weightConcentrationPrior": 0.01, "meanPrecisionPrior": 0.5, "meanPrior": [4.0, 5.0],
                      "degreesOfFreedomPrior": 3.5, "covariancePrior": covariance_prior}
            model = PinnedStart(
                resp=resp, tol=1e-6, max_iter=3000, n_components=k, covariance_type=covariance_type,
                reg_covar=1e-6, weight_concentration_prior_type=prior_type, weight_concentration_prior=0.01,
                mean_precision_prior=0.5, mean_prior=np.array([4.0, 5.0]), degrees_of_freedom_prior=3.5,
                covariance_prior=np.array(covariance_prior) if covariance_type != "spherical" else covariance_prior,
            ).fit(X)
            out["runs"].append({"dataset": "blobs", "nComponents": k, "covarianceType": covariance_type,
                                "weightConcentrationPriorType": prior_type, "tol": 1e-6, "maxIter": 3000,
                                "priors": priors, "expected": fitted(model)})
    path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "sklearn-bayesian.json")
    with open(path, "w") as handle:
        json.dump(out, handle, indent=None, separators=(",", ":"))
        handle.write("\n")
    print("wrote", os.path.normpath(path), len(out["runs"]), "runs")


if __name__ == "__main__":
    main()
