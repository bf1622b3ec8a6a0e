#!/usr/bin/env python3
"""Linear support-vector regression side by side, in one run, on the same data:
scikit-learn's LinearSVR (LIBLINEAR) and LossKit's LinearSupportVectorRegression.

    python3 bench/compare_linear_svr.py                      # 100000 x 50
    python3 bench/compare_linear_svr.py --shape 20000x20 --repetitions 3

Data (seed 20261313): X has N(0, 1) entries (n x p, saved Fortran-order to
bench/data/, git-ignored), y = 0.5 + X beta + N(0, 1), beta ~ U(-2, 2).

Problems (C = 1, tol = 1e-4 and max_iter = 1000: scikit-learn's defaults):
- L2 loss, epsilon = 0: scikit-learn LinearSVR(loss="squared_epsilon_insensitive",
  dual=False) = LIBLINEAR's primal trust-region Newton method (-s 11);
  LossKit .trustRegionNewton (what .automatic picks).
- L1 loss, epsilon = 0: scikit-learn LinearSVR(loss="epsilon_insensitive",
  dual=True) = LIBLINEAR's dual coordinate descent (-s 13), which on these
  data stops at its iteration limit; LossKit .automatic, i.e. Newton on the
  smoothed primal, stopping on the relative duality gap <= tol.
Both with the intercept penalized as LIBLINEAR does (intercept_scaling = 1,
LossKit penalizeIntercept), so that the objectives are the same function:
P = 1/2 (|w|^2 + b^2) + C sum l(r_i), computed here in float64 for both from
their coefficients. LossKit's default (unpenalized intercept) is run too and
its objective without the b^2 term printed (it must be <= scikit-learn's P).

Timing: wall seconds, best and median of --repetitions fits after one
warm-up (scikit-learn's slow L1 fit: --slow-repetitions fits, no warm-up);
LossKit's fits run in Benchmarks/losskit-bench-io (its own timer around
LinearSupportVectorRegression.fit, data already in memory). Ratio = peer best /
LossKit best (> 1: LossKit is faster).
"""
import argparse
import statistics
import sys
import time
import warnings

sys.path.insert(0, __import__("os").path.dirname(__file__))
import _common  # noqa: E402

_common.reexec_without_blas_overrides()

import numpy as np  # noqa: E402

SEED = 20261313


def make_data(n, p):
    rng = np.random.default_rng(SEED)
    X = np.asfortranarray(rng.standard_normal((n, p)))
    beta = rng.uniform(-2, 2, p)
    y = 0.5 + X @ beta + rng.standard_normal(n)
    _common.DATA.mkdir(parents=True, exist_ok=True)
    xp, yp = _common.DATA / f"linear_svr_{n}x{p}_X.npy", _common.DATA / f"linear_svr_{n}x{p}_y.npy"
    np.save(xp, X)
    np.save(yp, y)
    return X, y, xp, yp


def objective(X, y, coef, intercept, C, eps, loss, penalized):
    r = y - X @ coef - intercept
    excess = np.maximum(np.abs(r) - eps, 0.0)
    value = excess.sum() if loss == "l1" else (excess * excess).sum()
    return 0.5 * (coef @ coef + (intercept * intercept if penalized else 0.0)) + C * value


def time_sklearn(X, y, loss, dual, C, repetitions, warmup):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVR
    seconds, model, warned = [], None, False
    for k in range(warmup + repetitions):
        m = LinearSVR(loss="epsilon_insensitive" if loss == "l1" else "squared_epsilon_insensitive",
                      dual=dual, C=C, epsilon=0.0, tol=1e-4, max_iter=1000, random_state=0)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            t0 = time.perf_counter()
            m.fit(X, y)
            elapsed = time.perf_counter() - t0
        warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
        if k >= warmup:
            seconds.append(elapsed)
        model = m
    return min(seconds), statistics.median(seconds), model, warned


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", default="100000x50")
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--slow-repetitions", type=int, default=1)
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--losses", default="l2,l1",
                    help="comma-separated subset of l2,l1 to run (l1: scikit-learn's fit takes ~50 s)")
    args = ap.parse_args()
    n, p = map(int, args.shape.split("x"))
    tool = _common.build_tool(args.skip_build)
    for line in _common.machine_report():
        print(line)
    import sklearn
    print(f"scikit-learn {sklearn.__version__}")
    X, y, xp, yp = make_data(n, p)
    print(f"data: {n} x {p}, y = 0.5 + X beta + N(0, 1); C = 1, epsilon = 0, tol = 1e-4, max_iter = 1000\n")

    rows = []
    cases = [("l2", False, "primal"), ("l1", True, "automatic")]
    wanted = set(args.losses.split(","))
    for loss, dual, solver in [case for case in cases if case[0] in wanted]:
        slow = loss == "l1"
        reps = args.slow_repetitions if slow else args.repetitions
        sk_best, sk_median, sk, warned = time_sklearn(X, y, loss, dual, 1.0, reps, 0 if slow else 1)
        sk_obj = objective(X, y, sk.coef_, sk.intercept_[0], 1.0, 0.0, loss, True)
        results = {}
        for penalized in (True, False):
            coef_path = _common.DATA / f"linear_svr_coef_{loss}_{int(penalized)}.npy"
            flags = ["--penalize-intercept"] if penalized else []
            out = _common.run_tool(tool, "linear-svr", "--x", xp, "--y", yp, "--loss", loss, "--solver", solver,
                                   "--tol", "1e-4", "--max-iter", "1000", "--coef-out", coef_path,
                                   "--warmup", 1, "--repetitions", args.repetitions, *flags)[0]
            c = np.load(coef_path)
            out["objective"] = objective(X, y, c[1:], c[0], 1.0, 0.0, loss, penalized)
            results[penalized] = out
        lk = results[True]
        rows.append([
            f"{loss.upper()} loss, penalized b",
            f"sklearn dual={dual}: {sk_best:.3f} / {sk_median:.3f} s, n_iter {int(np.max(sk.n_iter_))}"
            + (" (hit max_iter)" if warned else ""),
            f"LossKit {lk['solver']}: {lk['best_s']:.3f} / {lk['median_s']:.3f} s, {lk['iterations']} it"
            + ("" if lk["converged"] else " (not converged)"),
            f"{sk_best / lk['best_s']:.1f}",
            f"{sk_obj:.8g}", f"{lk['objective']:.8g}", f"{(sk_obj - lk['objective']) / sk_obj:+.2e}",
        ])
        un = results[False]
        rows.append([
            f"{loss.upper()} loss, unpenalized b", "",
            f"LossKit {un['solver']}: {un['best_s']:.3f} / {un['median_s']:.3f} s, {un['iterations']} it"
            + ("" if un["converged"] else " (not converged)"),
            f"{sk_best / un['best_s']:.1f}", "", f"{un['objective']:.8g}",
            f"{(sk_obj - un['objective']) / sk_obj:+.2e}",
        ])
    _common.print_table(["problem", "scikit-learn (best / median)", "LossKit (best / median)", "ratio",
                         "P sklearn", "P LossKit", "(P_sk - P_LK)/P_sk"], rows)
    print("\nratio = scikit-learn best / LossKit best (> 1: LossKit faster). P: objective at each solution,"
          " computed here; a positive last column means LossKit's objective is lower (better).")


if __name__ == "__main__":
    main()
