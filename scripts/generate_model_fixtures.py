#!/usr/bin/env python3
"""Reference values for LossKit's models and statistics tests.

Writes Tests/LossKitTests/Fixtures/models/*.json (all marked "generated"):

- distributions.json   Student t and F cdf/sf/ppf values from SciPy.
- sklearn_linear.json  scikit-learn LinearRegression (weighted and not) and
                       statsmodels OLS/WLS inference (SEs, t, p, CI, R²) on
                       seeded synthetic data, including a large-offset design.
- sklearn_ridge.json   scikit-learn Ridge for several alphas (weighted and not)
                       and RidgeCV(cv=None, store_cv_results=True): the LOO
                       squared-error curve (mean over samples per alpha).
- nist_peers.json      numpy lstsq and statsmodels OLS on the NIST StRD sets
                       (raw design, as users call them), with their LREs against
                       NIST's certified values, and the LRE of the exact
                       least-squares solution of the Double-parsed data (mpmath,
                       60 digits): the best any Double-input program can score
                       (for docs/accuracy.md).

Run from the repository root:  python3 scripts/generate_model_fixtures.py
"""
import csv
import json
import math
import os
import platform
from decimal import Decimal, getcontext

import mpmath
import numpy as np
import scipy
import scipy.stats as st
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import LinearRegression, Ridge, RidgeCV

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NIST = os.path.join(ROOT, "Tests/LossKitTests/Fixtures/nist")
OUT = os.path.join(ROOT, "Tests/LossKitTests/Fixtures/models")
NIST_SETS = ["Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley",
             "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]

GENERATED = {
    "generated_by": "scripts/generate_model_fixtures.py",
    "versions": {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__,
        "statsmodels": statsmodels.__version__,
        "mpmath": mpmath.__version__,
    },
}


def dump(name, payload):
    payload = {"_generated": GENERATED, **payload}
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")


def fl(a):
    return [float(v) for v in np.asarray(a).ravel()]


# ---------------------------------------------------------------- distributions
def distributions():
    t_cases = []
    for df in [1, 2, 3, 5, 10, 30, 71, 1000]:
        for t in [0.0, 0.1, 0.7, 1.5, 2.228, 4.0, 12.0, 60.0, -2.5]:
            t_cases.append({"df": df, "t": t, "cdf": float(st.t.cdf(t, df)),
                            "sf": float(st.t.sf(t, df)),
                            "two_sided": float(2 * st.t.sf(abs(t), df))})
    q_cases = []
    for df in [1, 2, 4, 10, 16, 71, 500]:
        for p in [0.5, 0.6, 0.9, 0.975, 0.995, 1e-6, 0.025]:
            q_cases.append({"df": df, "p": p, "quantile": float(st.t.ppf(p, df))})
    f_cases = []
    for d1, d2 in [(1, 1), (1, 10), (3, 17), (10, 71), (6, 9), (5, 500)]:
        for f in [0.0, 0.2, 1.0, 2.5, 7.0, 2162.43954511489]:
            f_cases.append({"d1": d1, "d2": d2, "f": f, "cdf": float(st.f.cdf(f, d1, d2)),
                            "sf": float(st.f.sf(f, d1, d2))})
    dump("distributions.json", {"student_t": t_cases, "student_t_quantile": q_cases, "f": f_cases})


# ---------------------------------------------------------------- linear models
def synthetic(seed, n, p, offset=0.0, noise=0.5):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p)) * np.linspace(1, 3, p) + offset
    beta = np.linspace(-2, 2, p)
    y = 3.0 + x @ beta + noise * rng.normal(size=n)
    w = rng.uniform(0.2, 3.0, size=n)
    return x, y, w


def inference(res, level=0.95):
    ci = np.asarray(res.conf_int(alpha=1 - level))
    return {"params": fl(res.params), "bse": fl(res.bse), "tvalues": fl(res.tvalues),
            "pvalues": fl(res.pvalues), "conf_int_low": fl(ci[:, 0]), "conf_int_high": fl(ci[:, 1]),
            "rsquared": float(res.rsquared), "rsquared_adj": float(res.rsquared_adj),
            "scale": float(res.scale), "df_resid": float(res.df_resid),
            "fvalue": float(res.fvalue) if res.fvalue is not None else None,
            "f_pvalue": float(res.f_pvalue) if res.f_pvalue is not None else None}


def linear():
    cases = []
    for name, seed, n, p, offset, weighted, intercept in [
        ("ols_small", 1, 30, 3, 0.0, False, True),
        ("wls_small", 2, 40, 4, 0.0, True, True),
        ("ols_offset_1e6", 3, 50, 2, 1e6, False, True),
        ("wls_no_intercept", 4, 25, 3, 0.0, True, False),
    ]:
        x, y, w = synthetic(seed, n, p, offset)
        sw = w if weighted else None
        lr = LinearRegression(fit_intercept=intercept).fit(x, y, sample_weight=sw)
        exog = sm.add_constant(x) if intercept else x
        res = (sm.WLS(y, exog, weights=w) if weighted else sm.OLS(y, exog)).fit()
        cases.append({"name": name, "fit_intercept": intercept, "x_row_major": x.tolist(), "y": fl(y),
                      "weights": fl(w) if weighted else None,
                      "sklearn": {"coef": fl(lr.coef_), "intercept": float(lr.intercept_)},
                      "statsmodels": inference(res)})
    dump("sklearn_linear.json", {"cases": cases})


def ridge():
    x, y, w = synthetic(7, 60, 5, offset=10.0, noise=2.0)
    alphas = [0.0, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]
    fits = []
    for alpha in alphas:
        for weighted in [False, True]:
            m = Ridge(alpha=alpha, solver="svd" if alpha > 0 else "auto").fit(
                x, y, sample_weight=w if weighted else None)
            fits.append({"alpha": alpha, "weighted": weighted, "coef": fl(m.coef_), "intercept": float(m.intercept_)})
    cv_alphas = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]
    cv = RidgeCV(alphas=cv_alphas, store_cv_results=True).fit(x, y)
    curve = fl(np.asarray(cv.cv_results_).mean(axis=0))
    dump("sklearn_ridge.json", {"x_row_major": x.tolist(), "y": fl(y), "weights": fl(w), "fits": fits,
                                "ridgecv": {"alphas": cv_alphas, "mean_loo_squared_error": curve,
                                            "alpha": float(cv.alpha_), "coef": fl(cv.coef_),
                                            "intercept": float(cv.intercept_)}})


# ---------------------------------------------------------------- NIST peers
getcontext().prec = 60


def lre(est, cert):
    cert = Decimal(cert)
    est = Decimal(repr(float(est))) if np.isfinite(est) else None
    if est is None:
        return 0.0
    err = abs(est - cert) if cert == 0 else abs(est - cert) / abs(cert)
    if err == 0:
        return 15.0
    return max(0.0, min(15.0, -float(err.log10())))


def exact_double_lre(meta, rows):
    """Min coefficient LRE of the exact LS solution for the data parsed as Double."""
    mpmath.mp.dps = 60
    conv = lambda t: mpmath.mpf(float(t))
    ys = [conv(r[0]) for r in rows]
    if "degree" in meta:
        first = 0 if meta["intercept"] else 1
        xs = [conv(r[1]) for r in rows]
        design = [[x ** k for k in range(first, meta["degree"] + 1)] for x in xs]
    else:
        design = [([mpmath.mpf(1)] if meta["intercept"] else []) + [conv(v) for v in r[1:]] for r in rows]
    a, y = mpmath.matrix(design), mpmath.matrix(ys)
    b = mpmath.lu_solve(a.T * a, a.T * y)
    return min(lre(float(b[i]), c) for i, c in enumerate(meta["certified"]["coefficients"]))


def nist_peers():
    out = {}
    for name in NIST_SETS:
        meta = json.load(open(os.path.join(NIST, name + ".json")))
        with open(os.path.join(NIST, name + ".csv")) as f:
            rows = list(csv.reader(f))[1:]
        y = np.array([float(r[0]) for r in rows])
        if "degree" in meta:
            xv = np.array([float(r[1]) for r in rows])
            first = 0 if meta["intercept"] else 1
            exog = np.column_stack([xv ** k for k in range(first, meta["degree"] + 1)])
        else:
            xs = np.array([[float(v) for v in r[1:]] for r in rows])
            exog = np.column_stack([np.ones(len(y)), xs]) if meta["intercept"] else xs
        cert = meta["certified"]
        entry = {}
        b_np = np.linalg.lstsq(exog, y, rcond=None)[0]
        entry["numpy_lstsq"] = {"coefficient_lre": min(lre(b, c) for b, c in zip(b_np, cert["coefficients"]))}
        res = sm.OLS(y, exog).fit()
        entry["statsmodels_ols"] = {
            "coefficient_lre": min(lre(b, c) for b, c in zip(res.params, cert["coefficients"])),
            "sd_lre": min(lre(b, c) for b, c in zip(res.bse, cert["standard_deviations"])),
            "residual_sd_lre": lre(math.sqrt(res.scale), cert["residual_sd"]),
        }
        res_qr = sm.OLS(y, exog).fit(method="qr")
        entry["statsmodels_ols_qr"] = {
            "coefficient_lre": min(lre(b, c) for b, c in zip(res_qr.params, cert["coefficients"]))}
        entry["exact_for_double_data"] = {"coefficient_lre": exact_double_lre(meta, rows)}
        out[name] = entry
    dump("nist_peers.json", {"lre_cap": 15, "sets": out})
    print("| set | numpy lstsq | statsmodels OLS (pinv) | statsmodels OLS (qr) | statsmodels SD | exact for Double data |")
    print("|---|---|---|---|---|---|")
    for name, e in out.items():
        print(f"| {name} | {e['numpy_lstsq']['coefficient_lre']:.1f} | {e['statsmodels_ols']['coefficient_lre']:.1f}"
              f" | {e['statsmodels_ols_qr']['coefficient_lre']:.1f} | {e['statsmodels_ols']['sd_lre']:.1f}"
              f" | {e['exact_for_double_data']['coefficient_lre']:.1f} |")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    distributions()
    linear()
    ridge()
    nist_peers()
