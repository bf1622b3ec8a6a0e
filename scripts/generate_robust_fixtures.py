#!/usr/bin/env python3
"""Reference values for LossKit's robust regression and outlier diagnostics.

Writes Tests/LossKitTests/Fixtures/robust/<name>.json for a few data sets with
outliers (Anscombe III, seeded synthetic sets) using the reference
implementations:

- statsmodels RLM(y, X, M=HuberT(t=1.345)) with the default MAD scale
  (statsmodels.robust.scale.mad(resid, center=0)), fitted once with the
  defaults (tol=1e-8 on the deviance) and once to its fixed point
  (tol=1e-14, maxiter=1000): the tests compare with the fixed point.
- statsmodels QuantReg(y, X).fit(q) (IRLS, p_tol=1e-6) and the exact
  linear-programming solution of the same problem by scipy.optimize.linprog
  (HiGHS), with its objective value sum rho_tau(r).
- statsmodels OLSInfluence: hat_matrix_diag, resid_studentized_internal,
  resid_studentized_external, cooks_distance; OLS params.
- scikit-learn HuberRegressor(epsilon=1.35, alpha=0) (joint scale estimate).

Usage:  pip install statsmodels scikit-learn scipy numpy
        python3 scripts/generate_robust_fixtures.py
"""
import json
import os
import warnings

import numpy as np
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from scipy.optimize import linprog
from sklearn.linear_model import HuberRegressor
from statsmodels.regression.quantile_regression import QuantReg
from statsmodels.stats.outliers_influence import OLSInfluence

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "LossKitTests", "Fixtures", "robust")
QUANTILES = [0.5, 0.25, 0.9]


def lp_quantile(X, y, q):
    """min sum q*u + (1-q)*v  s.t.  X b + u - v = y, u, v >= 0 (b free)."""
    n, p = X.shape
    c = np.concatenate([np.zeros(p), q * np.ones(n), (1 - q) * np.ones(n)])
    A = np.hstack([X, np.eye(n), -np.eye(n)])
    bounds = [(None, None)] * p + [(0, None)] * (2 * n)
    res = linprog(c, A_eq=A, b_eq=y, bounds=bounds, method="highs",
                  options={"primal_feasibility_tolerance": 1e-10,
                           "dual_feasibility_tolerance": 1e-10})
    assert res.status == 0, res.message
    b = res.x[:p]
    r = y - X @ b
    obj = float(np.sum(np.where(r >= 0, q * r, (q - 1) * r)))
    return b, obj


def case(name, x, y, description):
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    y = np.asarray(y, dtype=float)
    X = sm.add_constant(x, has_constant="add")
    out = {"name": name, "description": description,
           "x": x.tolist(), "y": y.tolist()}

    ols = sm.OLS(y, X).fit()
    infl = OLSInfluence(ols)
    out["ols"] = {
        "params": ols.params.tolist(),
        "hat": infl.hat_matrix_diag.tolist(),
        "studentizedInternal": infl.resid_studentized_internal.tolist(),
        "studentizedExternal": infl.resid_studentized_external.tolist(),
        "cooksDistance": infl.cooks_distance[0].tolist(),
    }

    rlm = sm.RLM(y, X, M=sm.robust.norms.HuberT(t=1.345))
    default = rlm.fit()
    tight = sm.RLM(y, X, M=sm.robust.norms.HuberT(t=1.345)).fit(tol=1e-14, maxiter=1000)
    out["huberT"] = {
        "t": 1.345,
        "params": tight.params.tolist(),
        "scale": float(tight.scale),
        "weights": tight.weights.tolist(),
        "iterations": int(tight.fit_history["iteration"]),
        "defaultFitParams": default.params.tolist(),
        "defaultFitIterations": int(default.fit_history["iteration"]),
    }

    out["quantile"] = []
    for q in QUANTILES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            qr = QuantReg(y, X).fit(q=q)
        b, obj = lp_quantile(X, y, q)
        out["quantile"].append({"q": q, "statsmodelsParams": qr.params.tolist(),
                                "exactParams": b.tolist(), "exactObjective": obj})

    hr = HuberRegressor(epsilon=1.35, alpha=0.0, max_iter=100000, tol=1e-12).fit(x, y)
    out["mad"] = {"yAboutZero": float(sm.robust.scale.mad(y, center=0)),
                  "yAboutMedian": float(sm.robust.scale.mad(y))}

    out["sklearnHuber"] = {"epsilon": 1.35, "intercept": float(hr.intercept_),
                           "coefficients": hr.coef_.tolist(), "scale": float(hr.scale_)}
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    ax = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]
    ay = [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73]
    c = case("anscombe3", ax, ay, "Anscombe (1973) set III: a line with one outlier at index 2")
    clean = [i for i in range(11) if i != 2]
    cl = sm.OLS(np.array(ay)[clean], sm.add_constant(np.array(ax, float)[clean])).fit()
    c["cleanLineParams"] = cl.params.tolist()
    cases.append(c)

    rng = np.random.default_rng(20261126)
    n, p = 80, 3
    x = rng.normal(size=(n, p))
    y = 2.0 + x @ np.array([1.5, -0.8, 0.3]) + rng.normal(scale=0.5, size=n)
    y[5:11] += rng.uniform(8, 12, size=6)          # six gross y-outliers
    x[40] = [4.0, 4.0, -4.0]; y[40] = -6.0         # one bad leverage point
    cases.append(case("contaminated", x, y,
                      "n=80, p=3, N(0,0.5) noise; rows 5-10 shifted up by 8-12, row 40 a bad leverage point"))

    n = 300
    x = rng.uniform(-3, 3, size=(n, 2))
    y = -1.0 + x @ np.array([0.7, 2.0]) + rng.standard_t(df=2, size=n)
    cases.append(case("heavyTails", x, y, "n=300, p=2, Student-t(2) noise"))

    n = 100
    x = rng.normal(size=(n, 1))
    y = 0.5 + 3.0 * x[:, 0] + rng.normal(scale=1.0, size=n)
    cases.append(case("clean", x, y, "n=100, p=1, N(0,1) noise, no planted outliers"))

    meta = {"generatedBy": "scripts/generate_robust_fixtures.py",
            "versions": {"statsmodels": statsmodels.__version__, "numpy": np.__version__,
                         "scipy": scipy.__version__, "scikit-learn": sklearn.__version__}}
    for c in cases:
        c = {"_generated": meta, **c}
        with open(os.path.join(OUT, c["name"] + ".json"), "w") as f:
            json.dump(c, f, indent=1)
            f.write("\n")
    print("wrote", len(cases), "fixtures to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
