#!/usr/bin/env python3
"""Reference values for LossKit's linear support-vector regression.

Writes Tests/LossKitTests/Fixtures/svr/linear-<name>.json (generated; do not
edit by hand) from scikit-learn's `LinearSVR` (LIBLINEAR inside), which
penalizes the intercept: it appends a feature of constant value
`intercept_scaling` to every row and penalizes its weight like the others, so
`intercept_ = intercept_scaling * w_bias` and the objective it minimizes is

    P(w, w_bias) = 1/2 (|w|^2 + w_bias^2) + C sum_i s_i l(y_i - w.x_i - intercept)

with l(r) = max(0, |r| - eps) (loss="epsilon_insensitive", the L1 loss, dual
only) or max(0, |r| - eps)^2 (loss="squared_epsilon_insensitive", the L2 loss,
dual=True: coordinate descent on the dual; dual=False: TRON on the primal), and
s_i the sample weights (LIBLINEAR scales C per row). Each case is fitted with
a tight tolerance (tol=1e-10; LIBLINEAR's dual cannot reach 1e-12 in float64) and a large iteration limit, and this script
computes P at sklearn's solution in float64 (`primalObjective`).

The L2-loss problem with an *unpenalized* intercept is smooth (C^1, piecewise
quadratic), so it also gets an independent reference: scipy's L-BFGS-B on
1/2 |w|^2 + C sum s_i l(r_i) over (w, b) to gtol 1e-12
(`unpenalizedObjective`; null for the L1 loss).

Usage:  pip install scikit-learn==1.9.1 scipy numpy
        python3 scripts/generate_linear_svr_fixtures.py
"""
import json
import os
import warnings

import numpy as np
import scipy
import sklearn
from scipy.optimize import minimize
from sklearn.exceptions import ConvergenceWarning
from sklearn.svm import LinearSVR

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "LossKitTests", "Fixtures", "svr")


def loss_values(r, eps, loss):
    excess = np.maximum(np.abs(r) - eps, 0.0)
    return excess if loss == "epsilon_insensitive" else excess * excess


def penalized_objective(X, y, s, coef, intercept, C, eps, loss, scaling):
    r = y - X @ coef - intercept
    w_bias = intercept / scaling
    return 0.5 * (coef @ coef + w_bias * w_bias) + C * float(np.sum(s * loss_values(r, eps, loss)))


def unpenalized_l2(X, y, s, C, eps, start):
    """min 1/2 |w|^2 + C sum s_i max(0, |r_i| - eps)^2 over (w, b), b free."""
    p = X.shape[1]

    def f(theta):
        w, b = theta[:p], theta[p]
        r = y - X @ w - b
        excess = np.maximum(np.abs(r) - eps, 0.0)
        value = 0.5 * w @ w + C * np.sum(s * excess * excess)
        dr = -2.0 * C * s * excess * np.sign(r)  # d value / d prediction
        grad = np.concatenate([w + X.T @ dr, [np.sum(dr)]])
        return value, grad

    res = minimize(f, start, jac=True, method="L-BFGS-B",
                   options={"gtol": 1e-12, "ftol": 1e-16, "maxiter": 100000, "maxcor": 50})
    return float(res.fun), res.x


def make_data(seed, n, p, noise, outliers=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    beta = rng.uniform(-2, 2, p)
    y = 0.75 + X @ beta + noise * rng.standard_normal(n)
    if outliers:
        idx = rng.choice(n, outliers, replace=False)
        y[idx] += 8 * rng.standard_normal(outliers)
    weights = rng.uniform(0.2, 3.0, n)
    return X, y, weights


DATASETS = {
    # name: (seed, n, p, noise, outliers)
    "small": (20260513, 60, 3, 0.5, 0),
    "outliers": (20260514, 80, 5, 0.3, 6),
}

SETTINGS = [
    # (loss, dual, C, epsilon, intercept_scaling)
    ("epsilon_insensitive", True, 1.0, 0.0, 1.0),
    ("epsilon_insensitive", True, 0.1, 0.5, 1.0),
    ("epsilon_insensitive", True, 10.0, 0.2, 1.0),
    ("epsilon_insensitive", True, 1.0, 0.3, 3.0),
    ("squared_epsilon_insensitive", True, 1.0, 0.0, 1.0),
    ("squared_epsilon_insensitive", False, 1.0, 0.0, 1.0),
    ("squared_epsilon_insensitive", True, 0.1, 0.5, 1.0),
    ("squared_epsilon_insensitive", False, 0.1, 0.5, 1.0),
    ("squared_epsilon_insensitive", False, 10.0, 0.2, 1.0),
    ("squared_epsilon_insensitive", False, 1.0, 0.3, 3.0),
]


def fit_case(X, y, s, weighted, loss, dual, C, eps, scaling):
    model = LinearSVR(loss=loss, dual=dual, C=C, epsilon=eps, intercept_scaling=scaling,
                      fit_intercept=True, tol=1e-10, max_iter=1_000_000, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model.fit(X, y, sample_weight=s if weighted else None)
    weights = s if weighted else np.ones_like(y)
    coef, intercept = model.coef_.astype(float), float(model.intercept_[0])
    objective = penalized_objective(X, y, weights, coef, intercept, C, eps, loss, scaling)
    unpenalized = None
    if loss == "squared_epsilon_insensitive":
        unpenalized, _ = unpenalized_l2(X, y, weights, C, eps, np.concatenate([coef, [intercept]]))
    return {
        "loss": "l1" if loss == "epsilon_insensitive" else "l2",
        "dual": dual, "C": C, "epsilon": eps, "interceptScaling": scaling, "weighted": weighted,
        "coefficients": coef.tolist(), "intercept": intercept,
        "primalObjective": objective, "unpenalizedObjective": unpenalized,
        "iterations": int(np.max(model.n_iter_)),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {"generatedBy": "scripts/generate_linear_svr_fixtures.py",
            "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__}}
    for name, (seed, n, p, noise, outliers) in DATASETS.items():
        X, y, s = make_data(seed, n, p, noise, outliers)
        cases = []
        for weighted in (False, True):
            for loss, dual, C, eps, scaling in SETTINGS:
                cases.append(fit_case(X, y, s, weighted, loss, dual, C, eps, scaling))
        # The L2 loss by both LIBLINEAR solvers must agree (a check on the fixture itself).
        for a in cases:
            for b in cases:
                if (a["loss"], a["C"], a["epsilon"], a["interceptScaling"], a["weighted"]) == \
                        (b["loss"], b["C"], b["epsilon"], b["interceptScaling"], b["weighted"]) and a["dual"] != b["dual"]:
                    assert abs(a["primalObjective"] - b["primalObjective"]) <= 1e-9 * a["primalObjective"], (a, b)
        doc = {"_generated": meta, "name": name,
               "description": f"n={n}, p={p}, y = 0.75 + X beta + N(0, {noise}^2)"
                              + (f", {outliers} rows shifted by 8 N(0, 1)" if outliers else ""),
               "x": X.tolist(), "y": y.tolist(), "weights": s.tolist(), "cases": cases}
        path = os.path.join(OUT, f"linear-{name}.json")
        with open(path, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(f"wrote {path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
