#!/usr/bin/env python3
"""Reference values for LossKit's SGDRegressor (scikit-learn's SGDRegressor family).

Writes Tests/LossKitTests/Fixtures/sgd/<name>.json for seeded data sets
(n = 400 rows, p = 5 features with unequal means and scales) and several
loss / penalty / schedule combinations. For each case:

- scikit-learn 1.9.1 `make_pipeline(StandardScaler(), SGDRegressor(...))`
  (LossKit standardizes internally the same way: weighted mean, population
  standard deviation), its coefficients and intercept brought back to the
  original units, and its penalized objective
      f(w, b) = sum(s_i * L(y_i - z_i.w - b)) / sum(s_i) + alpha * R(w),
      R(w) = (1 - rho)/2 ||w||^2 + rho ||w||_1
  on the standardized features z (s = sample weights scaled to mean 1; L the
  half squared error, Huber, epsilon-insensitive or its square);
- the exact minimizer of the same objective, by a direct solve: numpy
  least squares / closed-form ridge for the squared error with none/l2,
  scikit-learn ElasticNet (coordinate descent, tol 1e-14) for l1/elasticnet,
  libsvm's SVR(kernel="linear", C = 1/(alpha n), tol 1e-10) for the
  epsilon-insensitive loss, and scipy L-BFGS-B to gtol 1e-12 for Huber and
  the squared epsilon-insensitive loss.

Usage:  pip install scikit-learn==1.9.1 scipy numpy
        python3 scripts/generate_sgd_fixtures.py
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy.optimize import minimize
from sklearn.linear_model import ElasticNet, SGDRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "LossKitTests", "Fixtures", "sgd")


def loss_values(name, r, eps):
    a = np.abs(r)
    if name == "squared_error":
        return 0.5 * r * r, r
    if name == "huber":
        return np.where(a <= eps, 0.5 * r * r, eps * (a - 0.5 * eps)), np.clip(r, -eps, eps)
    if name == "epsilon_insensitive":
        return np.maximum(0, a - eps), np.where(a > eps, np.sign(r), 0.0)
    if name == "squared_epsilon_insensitive":
        e = np.maximum(0, a - eps)
        return e * e, 2 * e * np.sign(r)
    raise ValueError(name)


def objective(Z, y, s, w, b, case):
    L, _ = loss_values(case["loss"], y - Z @ w - b, case["epsilon"])
    rho = case["rho"]
    alpha = case["alpha"] if case["penalty"] != "none" else 0.0
    return float((s * L).sum() / s.sum() + alpha * ((1 - rho) / 2 * (w @ w) + rho * np.abs(w).sum()))


def exact(Z, y, s, case):
    n, p = Z.shape
    alpha = case["alpha"] if case["penalty"] != "none" else 0.0
    loss, rho = case["loss"], case["rho"]
    zbar = (s @ Z) / s.sum()
    ybar = (s @ y) / s.sum()
    Zc, yc = Z - zbar, y - ybar
    if loss == "squared_error" and rho == 0:
        A = (Zc.T * s) @ Zc / n + alpha * np.eye(p)
        w = np.linalg.solve(A, (Zc.T * s) @ yc / n)
        return w, float(ybar - zbar @ w), "closed-form ridge / least squares (numpy)"
    if loss == "squared_error":
        m = ElasticNet(alpha=alpha, l1_ratio=rho, tol=1e-14, max_iter=1_000_000, selection="cyclic")
        m.fit(Z, y, sample_weight=s)
        return m.coef_.copy(), float(m.intercept_), "sklearn ElasticNet (coordinate descent, tol 1e-14)"
    if loss == "epsilon_insensitive":
        assert rho == 0 and np.all(s == 1)
        m = SVR(kernel="linear", C=1 / (alpha * n), epsilon=case["epsilon"], tol=1e-10, max_iter=-1)
        m.fit(Z, y)
        return m.coef_.ravel().copy(), float(m.intercept_[0]), "libsvm SVR(kernel=linear, C=1/(alpha n), tol 1e-10)"
    assert rho == 0

    def f(theta):
        w, b = theta[:p], theta[p]
        L, dL = loss_values(loss, y - Z @ w - b, case["epsilon"])
        value = (s * L).sum() / s.sum() + alpha / 2 * (w @ w)
        g = s * dL / s.sum()
        return value, np.concatenate([-(Z.T @ g) + alpha * w, [-g.sum()]])

    w0 = np.linalg.lstsq(np.column_stack([Z, np.ones(n)]), y, rcond=None)[0]
    res = minimize(f, w0, jac=True, method="L-BFGS-B",
                   options={"gtol": 1e-12, "ftol": 0, "maxiter": 100_000, "maxfun": 100_000, "maxcor": 20})
    return res.x[:p], float(res.x[p]), "scipy L-BFGS-B (gtol 1e-12)"


def data(seed, weights=False, outliers=False, sparse=False):
    rng = np.random.default_rng(seed)
    n, p = 400, 5
    means = np.array([0.0, 10.0, -3.0, 100.0, 0.5])
    scales = np.array([1.0, 0.1, 5.0, 20.0, 2.0])
    X = means + scales * rng.standard_normal((n, p))
    beta = np.array([1.5, -8.0, 0.3, 0.05, 0.0]) if not sparse else np.array([1.5, 0.0, 0.3, 0.0, 0.0])
    y = 4.0 + (X - means) @ beta + 0.5 * rng.standard_normal(n)
    if outliers:
        idx = rng.choice(n, 20, replace=False)
        y[idx] += rng.choice([-1, 1], 20) * rng.uniform(10, 30, 20)
    w = rng.uniform(0.2, 3.0, n) if weights else None
    return X, y, w


CASES = [
    # name, loss, epsilon, penalty, alpha, l1_ratio, schedule, eta0, average, max_iter, data options
    dict(name="squared_l2_adaptive", loss="squared_error", penalty="l2", alpha=1e-3, learning_rate="adaptive",
         eta0=0.01, average=False, max_iter=1000, seed=1, tol=1e-7),
    dict(name="squared_none_constant_avg", loss="squared_error", penalty="none", alpha=1e-4, learning_rate="constant",
         eta0=0.005, average=True, max_iter=300, seed=2),
    dict(name="squared_l1_optimal", loss="squared_error", penalty="l1", alpha=0.05, learning_rate="optimal",
         eta0=0.01, average=False, max_iter=1000, seed=3, sparse=True),
    dict(name="squared_elasticnet_adaptive", loss="squared_error", penalty="elasticnet", alpha=0.02, l1_ratio=0.5,
         learning_rate="adaptive", eta0=0.01, average=False, max_iter=1000, seed=4, sparse=True, tol=1e-6),
    dict(name="huber_l2_invscaling_avg", loss="huber", epsilon=1.0, penalty="l2", alpha=1e-3, learning_rate="invscaling",
         eta0=0.05, average=True, max_iter=300, seed=5, outliers=True),
    dict(name="epsilon_insensitive_l2_adaptive", loss="epsilon_insensitive", epsilon=0.1, penalty="l2", alpha=1e-3,
         learning_rate="adaptive", eta0=0.01, average=False, max_iter=1000, seed=6, tol=1e-7),
    dict(name="squared_epsilon_insensitive_l2_avg", loss="squared_epsilon_insensitive", epsilon=0.1, penalty="l2",
         alpha=1e-3, learning_rate="invscaling", eta0=0.01, average=True, max_iter=300, seed=7),
    dict(name="squared_l2_weighted_adaptive", loss="squared_error", penalty="l2", alpha=1e-3, learning_rate="adaptive",
         eta0=0.01, average=False, max_iter=1000, seed=8, weights=True, tol=1e-7),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    for case in CASES:
        case = dict(case)
        case.setdefault("epsilon", 0.1)
        case.setdefault("l1_ratio", 0.15)
        case.setdefault("tol", None)
        case["rho"] = {"none": 0.0, "l2": 0.0, "l1": 1.0}.get(case["penalty"], case["l1_ratio"])
        X, y, w = data(case["seed"], case.get("weights", False), case.get("outliers", False), case.get("sparse", False))
        n, p = X.shape
        s = np.ones(n) if w is None else w / w.mean()
        scaler = StandardScaler().fit(X, sample_weight=w)
        Z = scaler.transform(X)
        sgd = SGDRegressor(loss=case["loss"], epsilon=case["epsilon"], penalty=None if case["penalty"] == "none" else case["penalty"], alpha=case["alpha"],
                           l1_ratio=case["l1_ratio"], learning_rate=case["learning_rate"], eta0=case["eta0"],
                           average=case["average"], max_iter=case["max_iter"], tol=case["tol"], random_state=0)
        sgd.fit(Z, y, sample_weight=w)
        sk_obj = objective(Z, y, s, sgd.coef_, sgd.intercept_[0], case)
        ew, eb, method = exact(Z, y, s, case)
        ex_obj = objective(Z, y, s, ew, eb, case)

        def original(wz, bz):
            c = wz / scaler.scale_
            return c, float(bz - c @ scaler.mean_)

        sk_c, sk_b = original(sgd.coef_, sgd.intercept_[0])
        ex_c, ex_b = original(ew, eb)
        print(f"{case['name']:40s} exact {ex_obj:.10g}  sklearn {sk_obj:.10g}  rel gap {(sk_obj - ex_obj) / abs(ex_obj):.2e}"
              f"  n_iter {sgd.n_iter_}  exact zeros {int(np.sum(ew == 0))}  [{method}]")
        settings = {k: case[k] for k in ["loss", "epsilon", "penalty", "alpha", "l1_ratio", "learning_rate", "eta0",
                                          "average", "max_iter", "tol"]}
        out = {
            "_generated": {
                "generatedBy": "scripts/generate_sgd_fixtures.py",
                "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__},
            },
            "name": case["name"],
            "settings": settings,
            "x": X.tolist(),
            "y": y.tolist(),
            "weights": None if w is None else w.tolist(),
            "scaler": {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()},
            "sklearn": {"coefficients": sk_c.tolist(), "intercept": sk_b, "objective": sk_obj, "n_iter": int(sgd.n_iter_)},
            "exact": {"coefficients": ex_c.tolist(), "intercept": ex_b, "objective": ex_obj, "method": method,
                      "zero_coefficients": [int(j) for j in np.flatnonzero(ew == 0)]},
        }
        with open(os.path.join(OUT, case["name"] + ".json"), "w") as f:
            json.dump(out, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
