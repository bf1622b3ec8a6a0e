#!/usr/bin/env python3
"""Reference values for LossKit's kernel support-vector regression.

Writes Tests/LossKitTests/Fixtures/svr/kernel-svr.json:

- "l1" cases: scikit-learn SVR (libsvm's epsilon-SVR) with several kernels
  (linear, poly, rbf, sigmoid), gamma given, "scale" or "auto", with and
  without sample weights, tol=1e-8 so that the solver converges. Stored: the
  gamma scikit-learn resolved (svr._gamma), intercept_, support_ (0-based
  rows), dual_coef_, the dual objective computed here from dual_coef_ and
  the kernel matrix,

      D(beta) = 1/2 beta' K beta + eps * sum |beta_i| - y' beta,

  and predictions on the training rows and on new rows.

- "l2" cases: the squared epsilon-insensitive kernel SVR, which no peer
  offers, solved independently in the PRIMAL over the kernel expansion
  f(x) = sum_j a_j k(x_j, x) + b:

      P(a, b) = 1/2 a' K a + C sum_i w_i max(0, |y_i - f(x_i)| - eps)^2,

  a convex piecewise quadratic, by Newton's method on the active pattern
  (rows outside the tube and their side) with a backtracking line search:
  once a step's pattern reproduces itself the point solves the pattern's
  linear system exactly, which is the optimum. Stored: the dual objective
  -P* (the minimum of the dual as LossKit writes it), the intercept b, the
  support rows (a_i != 0) and predictions. The script checks that the
  dual, evaluated at beta = a, equals -P*.

Usage:  pip install scikit-learn==1.9.1 scipy numpy
        python3 scripts/generate_svr_fixtures.py
"""
import json
import os

import numpy as np
import scipy
import sklearn
from sklearn.metrics.pairwise import pairwise_kernels
from sklearn.svm import SVR

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "LossKitTests", "Fixtures", "svr")


def data(seed, n, p, n_new=7):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n + n_new, p))
    y = np.sin(x[:, 0]) + (x[:, 1] * x[:, 2] if p >= 3 else 0.5 * x[:, -1]) + 0.1 * rng.standard_normal(n + n_new)
    w = rng.uniform(0.2, 3.0, n)
    return x[:n], y[:n], x[n:], w


def kernel_matrix(a, b, kernel, gamma, coef0, degree):
    if kernel == "linear":
        return a @ b.T
    params = {"gamma": gamma}
    if kernel in ("poly", "sigmoid"):
        params["coef0"] = coef0
    if kernel == "poly":
        params["degree"] = degree
    return pairwise_kernels(a, b, metric={"poly": "polynomial"}.get(kernel, kernel), **params)


def l1_case(name, seed, n, p, kernel, C, eps, gamma="scale", coef0=0.0, degree=3, weighted=False):
    x, y, x_new, w = data(seed, n, p)
    svr = SVR(kernel=kernel, C=C, epsilon=eps, gamma=gamma, coef0=coef0, degree=degree, tol=1e-8,
              cache_size=200, shrinking=True)
    svr.fit(x, y, sample_weight=w if weighted else None)
    g = float(svr._gamma) if kernel != "linear" else 0.0
    beta = np.zeros(n)
    beta[svr.support_] = svr.dual_coef_[0]
    K = kernel_matrix(x, x, kernel, g, coef0, degree)
    dual = 0.5 * beta @ K @ beta + eps * np.abs(beta).sum() - y @ beta
    return {
        "name": name, "loss": "l1", "kernel": kernel, "gammaSpec": gamma if isinstance(gamma, str) else None,
        "gamma": g, "coef0": coef0, "degree": degree, "C": C, "epsilon": eps,
        "x": x.tolist(), "y": y.tolist(), "weights": w.tolist() if weighted else None, "xNew": x_new.tolist(),
        "intercept": float(svr.intercept_[0]), "supportRows": [int(i) for i in svr.support_],
        "dualCoefficients": svr.dual_coef_[0].tolist(), "dualObjective": float(dual),
        "predictions": svr.predict(x).tolist(), "predictionsNew": svr.predict(x_new).tolist(),
    }


def l2_primal(K, y, C, eps, w):
    """min 1/2 a'Ka + C sum w_i max(0,|y_i - (Ka)_i - b| - eps)^2 by pattern Newton."""
    n = len(y)

    def pattern(a, b):
        r = y - K @ a - b
        return np.where(r > eps, 1, np.where(r < -eps, -1, 0))

    def primal(a, b):
        r = y - K @ a - b
        e = np.maximum(0.0, np.abs(r) - eps)
        return 0.5 * a @ K @ a + C * np.sum(w * e * e)

    a, b = np.zeros(n), float(np.median(y))
    for _ in range(500):
        s = pattern(a, b)
        S = np.flatnonzero(s)
        # Stationarity on the pattern: a_i/(2 C w_i) + (K a)_i + b = y_i - eps s_i (i in S),
        # a_i = 0 (i not in S), sum a_i = 0.
        m = len(S)
        A = np.zeros((m + 1, m + 1))
        A[:m, :m] = K[np.ix_(S, S)] + np.diag(1.0 / (2 * C * w[S]))
        A[:m, m] = 1.0
        A[m, :m] = 1.0
        rhs = np.concatenate([y[S] - eps * s[S], [0.0]])
        sol = np.linalg.solve(A, rhs)
        a_new = np.zeros(n)
        a_new[S] = sol[:m]
        b_new = sol[m]
        if np.array_equal(pattern(a_new, b_new), s):
            return a_new, b_new, primal(a_new, b_new)
        # Backtracking on the convex primal along the Newton direction.
        f0, t = primal(a, b), 1.0
        while t > 1e-12 and primal(a + t * (a_new - a), b + t * (b_new - b)) > f0:
            t /= 2
        a, b = a + t * (a_new - a), b + t * (b_new - b)
    raise RuntimeError("pattern Newton did not settle")


def l2_case(name, seed, n, p, kernel, C, eps, gamma, coef0=0.0, degree=3, weighted=False):
    x, y, x_new, w = data(seed, n, p)
    weights = w if weighted else np.ones(n)
    K = kernel_matrix(x, x, kernel, gamma, coef0, degree)
    a, b, P = l2_primal(K, y, C, eps, weights)
    dual = 0.5 * a @ K @ a + eps * np.abs(a).sum() - y @ a + np.sum(a * a / (4 * C * weights))
    assert abs(dual + P) <= 1e-10 * max(1.0, abs(P)), (dual, P)
    support = np.flatnonzero(a)
    return {
        "name": name, "loss": "l2", "kernel": kernel, "gammaSpec": None, "gamma": gamma, "coef0": coef0,
        "degree": degree, "C": C, "epsilon": eps,
        "x": x.tolist(), "y": y.tolist(), "weights": w.tolist() if weighted else None, "xNew": x_new.tolist(),
        "intercept": float(b), "supportRows": [int(i) for i in support], "dualCoefficients": a[support].tolist(),
        "dualObjective": float(-P),
        "predictions": (K @ a + b).tolist(),
        "predictionsNew": (kernel_matrix(x_new, x, kernel, gamma, coef0, degree) @ a + b).tolist(),
    }


def main():
    cases = [
        l1_case("rbf-scale", 1, 60, 3, "rbf", C=1.0, eps=0.1),
        l1_case("rbf-weighted", 2, 80, 3, "rbf", C=10.0, eps=0.05, gamma=0.5, weighted=True),
        l1_case("rbf-auto-moderate", 3, 400, 5, "rbf", C=3.0, eps=0.1, gamma="auto"),
        l1_case("poly-3", 4, 50, 2, "poly", C=1.0, eps=0.1, gamma="auto", coef0=1.0, degree=3),
        l1_case("poly-2-weighted", 5, 60, 3, "poly", C=0.5, eps=0.2, gamma=0.3, coef0=0.5, degree=2, weighted=True),
        l1_case("linear", 6, 60, 4, "linear", C=1.0, eps=0.2),
        l1_case("linear-weighted", 7, 70, 3, "linear", C=0.3, eps=0.0, weighted=True),
        l1_case("sigmoid", 8, 50, 3, "sigmoid", C=0.5, eps=0.1, gamma=0.05, coef0=0.0),
        l2_case("l2-rbf", 9, 60, 3, "rbf", C=1.0, eps=0.1, gamma=0.4),
        l2_case("l2-rbf-weighted", 10, 80, 3, "rbf", C=5.0, eps=0.05, gamma=0.3, weighted=True),
        l2_case("l2-poly", 11, 50, 2, "poly", C=0.5, eps=0.1, gamma=0.5, coef0=1.0, degree=2),
    ]
    os.makedirs(OUT, exist_ok=True)
    doc = {
        "_generated": {
            "generatedBy": "scripts/generate_svr_fixtures.py",
            "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        },
        "cases": cases,
    }
    with open(os.path.join(OUT, "kernel-svr.json"), "w") as f:
        json.dump(doc, f, indent=1)
    for c in cases:
        print(f"{c['name']:20s} n={len(c['y']):4d} SV={len(c['supportRows']):4d} dual={c['dualObjective']:.10g} b={c['intercept']:.8g}")


if __name__ == "__main__":
    main()
