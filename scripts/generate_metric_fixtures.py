#!/usr/bin/env python3
"""Generate scikit-learn reference values for LossKit's regression metrics.

Writes Tests/LossKitTests/Fixtures/metrics/sklearn_regression_metrics.json.
Run from the repository root:

    pip install scikit-learn
    python3 scripts/generate_metric_fixtures.py

Every case stores its inputs as output *columns* (LossKit's layout: k arrays of
n samples) and scikit-learn's results. Non-finite results are written as the
strings "nan", "inf", "-inf" (JSON has no such numbers). Floats are written
with repr(), which round-trips exactly.

Each case also carries "exact": the per-output values computed in exact
rational arithmetic (fractions.Fraction; square roots in 60-digit decimal) and
then rounded once to float64. They show how many digits a float64
implementation keeps; scikit-learn's own error against them is printed.
"""
import json
import os
import platform
import warnings
from decimal import Decimal, getcontext
from fractions import Fraction

import numpy as np
import sklearn
from sklearn import metrics as M

OUT = os.path.join(
    os.path.dirname(__file__), "..", "Tests", "LossKitTests", "Fixtures", "metrics",
    "sklearn_regression_metrics.json",
)
ALPHAS = [0.1, 0.5, 0.9]


def num(x):
    x = float(x)
    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def nums(a):
    return [num(x) for x in np.ravel(a)]


def scores(fn, y, p, w, **kw):
    """raw_values, uniform_average (and variance_weighted when supported)."""
    out = {
        "raw_values": nums(fn(y, p, sample_weight=w, multioutput="raw_values", **kw)),
        "uniform_average": num(fn(y, p, sample_weight=w, multioutput="uniform_average", **kw)),
    }
    if fn in (M.r2_score, M.explained_variance_score):
        out["variance_weighted"] = num(fn(y, p, sample_weight=w, multioutput="variance_weighted", **kw))
    return out


def exact_values(y, p, w):
    """Per-output metrics in exact arithmetic, rounded once (force_finite=True rules)."""
    getcontext().prec = 60
    n, k = y.shape
    W = [Fraction(1)] * n if w is None else [Fraction(float(v)) for v in w]
    total = sum(W)
    eps = Fraction(np.finfo(np.float64).eps)
    out = {key: [] for key in ("mse", "rmse", "mae", "mape", "r2", "explained_variance")}
    out["mean_pinball_loss"] = {str(a): [] for a in ALPHAS}

    def mean(xs):
        return sum(wi * x for wi, x in zip(W, xs)) / total

    def fraction_explained(num, den):
        if num == 0:
            return 1.0
        if den == 0:
            return 0.0
        return float(1 - num / den)

    for j in range(k):
        Y = [Fraction(float(v)) for v in y[:, j]]
        P = [Fraction(float(v)) for v in p[:, j]]
        R = [a - b for a, b in zip(Y, P)]
        mse = mean([r * r for r in R])
        out["mse"].append(float(mse))
        root = (Decimal(mse.numerator) / Decimal(mse.denominator)).sqrt()
        out["rmse"].append(float(root))
        out["mae"].append(float(mean([abs(r) for r in R])))
        out["mape"].append(float(mean([abs(r) / max(abs(t), eps) for r, t in zip(R, Y)])))
        for a in ALPHAS:
            fa = Fraction(a)
            out["mean_pinball_loss"][str(a)].append(float(mean([fa * r if r >= 0 else (fa - 1) * r for r in R])))
        ybar = mean(Y)
        den = sum(wi * (t - ybar) ** 2 for wi, t in zip(W, Y))
        num = sum(wi * r * r for wi, r in zip(W, R))
        out["r2"].append(float("nan") if n < 2 else fraction_explained(num, den))
        rbar = mean(R)
        out["explained_variance"].append(fraction_explained(sum(wi * (r - rbar) ** 2 for wi, r in zip(W, R)), den))
    return {key: (nums(v) if isinstance(v, list) else {a: nums(x) for a, x in v.items()}) for key, v in out.items()}


def case(name, y, p, w=None, note=""):
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    if y.ndim == 1:
        y = y[:, None]
        p = p[:, None]
    w = None if w is None else np.asarray(w, dtype=np.float64)
    k = y.shape[1]
    # sklearn's r2_score returns a bare float NaN for n < 2 even with raw_values.
    expected = {
        "mse": scores(M.mean_squared_error, y, p, w),
        "rmse": scores(M.root_mean_squared_error, y, p, w),
        # Root of the mean of the outputs' MSE (LossKit's pooledRootMeanSquaredError).
        "pooled_rmse": num(np.sqrt(M.mean_squared_error(y, p, sample_weight=w))),
        "mae": scores(M.mean_absolute_error, y, p, w),
        "median_absolute_error": scores(M.median_absolute_error, y, p, w),
        "mape": scores(M.mean_absolute_percentage_error, y, p, w),
        "r2": scores(M.r2_score, y, p, w, force_finite=True),
        "r2_not_forced": scores(M.r2_score, y, p, w, force_finite=False),
        "explained_variance": scores(M.explained_variance_score, y, p, w, force_finite=True),
        "explained_variance_not_forced": scores(M.explained_variance_score, y, p, w, force_finite=False),
        "mean_pinball_loss": [
            {"alpha": a, **scores(M.mean_pinball_loss, y, p, w, alpha=a)} for a in ALPHAS
        ],
    }
    if k == 1:
        expected["max_error"] = num(M.max_error(y[:, 0], p[:, 0]))
    return {
        "name": name,
        "note": note,
        "targets": [nums(y[:, j]) for j in range(k)],
        "predictions": [nums(p[:, j]) for j in range(k)],
        "sample_weights": None if w is None else nums(w),
        "expected": expected,
        "exact": exact_values(y, p, w),
    }


def main():
    # Constant targets make scikit-learn divide 0/0 on purpose (force_finite=False).
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    warnings.filterwarnings("ignore", message=".*not well-defined.*")
    rng = np.random.default_rng(20261126)
    cases = []

    n = 60
    y = rng.normal(3.0, 2.0, n)
    p = y + rng.normal(0.2, 0.8, n)
    w = rng.uniform(0.0, 2.0, n)
    w[[3, 17, 40]] = 0.0
    cases.append(case("single", y, p, note="seeded normal data"))
    cases.append(case("single_weighted", y, p, w, note="uniform(0,2) weights, three of them 0"))
    cases.append(case("single_unit_weights", y, p, np.ones(n), note="weights all 1"))

    n = 45
    scales = np.array([1.0, 50.0, 0.01])
    Y = rng.normal(0.0, 1.0, (n, 3)) * scales + np.array([5.0, -20.0, 0.3])
    P = Y + rng.normal(0.0, 1.0, (n, 3)) * scales * np.array([0.3, 0.9, 0.5])
    wm = rng.uniform(0.1, 3.0, n)
    cases.append(case("multi", Y, P, note="three outputs on different scales"))
    cases.append(case("multi_weighted", Y, P, wm, note="three outputs, weights uniform(0.1,3)"))

    # Constant targets: force_finite decides (0.0 vs -inf).
    yc = np.full(12, 2.5)
    pc = yc + rng.normal(0, 0.5, 12)
    cases.append(case("constant_target", yc, pc, note="constant target, imperfect prediction"))
    cases.append(case("constant_target_perfect", yc, yc.copy(), note="constant target predicted exactly: 1.0 vs NaN"))
    yp = rng.normal(0, 1, 20)
    cases.append(case("perfect_prediction", yp, yp.copy(), note="prediction equals target"))
    # Constant residual: explained variance 1, R2 below 1.
    cases.append(case("constant_offset", yp, yp + 0.75, note="prediction = target + 0.75"))

    # Multi-output with a constant column (variance_weighted gives it weight 0).
    Ym = np.column_stack([rng.normal(0, 1, 15), np.full(15, -1.0), rng.normal(10, 3, 15)])
    Pm = Ym + np.column_stack([rng.normal(0, 0.4, 15), rng.normal(0, 0.2, 15), rng.normal(0, 1, 15)])
    cases.append(case("multi_constant_column", Ym, Pm, note="second output constant"))
    cases.append(case("multi_all_constant", np.column_stack([np.full(6, 1.0), np.full(6, 4.0)]),
                      np.column_stack([np.arange(6.0), np.full(6, 4.0)]),
                      note="every output constant: variance_weighted falls back to uniform"))

    # Ties for the median: integer data, even and odd n, integer weights that
    # land the cumulative weight exactly on half the total.
    yt = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0])
    pt = yt + np.array([1.0, -1.0, 2.0, 2.0, -3.0, 1.0, 0.0, 2.0])
    cases.append(case("median_ties_even", yt, pt, note="abs errors 1,1,2,2,3,1,0,2"))
    cases.append(case("median_ties_even_weighted", yt, pt, np.array([1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 3.0, 1.0]),
                      note="integer weights, cumulative weight hits half the total exactly"))
    cases.append(case("median_ties_odd", yt[:7], pt[:7], note="odd n"))
    cases.append(case("median_zero_weights", yt, pt, np.array([1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 2.0]),
                      note="zero weights next to the median"))
    cases.append(case("median_weighted_between", yt, pt, np.array([0.5, 0.25, 2.0, 1.0, 0.75, 0.5, 1.5, 0.5]),
                      note="the half-weight falls inside a value"))

    # Zeros in targets for MAPE (epsilon guard).
    yz = np.array([0.0, 1.0, -2.0, 0.0, 3.5, 10.0])
    pz = np.array([0.5, 1.1, -1.0, 0.0, 3.0, 12.0])
    cases.append(case("mape_zero_targets", yz, pz, note="two zero targets"))
    cases.append(case("mape_zero_targets_weighted", yz, pz, np.array([1.0, 2.0, 0.5, 1.0, 0.0, 3.0])))

    # Two samples (smallest n for R2) and one sample (R2 undefined: NaN).
    cases.append(case("two_samples", [1.0, 3.0], [1.5, 2.0]))
    single = case("one_sample", [1.0], [1.5], note="r2 is NaN for n < 2")
    cases.append(single)

    # Large magnitudes where scikit-learn itself is still finite.
    yl = rng.normal(0, 1, 30) * 1e150
    pl = yl + rng.normal(0, 1, 30) * 1e149
    cases.append(case("large_1e150", yl, pl, note="values near 1e150 (squares near 1e300)"))

    doc = {
        "generated_by": "scripts/generate_metric_fixtures.py",
        "note": "GENERATED FILE, do not edit. Inputs are output columns; expected values from scikit-learn.",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "cases": cases,
    }
    # How far scikit-learn itself is from the exactly rounded values.
    worst = {}
    for c in cases:
        e, x = c["expected"], c["exact"]
        for key in ("mse", "rmse", "mae", "mape", "r2", "explained_variance"):
            for a, b in zip(e[key]["raw_values"], x[key]):
                if isinstance(a, float) and isinstance(b, float) and b != 0:
                    rel = abs(a - b) / abs(b)
                    if rel > worst.get(key, (0, ""))[0]:
                        worst[key] = (rel, c["name"])
    for key, (rel, where) in sorted(worst.items()):
        print(f"scikit-learn vs exact, {key}: worst relative error {rel:.2e} ({where})")
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
