#!/usr/bin/env python3
"""Robust linear regression side by side, in one run, on the same data: Huber
and exact L1 (least absolute deviations) fits by LossKit, statsmodels and
scikit-learn.

    python3 bench/compare_robust.py                    # 100000x20 and 1000000x20
    python3 bench/compare_robust.py --shapes 20000x10 --repetitions 5

For each shape n x p (seed 20261126): X has N(0, 1) entries and
y = 1.5 + X beta + N(0, 1) noise; 5 % of the rows get gross outliers in y
(+50·|N(0, 1)|), and a tenth of those rows (0.5 % of all) are also made
high-leverage bad points (their x row times 10, y left as it was). X is saved
to bench/data/ as a column-major (Fortran-order) .npy file (git-ignored),
which LossKit's column-major Matrix reads without a copy. Every fit has an
intercept (LossKit's default; statsmodels gets add_constant(X), built once
outside the timing).

Huber (delta 1.345 scale units):
- LossKit `RobustLinearRegression(loss: .huber())`: IRLS with the MAD scale.
- statsmodels `RLM(y, add_constant(X), M=HuberT(t=1.345)).fit()` (tol 1e-8 on
  the deviance, maxiter 50): the same estimator, the same IRLS.
- scikit-learn `HuberRegressor(epsilon=1.345, alpha=0, max_iter=1000)`: a
  different estimator. It estimates the scale jointly with the coefficients
  (Owen's concomitant objective) by L-BFGS, so its coefficients differ from
  the MAD-scale fit; their difference is printed for information only.

L1 (median regression):
- LossKit `RobustLinearRegression(loss: .leastAbsoluteDeviation)`: IRLS, then
  a simplex refinement to the exact LP vertex (certified: isExactVertex).
- statsmodels `QuantReg(y, add_constant(X)).fit(q=0.5)`: IRLS, approximate
  (stops when the coefficients move < 1e-6); its fit() also computes the
  robust covariance, which is part of the time.
- scikit-learn `QuantileRegressor(quantile=0.5, alpha=0, solver="highs")`: the
  exact LP by HiGHS. Its LP has 2n + 2(p + 1) variables and may be slow and
  memory-hungry, so it runs only where n <= --lp-max-rows.
For every L1 fit the objective sum|y - b - X w| is compared with LossKit's:
"objective ratio" = peer / LossKit (LossKit claims the LP optimum, so every
ratio should be >= 1 up to ~1e-12).

Timing: each implementation is called once; if that call took longer than
--slow-seconds, it counts as the first of --slow-repetitions timed calls (no
warm-up: "runs" says 0+k); otherwise it is the warm-up, followed by
--repetitions timed calls (at least --warmup warm-up calls in all; "runs"
says w+k). LossKit's fits run in losskit-bench-io with --warmup and
--repetitions, or, when its first probe fit exceeded --slow-seconds, 0 and
--slow-repetitions. Printed: best and median seconds, peer best / LossKit
best (> 1: LossKit is faster), iterations (LossKit: IRLS steps + simplex
pivots), the largest coefficient difference from LossKit's relative to
LossKit's largest coefficient, max|b - b_LossKit| / max|b_LossKit| (intercept
included), and the L1 objective ratio.
"""
import argparse
import math
import sys
import warnings

sys.path.insert(0, __import__("os").path.dirname(__file__))
import _common  # noqa: E402

_common.reexec_without_blas_overrides()

import numpy as np  # noqa: E402

SEED = 20261126
HUBER_T = 1.345


def make_data(n, p):
    rng = np.random.default_rng(SEED)
    X = np.asfortranarray(rng.standard_normal((n, p)))
    beta = rng.uniform(-2.0, 2.0, p)
    y = 1.5 + X @ beta + rng.standard_normal(n)
    outliers = rng.choice(n, size=n // 20, replace=False)
    y[outliers] += 50.0 * np.abs(rng.standard_normal(outliers.size))
    leverage = outliers[: outliers.size // 10]
    X[leverage, :] *= 10.0
    xp, yp = _common.save_pair(f"robust_{n}x{p}", X, y)
    del X, y
    return np.load(xp), np.load(yp), (xp, yp), outliers.size, leverage.size


def peers(X, Xc, y, n, lp_max_rows):
    """(name, loss, fit) where fit() returns (coefficients with intercept first, iterations)."""
    # statsmodels.api itself does not import with statsmodels 0.14.5 and pandas 3
    # (its tsa module calls pandas' deprecate_kwarg the old way); the models do.
    from statsmodels.regression.quantile_regression import QuantReg
    from statsmodels.robust.norms import HuberT
    from statsmodels.robust.robust_linear_model import RLM
    from sklearn.linear_model import HuberRegressor, QuantileRegressor

    def rlm():
        res = RLM(y, Xc, M=HuberT(t=HUBER_T)).fit()
        return np.asarray(res.params), res.fit_history["iteration"]

    def sk_huber():
        m = HuberRegressor(epsilon=HUBER_T, alpha=0.0, max_iter=1000).fit(X, y)
        return np.concatenate([[m.intercept_], m.coef_]), m.n_iter_

    def quantreg():
        res = QuantReg(y, Xc).fit(q=0.5)
        return np.asarray(res.params), res.iterations

    def sk_quantile():
        m = QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs").fit(X, y)
        return np.concatenate([[m.intercept_], m.coef_]), m.n_iter_

    out = [
        ("statsmodels RLM(HuberT(1.345))", "huber", rlm),
        ("scikit-learn HuberRegressor [joint scale]", "huber", sk_huber),
        ("statsmodels QuantReg(q=0.5) [IRLS]", "l1", quantreg),
    ]
    if n <= lp_max_rows:
        out.append(('scikit-learn QuantileRegressor(highs) [LP]', "l1", sk_quantile))
    return out


def time_adaptive(fn, args):
    """(best, median, runs label, last result): see _common.time_adaptive."""
    return _common.time_adaptive(fn, args.slow_seconds, args.slow_repetitions, args.warmup, args.repetitions)


def run_losskit(tool, loss, xp, yp, coef_path, args):
    def call(warmup, repetitions):
        (line,) = _common.run_tool(tool, "robust", "--x", xp, "--y", yp, "--loss", loss,
                                   "--warmup", warmup, "--repetitions", repetitions, "--coef-out", coef_path)
        return line
    probe = call(0, 1)
    if probe["best_s"] > args.slow_seconds:
        line = probe if args.slow_repetitions == 1 else call(0, args.slow_repetitions)
        runs = f"0+{line['repetitions']}"
    else:
        line = call(args.warmup, args.repetitions)
        runs = f"{args.warmup}+{line['repetitions']}"
    return line, runs, np.load(coef_path)


def l1_objective(Xc, y, coef):
    return math.fsum(np.abs(y - Xc @ coef))


def ratio_text(ratio):
    """A ratio near 1 as `1 ± d` so that 1e-14 differences stay visible."""
    d = ratio - 1.0
    return "1" if d == 0 else f"1 {'+' if d > 0 else '-'} {abs(d):.1e}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shapes", nargs="+", default=["100000x20", "1000000x20"])
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--slow-seconds", type=float, default=10.0,
                    help="a first call slower than this is timed, not a warm-up (default 10)")
    ap.add_argument("--slow-repetitions", type=int, default=1,
                    help="timed calls of an implementation whose first call was slow (default 1)")
    ap.add_argument("--lp-max-rows", type=int, default=100000,
                    help="run scikit-learn's HiGHS QuantileRegressor only where n <= this (default 100000)")
    ap.add_argument("--skip-build", action="store_true", help="use the existing losskit-bench-io")
    args = ap.parse_args()
    if args.repetitions < 1 or args.slow_repetitions < 1:
        ap.error("--repetitions and --slow-repetitions must be >= 1")
    tool = _common.build_tool(args.skip_build)

    import scipy
    import sklearn
    import statsmodels
    from statsmodels.tools.tools import add_constant
    print("\n".join(_common.machine_report()))
    print(f"scipy {scipy.__version__}, scikit-learn {sklearn.__version__}, statsmodels {statsmodels.__version__}")
    print(f"warmup {args.warmup}, repetitions {args.repetitions}; a first call > {args.slow_seconds:g} s "
          f"is timed, then {args.slow_repetitions} timed call(s) in all, no warm-up; "
          f"HiGHS LP only where n <= {args.lp_max_rows}; seed {SEED}")

    for shape in args.shapes:
        n, p = map(int, shape.lower().split("x"))
        X, y, (xp, yp), n_out, n_lev = make_data(n, p)
        Xc = add_constant(X, prepend=True)
        results = {}   # loss -> list of (name, best, median, runs, iterations, coef)
        notes = []

        for loss in ("huber", "l1"):
            line, runs, coef = run_losskit(tool, loss, xp, yp, _common.DATA / f"robust_{n}x{p}_coef_{loss}.npy", args)
            its = f"{line['iterations']} + {line['vertexPivots']} piv" if loss == "l1" else str(line["iterations"])
            results[loss] = [(f"LossKit {line['label']}", line["best_s"], line["median_s"], runs, its, coef)]
            notes.append(f"LossKit {loss}: stopReason {line['stopReason']}, isExactVertex "
                         f"{bool(line['isExactVertex'])}, scale {line['scale']:.6g}, "
                         f"{line['iterations']} IRLS steps, {line['vertexPivots']} simplex pivots")

        for name, loss, fn in peers(X, Xc, y, n, args.lp_max_rows):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                best, median, runs, (coef, its) = time_adaptive(fn, args)
            for w in {(w.category.__name__, str(w.message).splitlines()[0]) for w in caught}:
                notes.append(f"{name}: {w[0]}: {w[1]}")
            results[loss].append((name, best, median, runs, str(its), coef))
        if n > args.lp_max_rows:
            notes.append(f"scikit-learn QuantileRegressor(highs) not run: n = {n} > --lp-max-rows {args.lp_max_rows}")

        print(f"\n## n x p = {n} x {p} ({X.nbytes / 1e6:.0f} MB of X); "
              f"{n_out} y outliers, {n_lev} of them high-leverage rows")
        rows = []
        for loss, entries in results.items():
            lk_name, lk_best, _, _, _, lk_coef = entries[0]
            scale = np.max(np.abs(lk_coef))
            lk_obj = l1_objective(Xc, y, lk_coef) if loss == "l1" else None
            for name, best, median, runs, its, coef in entries:
                diff = np.max(np.abs(coef - lk_coef)) / scale
                obj = ratio_text(l1_objective(Xc, y, coef) / lk_obj) if loss == "l1" else ""
                rows.append([name, loss, f"{best:.3f}", f"{median:.3f}", runs,
                             f"{best / lk_best:.2f}", its, "" if name == lk_name else f"{diff:.1e}", obj])
            if loss == "l1":
                notes.append(f"LossKit L1 objective sum|r| = {lk_obj:.17g}")
        _common.print_table(["implementation", "loss", "best s", "median s", "runs", "peer/LossKit",
                             "iterations", "coef rel. diff vs LossKit", "L1 objective ratio"], rows)
        for note in notes:
            print(f"  {note}")
        del X, Xc, y


if __name__ == "__main__":
    main()
